"""The scoring engine: deterministic and explainable. Each indicator's points come from one rule and one value, with
the reason in words; a failed veto indicator (一票否决) fails the participant whatever the rest; grades come from
configurable bands; equal totals share a rank.

Pure functions over plain data (no database), so they can be checked with property-based tests."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from .choices import Comparator, Level, Scoring

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Rule:
    code: str
    comparator: str
    scoring: str
    max_points: Decimal
    pass_level: Decimal | None = None
    excellent_level: Decimal | None = None
    # For tier scoring: (threshold, points), in any order.
    tiers: tuple[tuple[Decimal, Decimal], ...] = ()
    veto: bool = False


@dataclass(frozen=True)
class Score:
    code: str
    points: Decimal
    max_points: Decimal
    level: str
    vetoed: bool
    explanation: str


def _round(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def _reaches(rule: Rule, value: Decimal, threshold: Decimal | None) -> bool:
    if threshold is None:
        return False
    if rule.comparator == Comparator.AT_MOST:
        return value <= threshold
    return value >= threshold


def level_of(rule: Rule, value) -> str:
    """优秀 / 达标 / not met, against the rule's two thresholds (yes/no rules: met or not)."""
    if value is None:
        return Level.FAIL
    if rule.comparator == Comparator.YES:
        return Level.PASS if bool(value) else Level.FAIL
    value = Decimal(value)
    if _reaches(rule, value, rule.excellent_level):
        return Level.EXCELLENT
    if rule.pass_level is None or _reaches(rule, value, rule.pass_level):
        return Level.PASS
    return Level.FAIL


def score(rule: Rule, value) -> Score:
    """Points for one value. None (not reported) scores nothing and fails a veto indicator."""
    maximum = rule.max_points
    level = level_of(rule, value)
    vetoed = rule.veto and level == Level.FAIL
    if value is None:
        return Score(rule.code, Decimal(0), maximum, level, vetoed, _("No value: no points."))
    if rule.scoring == Scoring.RATING:
        points = min(max(Decimal(value), Decimal(0)), maximum)
        return Score(rule.code, _round(points), maximum, level, vetoed, _("Reviewer's rating."))
    if rule.scoring == Scoring.YES_NO or rule.comparator == Comparator.YES:
        points = maximum if bool(value) else Decimal(0)
        why = _("Yes: full points.") if bool(value) else _("No: no points.")
        return Score(rule.code, points, maximum, level, vetoed, why)
    value = Decimal(value)
    if rule.scoring == Scoring.TIERS:
        points, why = _tier_points(rule, value)
    elif rule.scoring == Scoring.PROPORTIONAL:
        points, why = _proportional_points(rule, value)
    else:
        met = level != Level.FAIL
        points = maximum if met else Decimal(0)
        why = _("Requirement met: full points.") if met else _("Requirement not met: no points.")
    return Score(rule.code, _round(min(max(points, Decimal(0)), maximum)), maximum, level, vetoed, why)


def _tier_points(rule: Rule, value: Decimal) -> tuple[Decimal, str]:
    reached = [(t, p) for t, p in rule.tiers if _reaches(rule, value, t)]
    if not reached:
        return Decimal(0), _("Below the lowest tier: no points.")
    # The best tier reached: the highest threshold for "at least", the lowest for "at most".
    best = (
        max(reached, key=lambda tp: tp[0])
        if rule.comparator != Comparator.AT_MOST
        else min(reached, key=lambda tp: tp[0])
    )
    points = max(p for t, p in reached)  # tiers are not assumed sorted by points
    return points, _("Tier %(threshold)s reached.") % {"threshold": best[0]}


def _proportional_points(rule: Rule, value: Decimal) -> tuple[Decimal, str]:
    target = rule.pass_level
    if target is None or target <= 0:
        return rule.max_points, _("No target: full points.")
    if rule.comparator == Comparator.AT_MOST:
        ratio = Decimal(1) if value <= target else target / value
    else:
        ratio = min(Decimal(1), max(value, Decimal(0)) / target)
    return rule.max_points * ratio, _("%(percent)s%% of the requirement.") % {"percent": _round(ratio * 100)}


@dataclass(frozen=True)
class GradeBand:
    """A grade from a share of the maximum: at least ``min_percent`` % gives ``grade``."""

    min_percent: Decimal
    grade: str


DEFAULT_BANDS = (
    GradeBand(Decimal(90), "excellent"),
    GradeBand(Decimal(80), "good"),
    GradeBand(Decimal(60), "pass"),
)
FAIL_GRADE = "fail"


@dataclass(frozen=True)
class Result:
    participant: str
    total: Decimal
    maximum: Decimal
    grade: str
    vetoed: bool
    scores: tuple[Score, ...] = field(default=())

    @property
    def percent(self) -> Decimal:
        return _round(self.total * 100 / self.maximum) if self.maximum else Decimal(0)


def grade(total: Decimal, maximum: Decimal, *, vetoed: bool, bands=DEFAULT_BANDS) -> str:
    if vetoed or not maximum:
        return FAIL_GRADE
    percent = total * 100 / maximum
    for band in sorted(bands, key=lambda b: b.min_percent, reverse=True):
        if percent >= band.min_percent:
            return band.grade
    return FAIL_GRADE


def result(participant: str, scores: list[Score], *, bands=DEFAULT_BANDS) -> Result:
    total = sum((s.points for s in scores), Decimal(0))
    maximum = sum((s.max_points for s in scores), Decimal(0))
    vetoed = any(s.vetoed for s in scores)
    return Result(
        participant, total, maximum, grade(total, maximum, vetoed=vetoed, bands=bands), vetoed, tuple(scores)
    )


def rank(results: list[Result]) -> list[tuple[int, Result]]:
    """Competition ranking (1, 2, 2, 4): equal totals share a rank; a vetoed participant ranks after all others."""
    ordered = sorted(results, key=lambda r: (r.vetoed, -r.total, r.participant))
    ranked: list[tuple[int, Result]] = []
    for position, item in enumerate(ordered, start=1):
        previous = ranked[-1] if ranked else None
        if previous and previous[1].total == item.total and previous[1].vetoed == item.vetoed:
            ranked.append((previous[0], item))
        else:
            ranked.append((position, item))
    return ranked
