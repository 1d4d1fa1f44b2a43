"""Rankings by service hours (志愿时长排行): per team and year, the volunteers with the most minutes."""

from django.db.models import Exists, F, OuterRef, Sum, Window
from django.db.models.functions import RowNumber

from .models import HourRecord, Team, Volunteer

PLACES = 10


def records_of_year(year: int):
    """The standing records checked in during the year (any team's)."""
    return HourRecord.objects.standing().filter(checked_in_at__year=year)


def teams_with_hours(user, year: int):
    """The teams a person sees that have service recorded in the year, by name."""
    return (
        Team.objects.visible_to(user)
        .filter(Exists(records_of_year(year).filter(activity__team=OuterRef("pk"))))
        .select_related("unit")
        .order_by("name", "pk")
    )


def top_volunteers(teams, year: int, places: int = PLACES) -> dict[int, list[dict]]:
    """For each of `teams` (a page of them), its `places` volunteers with the most minutes in the year, most first
    (ties by volunteer key): {team key: [{"volunteer": Volunteer, "minutes", "hours"}, …]}. Ranked in the database
    (a window over the sums), so only the places shown leave it, and only their volunteers are read."""
    ranked = list(
        records_of_year(year)
        .filter(activity__team__in=[team.pk for team in teams])
        .values("activity__team", "volunteer")
        .annotate(served=Sum("minutes"))
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=F("activity__team"),
                order_by=[F("served").desc(), F("volunteer").asc()],
            )
        )
        .filter(place__lte=places)
        .order_by("activity__team", "place")
    )
    volunteers = Volunteer.objects.only("number", "name_masked").in_bulk({row["volunteer"] for row in ranked})
    tables: dict[int, list[dict]] = {}
    for row in ranked:
        tables.setdefault(row["activity__team"], []).append(
            {
                "volunteer": volunteers[row["volunteer"]],
                "minutes": row["served"],
                "hours": round(row["served"] / 60, 1),
            }
        )
    return tables
