"""Figures the workforce publishes for the assessment (core.metrics), each computed from the rows of its records
page: 持证上岗率, the certified share of the posts that require a certificate."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from changxiao.core.deadlines import local_today
from changxiao.core.metrics import Metric, MetricValue, records_url, register_metric, subject_kind
from changxiao.orgs.models import Region, Unit
from changxiao.orgs.scope import within

from . import staffing, training
from .models import Post, SocialOrganization

CERTIFIED_RATE = "workforce.certified_rate"
TRAINING_RATE = "workforce.training_rate"
POST_COVERAGE = "workforce.post_coverage"
ORGANIZATIONS = "workforce.social_organizations"


def counting_day(year: int) -> date:
    """The day a year's figure is taken on: the year's last day, or today while the year runs."""
    return min(local_today(), date(year, 12, 31))


def required_posts(subject, year: int, user=None) -> QuerySet[Post]:
    """The posts held on the counting day whose role requires a certificate where they are, each with `has_gap`."""
    return (
        held_posts(subject, year, user)
        .with_certification(counting_day(year))
        .filter(requires_certificate=True)
    )


def held_posts(subject, year: int, user=None) -> QuerySet[Post]:
    """The posts held on the counting day in the subject (a unit, or the units of a jurisdiction)."""
    day = counting_day(year)
    posts = Post.objects.all() if user is None else Post.objects.visible_to(user)
    if subject_kind(subject) == "unit":
        posts = posts.filter(unit=subject)
    else:
        posts = posts.filter(within(subject, "unit__region__path"))
    return posts.held_on(day)


def training_rows(subject, year: int, user=None) -> list[dict]:
    """Each post held on the counting day with its holder's training days of the year and the standard of the
    unit's tier: the rows the training compliance rate counts."""
    held = held_posts(subject, year, user)
    posts = list(held.select_related("practitioner", "unit__region").order_by("unit__code", "pk"))
    days, standards = _days_and_standards(held, year)
    rows = []
    for post in posts:
        standard = standards[post.unit.region_id]
        had = days.get(post.practitioner_id, 0)
        rows.append({"post": post, "days": had, "standard": standard, "compliant": had >= standard.days})
    return rows


def _days_and_standards(held, year: int):
    """The training days of the year of the holders of the posts `held`, and the standards where the posts are: each
    read once, asked of the database by the posts' query (a city's 8,000 posts: no list of keys sent back)."""
    days = training.days_in_year(held.values("practitioner_id"), year)
    standards = training.standards_for(Region.objects.filter(pk__in=held.values("unit__region_id")))
    return days, standards


def training_rate(subject, year: int, user=None) -> MetricValue:
    """The share of training_rows that are compliant, counted from the posts' keys (a city's 8,000 posts were read
    as 33,000 objects with their holders' encrypted rows: 528 ms at issue 26's scale 1)."""
    held = held_posts(subject, year, user)
    days, standards = _days_and_standards(held, year)
    posts = list(held.values_list("practitioner_id", "unit__region_id"))
    compliant = sum(1 for holder, region in posts if days.get(holder, 0) >= standards[region].days)
    return MetricValue.rate(
        compliant, len(posts), records_url("workforce:metric_records", subject, year, TRAINING_RATE)
    )


def certified_rate(subject, year: int, user=None) -> MetricValue:
    posts = required_posts(subject, year, user)
    return MetricValue.rate(
        posts.filter(has_gap=False).count(),
        posts.count(),
        records_url("workforce:metric_records", subject, year, CERTIFIED_RATE),
    )


def coverage_rows(subject, year: int, user=None) -> list[staffing.UnitStaffing]:
    """The township stations and village centres of the subject with a post required on the counting day, each
    against its figures: the rows the post coverage counts."""
    units = Unit.objects.all() if user is None else Unit.objects.visible_to(user)
    if subject_kind(subject) == "unit":
        units, region = units.filter(pk=subject.pk), subject.region
    else:
        units, region = units.filter(within(subject, "region__path")), subject
    items = staffing.staffing_of(staffing.staffed_units(units), region, counting_day(year))
    return [item for item in items if item.needs]


def post_coverage(subject, year: int, user=None) -> MetricValue:
    return coverage_value(coverage_rows(subject, year, user), subject, year)


def coverage_value(rows: list[staffing.UnitStaffing], subject, year: int) -> MetricValue:
    """The post coverage of the coverage rows (coverage_rows)."""
    return MetricValue.rate(
        sum(1 for row in rows if row.covered),
        len(rows),
        records_url("workforce:metric_records", subject, year, POST_COVERAGE),
    )


def organization_rows(region, year: int, user=None) -> QuerySet[SocialOrganization]:
    """The organizations registered in the region by the counting day and not dissolved by then."""
    day = counting_day(year)
    organizations = (
        SocialOrganization.objects.all() if user is None else SocialOrganization.objects.visible_to(user)
    )
    return organizations.filter(
        within(region, "region__path"),
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day),
        registered_on__lte=day,
    )


def organizations_per_10k(subject, year: int, user=None) -> MetricValue:
    """Registered organizations per 10,000 residents of the year's population (orgs.Region.population); no value
    where no population is recorded — never a division by a missing figure."""
    url = records_url("workforce:metric_records", subject, year, ORGANIZATIONS)
    if subject_kind(subject) != "region":
        return MetricValue(value=None, records_url=url)
    count = organization_rows(subject, year, user).count()
    population = subject.population(year)
    if not population:
        return MetricValue(value=None, numerator=count, denominator=None, records_url=url)
    value = (Decimal(count) * 10000 / population).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return MetricValue(value=value, numerator=count, denominator=population, records_url=url)


register_metric(
    Metric(
        code=CERTIFIED_RATE,
        name=_("Certified practitioners (持证上岗率)"),
        unit_of_measure="%",
        description=_(
            "Share of the posts held on the year's last day (today for the current year) whose role requires a "
            "certificate where the unit is, held by a practitioner with a valid certificate of every kind required."
        ),
        compute=certified_rate,
    )
)
register_metric(
    Metric(
        code=TRAINING_RATE,
        name=_("Training standard met"),
        unit_of_measure="%",
        description=_(
            "Share of the posts held on the year's last day (today for the current year) whose holder had, in "
            "sessions starting that year, at least the training days the standard of the unit's tier requires "
            "(county level and above, or township and village; set per zone, else the shipped default)."
        ),
        compute=training_rate,
    )
)
register_metric(
    Metric(
        code=POST_COVERAGE,
        name=_("Post coverage of township stations and village centres"),
        unit_of_measure="%",
        description=_(
            "Share of the township comprehensive culture stations and village (community) centres, active on the "
            "year's last day (today for the current year), holding on that day at least the posts of each kind "
            "their staffing standard requires for the population they serve (set per zone, else the shipped "
            "default: one established post per station, one public-welfare post per village centre)."
        ),
        compute=post_coverage,
    )
)
register_metric(
    Metric(
        code=ORGANIZATIONS,
        name=_("Registered social organizations per 10,000 residents"),
        unit_of_measure=pgettext_lazy("unit of measure", "per 10,000 residents"),
        description=_(
            "Industry organizations and social groups in the registry, registered in the jurisdiction by the year's "
            "last day (today for the current year) and not dissolved by then, per 10,000 of the year's resident "
            "population; no figure where no population is recorded for the year."
        ),
        compute=organizations_per_10k,
        subjects=("region",),
    )
)
