"""Figures the funding guarantees publish for the assessment and the cockpit (core.metrics), per jurisdiction and
year, each computed from the rows its records page lists: the share of the funding rules met, per-capita culture
spending, and the growth of culture spending less the growth of regular revenue (points)."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from changxiao.core.metrics import Metric, MetricValue, records_url, register_metric

from . import rules
from .choices import CheckState, Stage
from .models import FiscalRecord, RuleCheck

RULES_MET = "funding.rules_met_rate"
PER_CAPITA = "funding.culture_per_capita"
GROWTH_DIFFERENCE = "funding.growth_difference"
CODES = (RULES_MET, PER_CAPITA, GROWTH_DIFFERENCE)


def check_rows(region, year: int, user=None) -> QuerySet[RuleCheck]:
    """The active rules' results for the jurisdiction and year that could be decided (met or not met)."""
    checks = RuleCheck.objects.all() if user is None else RuleCheck.objects.visible_to(user)
    return checks.filter(
        region=region, year=year, rule__is_active=True, state__in=[CheckState.MET, CheckState.NOT_MET]
    )


def record_rows(region, year: int, user=None) -> QuerySet[FiscalRecord]:
    """The current final accounts of the year and of the year before (the growth compares them)."""
    records = FiscalRecord.objects.all() if user is None else FiscalRecord.objects.visible_to(user)
    return records.current().filter(region=region, stage=Stage.FINAL, year__in=[year, year - 1])


def rules_met_rate(region, year: int, user=None) -> MetricValue:
    rows = check_rows(region, year, user)
    met = sum(1 for check in rows if check.state == CheckState.MET)
    return MetricValue.rate(met, len(rows), records_url("funding:metric_records", region, year, RULES_MET))


def culture_per_capita(region, year: int, user=None) -> MetricValue:
    record = record_rows(region, year, user).filter(year=year).first()
    value = record.culture_per_capita if record else None
    return MetricValue(
        value=value, records_url=records_url("funding:metric_records", region, year, PER_CAPITA)
    )


def growth_difference(region, year: int, user=None) -> MetricValue:
    records = {record.year: record for record in record_rows(region, year, user)}
    value = None
    if year in records and year - 1 in records:
        culture = rules.growth(records[year].culture_spending, records[year - 1].culture_spending)
        revenue = rules.growth(records[year].regular_revenue, records[year - 1].regular_revenue)
        if culture is not None and revenue is not None:
            value = (culture - revenue).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return MetricValue(
        value=value, records_url=records_url("funding:metric_records", region, year, GROWTH_DIFFERENCE)
    )


register_metric(
    Metric(
        code=RULES_MET,
        name=_("Funding rules met"),
        unit_of_measure="%",
        description=_(
            "Of the active funding rules whose result for the jurisdiction and year could be decided, the share met."
        ),
        compute=rules_met_rate,
        subjects=("region",),
    )
)
register_metric(
    Metric(
        code=PER_CAPITA,
        name=_("Per-capita culture spending"),
        unit_of_measure=_("yuan per resident"),
        description=_(
            "Culture spending (function class 207) of the year's final accounts divided by the resident population; "
            "none when the population is missing."
        ),
        compute=culture_per_capita,
        subjects=("region",),
    )
)
register_metric(
    Metric(
        code=GROWTH_DIFFERENCE,
        name=_("Culture spending growth less regular revenue growth"),
        unit_of_measure=_("points"),
        description=_(
            "The growth of culture spending over the previous year's final accounts less the growth of regular "
            "fiscal revenue, in percentage points; negative when culture spending grows more slowly."
        ),
        compute=growth_difference,
        subjects=("region",),
    )
)
