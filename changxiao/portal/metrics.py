"""Figures the portal publishes (core.metrics), each computed from the rows of its records page: facilities that
publish complete hours, facilities keeping the opening rules, average weekly hours, activities and attendance per
10,000 residents — per jurisdiction and year."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch
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


def counting_day(year: int) -> date:
    return min(local_today(), date(year, 12, 31))


def facility_rows(subject, year: int, user=None) -> list[dict]:
    """Each published facility of the jurisdiction with its week's hours on the counting day and its standing
    breaches: the rows the facility figures count (two queries however many facilities)."""
    day = counting_day(year)
    facilities = (
        Facility.objects.published() if user is None else Facility.objects.visible_to(user).published()
    )
    facilities = (
        facilities.filter(within(subject, "region__path"))
        .select_related("region")
        .prefetch_related(
            Prefetch("schedules", queryset=Schedule.objects.current(), to_attr="rows"),
            Prefetch("breaches", queryset=RuleBreach.objects.standing(), to_attr="standing"),
        )
        .order_by("region__path", "name", "pk")
    )
    rows = []
    for facility in facilities:
        week = [r for r in facility.rows if r.kind != ScheduleKind.HOLIDAY and hours._valid_on(r, day)]
        rows.append(
            {
                "facility": facility,
                "published": bool(week),
                "weekly_hours": hours.weekly_hours(facility.rows, day) if week else 0,
                "standing": facility.standing,
                "compliant": not facility.standing and bool(week),
            }
        )
    return rows


def activity_rows(subject, year: int, user=None):
    activities = Activity.objects.public() if user is None else Activity.objects.visible_to(user).current()
    return list(
        activities.filter(within(subject, "facility__region__path"), starts_at__year=year)
        .select_related("facility")
        .order_by("starts_at", "pk")
    )


def _per_10k(count: int, subject, year: int, url: str) -> MetricValue:
    population = subject.population(year)
    if not population:
        return MetricValue(value=None, numerator=count, records_url=url)
    value = (Decimal(count) * 10_000 / population).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return MetricValue(value=value, numerator=count, denominator=population, records_url=url)


def hours_published(subject, year: int, user=None) -> MetricValue:
    rows = facility_rows(subject, year, user)
    return MetricValue.rate(
        sum(r["published"] for r in rows),
        len(rows),
        records_url("portal:metric_records", subject, year, HOURS_PUBLISHED),
    )


def rule_compliance(subject, year: int, user=None) -> MetricValue:
    rows = facility_rows(subject, year, user)
    return MetricValue.rate(
        sum(r["compliant"] for r in rows),
        len(rows),
        records_url("portal:metric_records", subject, year, RULE_COMPLIANCE),
    )


def weekly_hours(subject, year: int, user=None) -> MetricValue:
    rows = [r for r in facility_rows(subject, year, user) if r["published"]]
    url = records_url("portal:metric_records", subject, year, WEEKLY_HOURS)
    if not rows:
        return MetricValue(value=None, records_url=url)
    average = Decimal(str(sum(r["weekly_hours"] for r in rows) / len(rows))).quantize(
        Decimal("0.1"), ROUND_HALF_UP
    )
    return MetricValue(value=average, numerator=None, denominator=len(rows), records_url=url)


def activities_per_10k(subject, year: int, user=None) -> MetricValue:
    rows = activity_rows(subject, year, user)
    return _per_10k(len(rows), subject, year, records_url("portal:metric_records", subject, year, ACTIVITIES))


def attendance_per_10k(subject, year: int, user=None) -> MetricValue:
    rows = activity_rows(subject, year, user)
    return _per_10k(
        sum(a.attendance or 0 for a in rows),
        subject,
        year,
        records_url("portal:metric_records", subject, year, ATTENDANCE),
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
