"""Drill-down: the parts a jurisdiction's figure is made of — its sub-jurisdictions and the units placed directly in
it (a city's departments); below the township level, every unit inside — and their sum, which for an additive
metric (a count) is the jurisdiction's own figure and for a rate is recomputed from the parts' numerators and
denominators. The regions and units are those the person's cockpit reaches (permissions.cockpit_regions)."""

from dataclasses import dataclass
from decimal import Decimal

from changxiao.core.metrics import Metric, MetricValue
from changxiao.orgs.choices import RegionLevel
from changxiao.orgs.scope import within

from .figures import figures_for
from .models import MetricFigure
from .permissions import cockpit_regions, cockpit_units

# At and below these levels a jurisdiction's parts are the units inside it (villages are not drilled one by one).
UNIT_LEVELS = (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE)


def parts_of(user, region) -> tuple[list, list]:
    """(sub-jurisdictions, units) that make up the region's figures."""
    if region.level in UNIT_LEVELS:
        units = cockpit_units(user).filter(within(region)).select_related("region")
        return [], list(units.order_by("region__path", "sort_order", "code"))
    children = cockpit_regions(user).filter(parent=region).order_by("sort_order", "code")
    units = cockpit_units(user).filter(region=region).select_related("region").order_by("sort_order", "code")
    return list(children), list(units)


@dataclass
class Sum:
    value: Decimal | None
    numerator: int | None
    denominator: int | None


def sum_of_parts(metric: Metric, figures: list[MetricFigure]) -> Sum | None:
    """The parts added up: a count summed; a rate recomputed from the summed numerators and denominators; None for a
    figure that does not add up (an index, a per-capita ratio)."""
    if metric.additive:
        values = [f.value for f in figures if f.value is not None]
        total = sum(values, Decimal(0)) if values else None
        return Sum(total, None, None)
    if figures and all(f.denominator is not None for f in figures):
        numerator = sum(f.numerator or 0 for f in figures)
        denominator = sum(f.denominator for f in figures)
        return Sum(MetricValue.rate(numerator, denominator).value, numerator, denominator)
    return None


def drill(user, metric: Metric, region, year: int) -> dict:
    """The region's figure, each part's and their sum, in one read of the kept figures."""
    children, units = parts_of(user, region)
    subjects = [region, *children, *[u for u in units if "unit" in metric.subjects]]
    if "region" not in metric.subjects:
        subjects = subjects[1:]
        children = []
    found = figures_for([metric], subjects, year)
    whole = found.get((metric.code, "region", region.pk))
    rows = [(part, found[(metric.code, "region", part.pk)]) for part in children]
    rows += [(unit, found[(metric.code, "unit", unit.pk)]) for unit in units if "unit" in metric.subjects]
    return {
        "whole": whole,
        "rows": rows,
        "sum": sum_of_parts(metric, [figure for _part, figure in rows]),
    }
