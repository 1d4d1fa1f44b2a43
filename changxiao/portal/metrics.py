"""Figures the portal publishes (core.metrics), each computed from the rows of its records page: facilities that
publish complete hours, facilities keeping the opening rules, average weekly hours, activities and attendance per
10,000 residents — per jurisdiction and year."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from changxiao.core.deadlines import local_today
from changxiao.core.metrics import Metric, MetricValue, records_url, register_metric
from changxiao.orgs.scope import within

from . import hours
from .choices import ScheduleKind
from .models import Activity, Facility, RuleBreach, Schedule

HOURS_PUBLISHED = "portal.hours_published"
RULE_COMPLIANCE = "portal.rule_compliance"
WEEKLY_HOURS = "portal.weekly_hours"
ACTIVITIES = "portal.activities_per_10k"
ATTENDANCE = "portal.attendance_per_10k"
# What the opening hours are computed from (portal.hours): a schedule row's own fields, nothing else.
SCHEDULE_FIELDS = ("facility_id", "kind", "weekday", "opens", "closes", "valid_from", "valid_to")


def counting_day(year: int) -> date:
    return min(local_today(), date(year, 12, 31))


def _facilities(subject, user):
    facilities = (
        Facility.objects.published() if user is None else Facility.objects.visible_to(user).published()
    )
    return facilities.filter(within(subject, "region__path"))


def _figures(facilities, year: int) -> dict[int, dict]:
    """By facility key: whether it publishes its week's hours on the counting day, those hours, its count of standing
    breaches, and whether it keeps the rules — from its schedule rows read as plain rows with the fields the hours
    need, asked (with the breaches) by the facilities' own query, not by a list of their keys, and with no facility
    object: a city's 4,800 facilities and 29,000 schedule rows at issue 26's scale 1 took 800 ms as model objects
    prefetched by key."""
    day = counting_day(year)
    keys = facilities.values("pk")
    schedules: dict[int, list] = {key: [] for key in facilities.values_list("pk", flat=True).order_by()}
    for row in (
        Schedule.objects.current()
        .filter(facility__in=keys)
        .values_list(*SCHEDULE_FIELDS, named=True)
        .order_by()
    ):
        schedules.setdefault(row.facility_id, []).append(
            row
        )  # one published since its keys were read: counted
    standing = dict(
        RuleBreach.objects.standing()
        .filter(facility__in=keys)
        .values_list("facility_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    figures = {}
    for key, week in schedules.items():
        published = any(r.kind != ScheduleKind.HOLIDAY and hours._valid_on(r, day) for r in week)
        breaches = standing.get(key, 0)
        figures[key] = {
            "published": published,
            "weekly_hours": hours.weekly_hours(week, day) if published else 0,
            "standing": breaches,
            "compliant": not breaches and published,
        }
    return figures


def facility_rows(subject, year: int, user=None) -> list[dict]:
    """Each published facility of the jurisdiction with its figures (_figures): the rows the facility figures count,
    for their records page (four queries however many facilities)."""
    facilities = _facilities(subject, user)
    figures = _figures(facilities, year)
    ordered = facilities.select_related("region").order_by("region__path", "name", "pk")
    return [{"facility": facility} | figures[facility.pk] for facility in ordered if facility.pk in figures]


def _activities(subject, year: int, user=None):
    activities = Activity.objects.public() if user is None else Activity.objects.visible_to(user).current()
    return activities.filter(within(subject, "facility__region__path"), starts_at__year=year)


def activity_rows(subject, year: int, user=None):
    """The activities the per-10,000 figures count, for their records page."""
    return list(_activities(subject, year, user).select_related("facility").order_by("starts_at", "pk"))


def _per_10k(count: int, subject, year: int, url: str) -> MetricValue:
    population = subject.population(year)
    if not population:
        return MetricValue(value=None, numerator=count, records_url=url)
    value = (Decimal(count) * 10_000 / population).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return MetricValue(value=value, numerator=count, denominator=population, records_url=url)


def hours_published(subject, year: int, user=None) -> MetricValue:
    rows = list(_figures(_facilities(subject, user), year).values())
    return MetricValue.rate(
        sum(r["published"] for r in rows),
        len(rows),
        records_url("portal:metric_records", subject, year, HOURS_PUBLISHED),
    )


def rule_compliance(subject, year: int, user=None) -> MetricValue:
    rows = list(_figures(_facilities(subject, user), year).values())
    return MetricValue.rate(
        sum(r["compliant"] for r in rows),
        len(rows),
        records_url("portal:metric_records", subject, year, RULE_COMPLIANCE),
    )


def weekly_hours(subject, year: int, user=None) -> MetricValue:
    rows = [r for r in _figures(_facilities(subject, user), year).values() if r["published"]]
    url = records_url("portal:metric_records", subject, year, WEEKLY_HOURS)
    if not rows:
        return MetricValue(value=None, records_url=url)
    average = Decimal(str(sum(r["weekly_hours"] for r in rows) / len(rows))).quantize(
        Decimal("0.1"), ROUND_HALF_UP
    )
    return MetricValue(value=average, numerator=None, denominator=len(rows), records_url=url)


def activities_per_10k(subject, year: int, user=None) -> MetricValue:
    count = _activities(subject, year, user).count()
    return _per_10k(count, subject, year, records_url("portal:metric_records", subject, year, ACTIVITIES))


def attendance_per_10k(subject, year: int, user=None) -> MetricValue:
    attendance = _activities(subject, year, user).aggregate(total=Sum("attendance"))["total"] or 0
    return _per_10k(
        attendance, subject, year, records_url("portal:metric_records", subject, year, ATTENDANCE)
    )


METRICS = {
    HOURS_PUBLISHED: register_metric(
        Metric(
            code=HOURS_PUBLISHED,
            name=_("Facilities publishing their opening hours"),
            unit_of_measure="%",
            description=_(
                "Of the facilities published in the directory of the jurisdiction, the share with opening hours for "
                "the week of the counting day (the year's last day, or today) (保障法 art. 31 ¶4)."
            ),
            compute=hours_published,
            subjects=("region",),
        )
    ),
    RULE_COMPLIANCE: register_metric(
        Metric(
            code=RULE_COMPLIANCE,
            name=_("Facilities keeping the opening rules"),
            unit_of_measure="%",
            description=_(
                "Of the facilities published in the directory of the jurisdiction, the share with published hours "
                "and no standing breach of an opening rule."
            ),
            compute=rule_compliance,
            subjects=("region",),
        )
    ),
    WEEKLY_HOURS: register_metric(
        Metric(
            code=WEEKLY_HOURS,
            name=_("Average weekly opening hours"),
            unit_of_measure=_("hours"),
            description=_(
                "The average, over the facilities of the jurisdiction that publish hours, of their opening hours in "
                "the week of the counting day, public holidays aside."
            ),
            compute=weekly_hours,
            subjects=("region",),
        )
    ),
    ACTIVITIES: register_metric(
        Metric(
            code=ACTIVITIES,
            name=_("Activities per 10,000 residents"),
            unit_of_measure="",
            description=_(
                "Activities of the year at the facilities of the jurisdiction on the public calendar (cancelled ones "
                "aside), per 10,000 resident population of the year."
            ),
            compute=activities_per_10k,
            subjects=("region",),
        )
    ),
    ATTENDANCE: register_metric(
        Metric(
            code=ATTENDANCE,
            name=_("Attendance per 10,000 residents"),
            unit_of_measure="",
            description=_(
                "The attendance recorded at the year's activities of the jurisdiction, per 10,000 resident population "
                "of the year."
            ),
            compute=attendance_per_10k,
            subjects=("region",),
        )
    ),
}
RECORDS = {
    HOURS_PUBLISHED: facility_rows,
    RULE_COMPLIANCE: facility_rows,
    WEEKLY_HOURS: facility_rows,
    ACTIVITIES: activity_rows,
    ATTENDANCE: activity_rows,
}
