"""The target of a published figure (a seam, docs/architecture.md section 4): the level it should reach, whether
higher or lower is better, and the legal or standard text the level comes from. The assessment's indicator sets hold
them (pass and excellence levels, comparator and citation per metric); it registers a source in its
`metric_targets` module, and the cockpit asks `target_for` without importing it.

A source is `source(metric_codes, region) -> {metric_code: MetricTarget}`: the targets that apply in the
jurisdiction to those of the metrics it has one for, all at once (a cockpit asks for thirty)."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

HIGHER, LOWER = "higher", "lower"
GREEN, YELLOW, RED, GREY = "green", "yellow", "red", "grey"


@dataclass(frozen=True)
class MetricTarget:
    """`direction` HIGHER: green at or above `excellent` (else `target`), yellow from `target` up, red below;
    LOWER the other way round. `excellent` may be missing: then green from `target`, no yellow band."""

    direction: str
    target: Decimal
    excellent: Decimal | None = None
    source: str = ""  # the document the level comes from (a citation)
    origin: str = ""  # where the target is kept (an indicator set and its indicator, or "set by the office")
    verified: bool = True

    def state(self, value: Decimal | None) -> str:
        """green / yellow / red for a figure; grey when there is none."""
        if value is None:
            return GREY
        better = (lambda a, b: a >= b) if self.direction == HIGHER else (lambda a, b: a <= b)
        if self.excellent is not None:
            if better(value, self.excellent):
                return GREEN
            return YELLOW if better(value, self.target) else RED
        return GREEN if better(value, self.target) else RED


TargetSource = Callable[[list[str], object], "dict[str, MetricTarget]"]
_SOURCES: list[TargetSource] = []


def register_target_source(source: TargetSource) -> TargetSource:
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def targets_for(metric_codes, region) -> dict[str, MetricTarget]:
    """The first source's target of each metric in the jurisdiction; a metric without one is left out."""
    found: dict[str, MetricTarget] = {}
    for source in _SOURCES:
        wanted = [code for code in dict.fromkeys(metric_codes) if code not in found]
        if not wanted:
            break
        for code, target in source(wanted, region).items():
            found.setdefault(code, target)
    return found


def target_for(metric_code: str, region) -> MetricTarget | None:
    """The first source's target for the metric in the jurisdiction, else None."""
    return targets_for([metric_code], region).get(metric_code)
