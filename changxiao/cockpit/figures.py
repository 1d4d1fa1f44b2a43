"""The cockpit's figures: every metric of the registry for a jurisdiction or a unit and a year, read from the kept
figures (MetricFigure) and computed once when missing, each shown against its target with a red/yellow/green state.
A figure older than FRESH_FOR is shown grey with its time until the sweep (or the office) computes it again."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from changxiao.core.metric_targets import GREY, MetricTarget, target_for, targets_for
from changxiao.core.metrics import Metric, MetricValue, all_metrics, subject_kind

from .models import MetricFigure, Tile

# A figure computed longer ago than this is shown grey: the data may have moved since.
FRESH_FOR = timedelta(hours=2)


def _key(code: str, subject) -> tuple:
    return (code, subject_kind(subject), subject.pk)


def _store(
    metric: Metric, subject, year: int, value: MetricValue, figure: MetricFigure | None
) -> MetricFigure:
    fields = {
        # A count comes as an int: kept as the Decimal the column gives back, so a fresh figure reads like a kept one.
        "value": None if value.value is None else Decimal(value.value),
        "numerator": value.numerator,
        "denominator": value.denominator,
        "records_url": value.records_url[:300],
        "computed_at": timezone.now(),
    }
    if figure is not None:
        for name, field_value in fields.items():
            setattr(figure, name, field_value)
        figure.save(update_fields=list(fields))
        return figure
    kind = subject_kind(subject)
    figure = MetricFigure(metric_code=metric.code, year=year, **{kind: subject}, **fields)
    try:
        with transaction.atomic():
            figure.save()
    except IntegrityError:
        # Computed at the same moment by another request: theirs is as good.
        figure = MetricFigure.objects.get(metric_code=metric.code, year=year, **{kind: subject})
    return figure


def figure_compute(metric: Metric, subject, year: int, figure: MetricFigure | None = None) -> MetricFigure:
    """Compute the metric over every record (user None: the jurisdiction's whole figure) and keep it."""
    return _store(metric, subject, year, metric.value_for(subject, year, None), figure)


def figures_for(metrics: list[Metric], subjects: list, year: int) -> dict[tuple, MetricFigure]:
    """The kept figure of each metric for each subject, computing the missing ones: two queries when all are kept."""
    wanted = [(m, s) for s in subjects for m in metrics if subject_kind(s) in m.subjects]
    if not wanted:
        return {}
    codes = {m.code for m, _s in wanted}
    regions = [s.pk for s in subjects if subject_kind(s) == "region"]
    units = [s.pk for s in subjects if subject_kind(s) == "unit"]
    found = {}
    for kind, pks in (("region", regions), ("unit", units)):
        if pks:
            for figure in MetricFigure.objects.filter(
                metric_code__in=codes, year=year, **{f"{kind}_id__in": pks}
            ):
                found[(figure.metric_code, kind, getattr(figure, f"{kind}_id"))] = figure
    for metric, subject in wanted:
        if _key(metric.code, subject) not in found:
            found[_key(metric.code, subject)] = figure_compute(metric, subject, year)
    return found


def figures_refresh(*, subject, year: int, metrics: list[Metric] | None = None) -> int:
    """Compute again every kept figure of the subject for the year (the office's "compute now")."""
    metrics = [m for m in (metrics or all_metrics()) if subject_kind(subject) in m.subjects]
    kept = {
        f.metric_code: f for f in MetricFigure.objects.filter(year=year, **{subject_kind(subject): subject})
    }
    for metric in metrics:
        figure_compute(metric, subject, year, kept.get(metric.code))
    return len(metrics)


def is_stale(figure: MetricFigure) -> bool:
    return timezone.now() - figure.computed_at > FRESH_FOR


def tile_target(
    tile: Tile | None, metric: Metric, region, targets: dict[str, MetricTarget] | None = None
) -> MetricTarget | None:
    """The office's target for the tile when it set one, else the indicator sets' (core.metric_targets; `targets`:
    those already read for the region with targets_for)."""
    if tile is not None and tile.overrides_target:
        return MetricTarget(
            direction=tile.direction,
            target=tile.target,
            excellent=tile.excellent,
            source=tile.target_source,
            origin=_("Set by the office on this cockpit"),
        )
    if targets is not None:
        return targets.get(metric.code)
    return target_for(metric.code, region)


@dataclass
class TileView:
    metric: Metric
    figure: MetricFigure
    target: MetricTarget | None
    subject: object
    tile: Tile | None = None

    @property
    def value(self) -> Decimal | None:
        return self.figure.value

    @property
    def stale(self) -> bool:
        return is_stale(self.figure)

    @property
    def state(self) -> str:
        """green / yellow / red against the target; grey when there is no figure, no target or it is stale."""
        if self.target is None or self.stale:
            return GREY
        return self.target.state(self.figure.value)

    @property
    def target_state(self) -> str:
        """The state the figure has against its target, stale or not (a snapshot keeps it)."""
        return self.target.state(self.figure.value) if self.target else GREY


def subject_region(subject):
    return subject if subject_kind(subject) == "region" else subject.region


def tiles_for(
    subject, year: int, tiles: list[Tile] | None, metrics: list[Metric] | None = None
) -> list[TileView]:
    """The cockpit's tiles for a subject: those of the layout in its order (unknown metrics skipped: an app taken out
    of INSTALLED_APPS), or every metric of the registry defined for the subject when there is no layout."""
    registry = {m.code: m for m in (metrics or all_metrics())}
    kind = subject_kind(subject)
    if tiles is None:
        pairs = [(None, m) for m in registry.values() if kind in m.subjects]
    else:
        pairs = [(t, registry[t.metric_code]) for t in tiles if t.metric_code in registry]
        pairs = [(t, m) for t, m in pairs if kind in m.subjects]
    figures = figures_for([m for _t, m in pairs], [subject], year)
    region = subject_region(subject)
    targets = targets_for([m.code for _t, m in pairs], region)
    return [
        TileView(
            metric=m,
            figure=figures[_key(m.code, subject)],
            target=tile_target(t, m, region, targets),
            subject=subject,
            tile=t,
        )
        for t, m in pairs
    ]
