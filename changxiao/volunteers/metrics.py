"""Figures of the culture volunteers for the assessment and the cockpit (core.metrics), per jurisdiction and year,
each computed from the rows of its records page, and the statistics the civil-affairs annual report asks for."""

from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from changxiao.core.deadlines import local_today
from changxiao.core.metrics import Metric, MetricValue, records_url, register_metric
from changxiao.orgs.choices import UnitKind
from changxiao.orgs.models import Unit
from changxiao.orgs.scope import within

from .choices import ActivityState
from .models import Activity, ServiceYear, Volunteer

PER_10K = "volunteers.per_10k"
ACTIVE = "volunteers.active"
HOURS_PER_VOLUNTEER = "volunteers.hours_per_volunteer"
ACTIVITIES_PER_VENUE = "volunteers.activities_per_venue"
CODES = (PER_10K, ACTIVE, HOURS_PER_VOLUNTEER, ACTIVITIES_PER_VENUE)


def counting_day(year: int) -> date:
    return min(local_today(), date(year, 12, 31))


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


def registered(region, year: int, user=None):
    """The volunteers living in the region, registered by the counting day."""
    rows = Volunteer.objects.all() if user is None else Volunteer.objects.visible_to(user)
    return rows.filter(
        within(region, "region__path", indexed=True), registered_at__lte=_end_of(counting_day(year))
    )


def _minutes_of_year(year: int):
    """A volunteer's counted minutes of the year, for a query of volunteers (0 for none)."""
    kept = ServiceYear.objects.filter(volunteer=OuterRef("pk"), year=year).values("minutes")[:1]
    return Coalesce(Subquery(kept), 0)


def active(region, year: int, user=None):
    """Registered volunteers of the region with service minutes counted in the year."""
    return registered(region, year, user).filter(
        Exists(ServiceYear.objects.filter(volunteer=OuterRef("pk"), year=year, minutes__gt=0))
    )


def held_activities(region, year: int, user=None):
    rows = Activity.objects.all() if user is None else Activity.objects.visible_to(user)
    return rows.filter(
        within(region, "team__unit__region__path"),
        starts_at__year=year,
        state__in=[ActivityState.OPEN, ActivityState.CLOSED],
    )


def venues(region):
    return Unit.objects.active().filter(within(region, "region__path"), kind=UnitKind.VENUE)


def _ratio(numerator, denominator, scale=1, places="0.01") -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) * scale / denominator).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def per_10k(subject, year: int, user=None) -> MetricValue:
    url = records_url("volunteers:metric_records", subject, year, PER_10K)
    count = registered(subject, year, user).count()
    population = subject.population(year)
    return MetricValue(
        value=_ratio(count, population, 10000), numerator=count, denominator=population, records_url=url
    )


def active_count(subject, year: int, user=None) -> MetricValue:
    url = records_url("volunteers:metric_records", subject, year, ACTIVE)
    count = active(subject, year, user).count()
    return MetricValue(value=Decimal(count), numerator=count, records_url=url)


def hours_per_volunteer(subject, year: int, user=None) -> MetricValue:
    url = records_url("volunteers:metric_records", subject, year, HOURS_PER_VOLUNTEER)
    volunteers = registered(subject, year, user)
    count = volunteers.count()
    # The hours of the volunteers counted (those the person sees): the rows of the records page, summed.
    kept = ServiceYear.objects.filter(year=year, volunteer__in=volunteers.values("pk"))
    minutes = kept.aggregate(total=Sum("minutes"))["total"] or 0
    hours = int(minutes // 60)
    return MetricValue(
        value=_ratio(minutes, count * 60 if count else 0, 1, "0.1"),
        numerator=hours,
        denominator=count,
        records_url=url,
    )


def activities_per_venue(subject, year: int, user=None) -> MetricValue:
    url = records_url("volunteers:metric_records", subject, year, ACTIVITIES_PER_VENUE)
    count = held_activities(subject, year, user).count()
    venue_count = venues(subject).count()
    return MetricValue(
        value=_ratio(count, venue_count, 1, "0.1"), numerator=count, denominator=venue_count, records_url=url
    )


def rows(code: str, region, year: int, user):
    """The records a figure counts, for its records page."""
    if code in (PER_10K, HOURS_PER_VOLUNTEER, ACTIVE):
        volunteers = active(region, year, user) if code == ACTIVE else registered(region, year, user)
        return (
            volunteers.select_related("region")
            .annotate(year_minutes=_minutes_of_year(year))
            .order_by("number")
        )
    counts = dict(
        held_activities(region, year, user).values_list("team__unit").annotate(n=Count("pk")).order_by()
    )
    listed = list(venues(region).select_related("region").order_by("name"))
    for venue in listed:
        venue.held = counts.get(venue.pk, 0)
    return listed


def annual_statistics(region, year: int) -> dict:
    """The civil-affairs annual report's volunteer figures (表12, 表14): registered volunteers, their share of the
    resident population, the hours in all and this year's."""
    count = registered(region, year).count()
    population = region.population(year)
    # Both sums in one pass over the kept minutes of the region's volunteers (a row per volunteer and year), matched
    # on the region's keys.
    kept = ServiceYear.objects.filter(within(region, "region__path", indexed=True))
    minutes = kept.aggregate(total=Sum("minutes"), year=Sum("minutes", filter=Q(year=year)))
    all_minutes, year_minutes = minutes["total"] or 0, minutes["year"] or 0
    return {
        "registered": count,
        "share_of_residents": _ratio(count * 100, population, 1, "0.01"),
        "population": population,
        "hours_total": round(all_minutes / 60, 1),
        "hours_year": round(year_minutes / 60, 1),
    }


register_metric(
    Metric(
        code=PER_10K,
        name=_("Registered culture volunteers per 10,000 residents"),
        unit_of_measure=pgettext_lazy("unit of measure", "per 10,000 residents"),
        description=_(
            "Culture volunteers living in the jurisdiction registered by the year's last day (today for the current "
            "year), per 10,000 of the year's resident population; no figure where no population is recorded."
        ),
        compute=per_10k,
        subjects=("region",),
    )
)
register_metric(
    Metric(
        code=ACTIVE,
        name=_("Active culture volunteers"),
        unit_of_measure=_("persons"),
        description=_(
            "Registered culture volunteers of the jurisdiction with service hours recorded in the year."
        ),
        compute=active_count,
        subjects=("region",),
        additive=True,
    )
)
register_metric(
    Metric(
        code=HOURS_PER_VOLUNTEER,
        name=_("Service hours per registered volunteer"),
        unit_of_measure=_("hours"),
        description=_(
            "Service hours recorded in the year (standing records, check-out done) of the jurisdiction's volunteers, "
            "divided by its registered volunteers."
        ),
        compute=hours_per_volunteer,
        subjects=("region",),
    )
)
register_metric(
    Metric(
        code=ACTIVITIES_PER_VENUE,
        name=_("Volunteer activities per venue"),
        unit_of_measure=_("activities"),
        description=_(
            "Volunteer activities published by the jurisdiction's teams starting in the year (not cancelled), per "
            "active venue of the jurisdiction."
        ),
        compute=activities_per_venue,
        subjects=("region",),
    )
)
