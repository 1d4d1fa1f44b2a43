"""The evaluation of a funding rule: a pure function of the rule's terms and the figures, unit-tested against
hand-computed cases (tests/test_rules.py). Nothing here reads the database.

Growth is (this year − last year) ÷ last year, in percent, computed exactly (Decimal) and compared exactly; what
is shown is rounded to one decimal. A rule over a window of n years passes only when each of the n years passes. A
year whose figures are missing — the previous year, a population, the provincial average — cannot be checked: it is
neither a pass nor a failure, and says what is missing (a growth over a base of zero is undefined in the same way).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from .choices import CheckState, Comparator, RuleKind

ONE_DECIMAL = Decimal("0.1")
CENTS = Decimal("0.01")

# Why a year cannot be checked.
MISSING_FIGURES = "missing_figures"
MISSING_PREVIOUS = "missing_previous"
ZERO_BASE = "zero_base"
MISSING_POPULATION = "missing_population"
MISSING_AVERAGE = "missing_average"


@dataclass(frozen=True)
class Figures:
    """A jurisdiction's figures of one year, of the stage the rule compares (budget or final accounts)."""

    revenue: Decimal
    culture: Decimal
    mechanism: Decimal | None = None
    population: int | None = None


@dataclass(frozen=True)
class Terms:
    kind: str
    comparator: str = Comparator.AT_LEAST
    window: int = 1


@dataclass(frozen=True)
class YearResult:
    year: int
    state: str
    # What is compared and what it is compared with: percentages for growth, yuan per resident for per capita,
    # yuan for the mechanism's funds; None when missing.
    value: Decimal | None = None
    threshold: Decimal | None = None
    reason: str = ""

    @property
    def difference(self) -> Decimal | None:
        if self.value is None or self.threshold is None:
            return None
        return self.value - self.threshold

    def as_data(self) -> dict:
        return {
            "year": self.year,
            "state": self.state,
            "value": None if self.value is None else str(self.value),
            "threshold": None if self.threshold is None else str(self.threshold),
            "reason": self.reason,
        }

    @classmethod
    def from_data(cls, data: dict) -> "YearResult":
        return cls(
            year=int(data["year"]),
            state=data["state"],
            value=None if data.get("value") is None else Decimal(data["value"]),
            threshold=None if data.get("threshold") is None else Decimal(data["threshold"]),
            reason=data.get("reason", ""),
        )


@dataclass(frozen=True)
class Outcome:
    state: str
    years: tuple[YearResult, ...]


