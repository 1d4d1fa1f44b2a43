"""The list queries of the organization, shared by the list pages, the roster document and the Excel exports
(exports.py): the same scoped, filtered rows everywhere."""

from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from .forms import PeopleFilterForm, RegionFilterForm, UnitFilterForm
from .models import Membership, PopulationRecord, Region, Unit


def count_of(queryset) -> Subquery:
    """A correlated COUNT(*) of queryset, for annotating list rows."""
    return Coalesce(
        Subquery(queryset.order_by().values(group=Value(1)).annotate(n=Count("*")).values("n")[:1]),
        0,
    )


def regions_for_list(user, params):
    latest_population = PopulationRecord.objects.filter(region=OuterRef("pk")).order_by("-year")
    # Subqueries rather than JOIN + GROUP BY: the paginator's COUNT then skips them, and only the rows of
    # one page compute them.
    queryset = (
        Region.objects.visible_to(user)
        .select_related("parent")
        .annotate(
            unit_count=count_of(Unit.objects.filter(region=OuterRef("pk"), is_active=True)),
            population_year=Subquery(latest_population.values("year")[:1]),
            population=Subquery(latest_population.values("resident")[:1]),
        )
    )
    return RegionFilterForm(params, user=user).filter(queryset).order_by("path")


def units_for_list(user, params):
    queryset = (
        Unit.objects.visible_to(user)
        .select_related("region", "parent")
        .annotate(
            member_count=count_of(
                Membership.objects.filter(unit=OuterRef("pk"), is_active=True, user__is_service_account=False)
            )
        )
    )
    return UnitFilterForm(params, user=user).filter(queryset).order_by("sort_order", "code")


def people_for_list(user, params):
    queryset = (
        Membership.objects.visible_to(user, indexed=True)
        .filter(is_active=True, unit__is_active=True, user__is_service_account=False)
        .select_related("user", "unit__region")
    )
    return (
        PeopleFilterForm(params, user=user)
        .filter(queryset)
        .order_by("unit__sort_order", "unit__code", "role", "user__username")
    )
