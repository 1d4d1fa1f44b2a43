"""The metric registry (DESIGN.md §4): each app publishes the named figures it can compute for a jurisdiction
(Region) or a unit and a year; the assessment and the cockpit read them here and import no app's models.

An app registers a metric in its ``metrics`` module::

    register_metric(Metric(code="targets.task_on_time_rate", name=_("…"), unit_of_measure="%",
                           compute=task_on_time_rate))

``compute(subject, year, user)`` returns a MetricValue whose ``records_url`` opens the very records the figure
was computed from. ``user`` scopes those records; None computes over everything (for scoring).
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class MetricValue:
    """A computed figure: ``value`` is None when there is nothing to compute it from (no data, not zero)."""

    value: Decimal | None
    numerator: int | None = None
    denominator: int | None = None
    records_url: str = ""

    @classmethod
    def rate(cls, numerator: int, denominator: int, records_url: str = "") -> "MetricValue":
        """A percentage, to one decimal, of numerator over denominator; no value when the denominator is 0."""
        value = None
        if denominator:
            value = (Decimal(100) * numerator / denominator).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        return cls(value=value, numerator=numerator, denominator=denominator, records_url=records_url)


@dataclass(frozen=True)
class Metric:
    code: str
    name: str
    unit_of_measure: str
    description: str
    compute: Callable[..., MetricValue]
    # Which subjects the metric is defined for: "region", "unit" or both.
    subjects: tuple[str, ...] = ("region", "unit")
    # A count whose figure for a jurisdiction is the sum of its parts' (the cockpit's drill-down adds them up); a
    # rate is not, and is recomputed from the parts' numerators and denominators instead.
    additive: bool = False

    def value_for(self, subject, year: int, user=None) -> MetricValue:
        return self.compute(subject, year, user)


_METRICS: dict[str, Metric] = {}


def register_metric(metric: Metric) -> Metric:
    if metric.code in _METRICS and _METRICS[metric.code] is not metric:
        raise ValueError(f"metric {metric.code} registered twice")
    _METRICS[metric.code] = metric
    return metric


def autodiscover() -> None:
    autodiscover_modules("metrics")


def all_metrics() -> list[Metric]:
    autodiscover()
    return sorted(_METRICS.values(), key=lambda m: m.code)


def get_metric(code: str) -> Metric:
    autodiscover()
    return _METRICS[code]


def subject_kind(subject) -> str:
    """ "region" or "unit", by the subject's model name, so that this module imports no app's models."""
    return subject._meta.model_name


def records_url(url_name: str, subject, year: int, *args) -> str:
    """The address of the page listing the records behind a figure for a subject and a year (read back by
    orgs.metric_subjects.records_context, which knows who may see the subject): `url_name` with `args`, then ?region=
    or ?unit= and ?year=."""
    return reverse(url_name, args=args) + "?" + urlencode({subject_kind(subject): subject.pk, "year": year})


def metric_year(params, default: int) -> int:
    """The ?year= of a metric page, within 2000–2100, else the default."""
    value = params.get("year", "")
    return int(value) if value.isdecimal() and 2000 <= int(value) <= 2100 else default