def growth(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    """The growth in percent, exact; None when either figure is missing or the base is zero (undefined)."""
    if current is None or previous is None or previous == 0:
        return None
    return (current - previous) * 100 / previous


def per_capita(amount: Decimal | None, population: int | None) -> Decimal | None:
    """Yuan per resident; None — shown as 缺人口数据, never 0 — without a population to divide by."""
    if amount is None or not population:
        return None
    return amount / population


def passes(value: Decimal, threshold: Decimal, comparator: str) -> bool:
    if comparator == Comparator.ABOVE:
        return value > threshold
    return value >= threshold


def evaluate(
    terms: Terms,
    year: int,
    figures: Mapping[int, Figures],
    averages: Mapping[int, Decimal] | None = None,
) -> Outcome:
    """The rule's result for `year`: each year of the window ending there evaluated; not met when any year fails,
    cannot be checked when none fails but one lacks figures, met when every year passes."""
    years = tuple(
        _evaluate_year(terms, each, figures, averages or {})
        for each in range(year - max(terms.window, 1) + 1, year + 1)
    )
    if any(result.state == CheckState.NOT_MET for result in years):
        state = CheckState.NOT_MET
    elif any(result.state == CheckState.UNKNOWN for result in years):
        state = CheckState.UNKNOWN
    else:
        state = CheckState.MET
    return Outcome(state=state, years=years)


def _evaluate_year(terms: Terms, year: int, figures: Mapping[int, Figures], averages) -> YearResult:
    current = figures.get(year)
    if current is None:
        return YearResult(year, CheckState.UNKNOWN, reason=MISSING_FIGURES)
    if terms.kind == RuleKind.GROWTH:
        previous = figures.get(year - 1)
        if previous is None:
            return YearResult(year, CheckState.UNKNOWN, reason=MISSING_PREVIOUS)
        culture = growth(current.culture, previous.culture)
        revenue = growth(current.revenue, previous.revenue)
        if culture is None or revenue is None:
            return YearResult(year, CheckState.UNKNOWN, value=culture, threshold=revenue, reason=ZERO_BASE)
        return _compared(year, culture, revenue, terms.comparator)
    if terms.kind == RuleKind.PER_CAPITA:
        value = per_capita(current.culture, current.population)
        if value is None:
            return YearResult(year, CheckState.UNKNOWN, reason=MISSING_POPULATION)
        average = averages.get(year)
        if average is None:
            return YearResult(year, CheckState.UNKNOWN, value=value, reason=MISSING_AVERAGE)
        return _compared(year, value, average, terms.comparator)
    if terms.kind == RuleKind.MECHANISM:
        funds = current.mechanism or Decimal(0)
        # The funds must be in the budget: any amount above zero.
        return _compared(year, funds, Decimal(0), Comparator.ABOVE)
    raise ValueError(f"unknown rule kind {terms.kind!r}")


def _compared(year: int, value: Decimal, threshold: Decimal, comparator: str) -> YearResult:
    state = CheckState.MET if passes(value, threshold, comparator) else CheckState.NOT_MET
    return YearResult(year, state, value=value, threshold=threshold)


# --- Words ------------------------------------------------------------------------------------------------------


def _one(value: Decimal) -> Decimal:
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def signed_percent(value: Decimal) -> str:
    rounded = _one(value)
    return f"{'+' if rounded > 0 else ''}{rounded}%"


def yuan(value: Decimal) -> str:
    return f"{value.quantize(CENTS, rounding=ROUND_HALF_UP):,}"


MISSING_WORDS = {
    MISSING_FIGURES: lambda: _("no figures for the year"),
    MISSING_PREVIOUS: lambda: _("no figures for the previous year: the growth cannot be computed"),
    ZERO_BASE: lambda: _("the previous year's figure is zero: the growth is undefined"),
    MISSING_POPULATION: lambda: _("missing population data (缺人口数据)"),
    MISSING_AVERAGE: lambda: _("no provincial average for the year"),
}


def explain(kind: str, result: YearResult) -> str:
    """One line that shows the rule's numbers: "2025: +6.1% against +7.4%, 1.3 points short"."""
    if result.reason:
        return _("%(year)s: cannot be checked, %(why)s") % {
            "year": result.year,
            "why": MISSING_WORDS[result.reason](),
        }
    difference = result.difference
    if kind == RuleKind.GROWTH:
        numbers = {
            "year": result.year,
            "value": signed_percent(result.value),
            "threshold": signed_percent(result.threshold),
            "points": abs(_one(difference)),
        }
        if difference == 0:
            return _("%(year)s: %(value)s against %(threshold)s, equal growth") % numbers
        if difference < 0:
            return _("%(year)s: %(value)s against %(threshold)s, %(points)s points short") % numbers
        return _("%(year)s: %(value)s against %(threshold)s, %(points)s points ahead") % numbers
    if kind == RuleKind.PER_CAPITA:
        numbers = {
            "year": result.year,
            "value": yuan(result.value),
            "threshold": yuan(result.threshold),
            "gap": yuan(abs(difference)),
        }
        if difference == 0:
            return _("%(year)s: %(value)s yuan per resident, equal to the province's %(threshold)s") % numbers
        if difference < 0:
            return (
                _("%(year)s: %(value)s yuan per resident against the province's %(threshold)s, %(gap)s below")
                % numbers
            )
        return (
            _("%(year)s: %(value)s yuan per resident against the province's %(threshold)s, %(gap)s above")
            % numbers
        )
    if result.state == CheckState.MET:
        return _("%(year)s: %(value)s yuan of the long-term mechanism in the budget") % {
            "year": result.year,
            "value": yuan(result.value),
        }
    return _("%(year)s: no funds of the long-term mechanism in the budget") % {"year": result.year}


def explain_all(kind: str, detail: list[dict]) -> list[str]:
    return [explain(kind, YearResult.from_data(data)) for data in detail]


def share_met(total: Decimal, public_welfare: Decimal, minimum_percent: Decimal) -> bool | None:
    """Whether the public-welfare part of an advertising resource reaches the minimum share, exactly (2.96% is
    short of 3%, though it is shown as 3.0%); None for a period without any advertising."""
    if not total:
        return None
    return public_welfare * 100 >= minimum_percent * total
