"""The targets of the published figures, from the indicator sets (core.metric_targets): an indicator scored from a
metric holds its pass and excellence levels, whether more or less is better, and the text the levels come from."""

from django.db.models import F
from django.utils.translation import gettext as _

from changxiao.core.metric_targets import HIGHER, LOWER, MetricTarget, register_target_source

from .choices import Comparator
from .models import Indicator, IndicatorSet

DIRECTIONS = {Comparator.AT_LEAST: HIGHER, Comparator.AT_MOST: LOWER}


def indicator_targets(metric_codes: list[str], region) -> dict[str, MetricTarget]:
    """For each metric, the indicator in the set nearest the jurisdiction (its own or the one above, before a shipped
    one), in the set's latest version — every metric's in one query (one a metric made a cockpit 37 queries)."""
    indicators = (
        Indicator.objects.filter(
            metric_code__in=list(metric_codes),
            comparator__in=list(DIRECTIONS),
            pass_level__isnull=False,
            indicator_set__in=IndicatorSet.objects.applying_in(region),
        )
        .select_related("indicator_set")
        .order_by(F("indicator_set__owner__path").desc(nulls_last=True), "-indicator_set__version", "pk")
    )
    nearest: dict[str, Indicator] = {}
    for indicator in indicators:
        nearest.setdefault(indicator.metric_code, indicator)
    return {code: _target(indicator) for code, indicator in nearest.items()}


def _target(indicator: Indicator) -> MetricTarget:
    return MetricTarget(
        direction=DIRECTIONS[indicator.comparator],
        target=indicator.pass_level,
        excellent=indicator.excellent_level,
        source=indicator.citation,
        origin=_("%(set)s, indicator %(code)s")
        % {"set": indicator.indicator_set.name, "code": indicator.code},
        verified=indicator.verified,
    )


register_target_source(indicator_targets)
