"""The satisfaction index (满意度指数): per dimension and overall on 0–100, with n and a 95% confidence interval.

Scoring (docs/surveys.md): a 5-point answer a scores (a − 1) × 25; "0 不清楚" and blanks are left out. A response's
dimension score is the weighted mean of its answered items; its overall index is the weighted mean of its dimensions
(weights renormalised over the dimensions it answered). A cell's figure is the mean over its responses with the
normal-approximation 95% interval; cells with fewer responses than SURVEY_MIN_CELL show 样本不足.

The city-wide figure is post-stratified by jurisdiction population: Σ W_h · mean_h with W_h the strata's share of
the resident population (over the strata that have responses), SE = √(Σ W_h² · s_h² / n_h).

Cells are built from running sums (n, Σx, Σx²), so the tallies kept in the database (see tallies.py) and the
responses not yet tallied add up to the same figures as the raw scores."""

import math
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from .choices import QuestionKind
from .models import Questionnaire

Z95 = 1.959963984540054
OVERALL = "overall_index"


@dataclass(frozen=True)
class Cell:
    n: int
    mean: float | None
    low: float | None
    high: float | None

    @property
    def enough(self) -> bool:
        return self.mean is not None


@dataclass
class Stats:
    """Running sums of scores: enough for a mean, a variance and to be added together."""

    n: int = 0
    total: float = 0.0
    total_sq: float = 0.0

    @classmethod
    def of(cls, values) -> "Stats":
        stats = cls()
        for value in values:
            stats.add(value)
        return stats

    def add(self, value: float, sign: int = 1) -> None:
        self.n += sign
        self.total += sign * value
        self.total_sq += sign * value * value

    def merge(self, other: "Stats") -> None:
        self.n += other.n
        self.total += other.total
        self.total_sq += other.total_sq

    @property
    def mean(self) -> float:
        return self.total / self.n

    @property
    def variance(self) -> float:
        """The sample variance (n − 1)."""
        return max(self.total_sq - self.total * self.total / self.n, 0.0) / (self.n - 1)


def _stats(values) -> Stats:
    return values if isinstance(values, Stats) else Stats.of(values)


def dimension_names(questionnaire: Questionnaire, *, with_overall: bool = True) -> list[tuple[str, str]]:
    """(code, name) of the version's dimensions in their order, the overall index last unless left out."""
    names = [(d["code"], d["name"]) for d in questionnaire.dimensions]
    return names + [(OVERALL, _("Satisfaction index"))] if with_overall else names


def scored_items(questionnaire: Questionnaire) -> list[tuple[str, str, float]]:
    """(code, dimension, weight) of the version's rating questions that count in the index."""
    return [
        (code, dimension, float(weight))
        for code, dimension, weight in questionnaire.questions.filter(kind=QuestionKind.LIKERT)
        .exclude(dimension="")
        .values_list("code", "dimension", "weight")
    ]


class Scorer:
    """Scores responses of one version: its rating questions and weights are read once, then each response's
    dimension scores and overall index are worked out from its answers alone (the tallies score millions)."""

    def __init__(self, questionnaire: Questionnaire):
        self.items = scored_items(questionnaire)
        self.dimension_weights = {d["code"]: float(d["weight"]) for d in questionnaire.dimensions}

    def __call__(self, answers: dict) -> dict[str, float]:
        """Dimension scores and the overall index of one response."""
        sums: dict[str, float] = {}
        weights: dict[str, float] = {}
        for code, dimension, weight in self.items:
            value = answers.get(code)
            if isinstance(value, int) and 1 <= value <= 5:
                sums[dimension] = sums.get(dimension, 0.0) + (value - 1) * 25 * weight
                weights[dimension] = weights.get(dimension, 0.0) + weight
        scores = {d: sums[d] / weights[d] for d in sums if weights[d]}
        dimension_weights = self.dimension_weights
        present = [d for d in scores if dimension_weights.get(d)]
        total_weight = sum(dimension_weights[d] for d in present)
        if total_weight:
            scores[OVERALL] = sum(scores[d] * dimension_weights[d] for d in present) / total_weight
        return scores


def response_scores(questionnaire: Questionnaire, answers: dict) -> dict[str, float]:
    """Dimension scores and the overall index of one response (Scorer, for many)."""
    return Scorer(questionnaire)(answers)


def cell(values, minimum: int | None = None) -> Cell:
    """The figure of a cell from its scores (a list or running sums); 样本不足 below the minimum."""
    minimum = settings.SURVEY_MIN_CELL if minimum is None else minimum
    stats = _stats(values)
    if stats.n < max(minimum, 2):
        return Cell(stats.n, None, None, None)
    mean = stats.mean
    half = Z95 * math.sqrt(stats.variance / stats.n)
    return Cell(stats.n, round(mean, 1), round(max(mean - half, 0), 1), round(min(mean + half, 100), 1))


def counted(responses):
    """Flagged responses stay out unless the office included them."""
    return responses.exclude(suspicious=True, included__isnull=True).exclude(included=False)


def is_counted(response) -> bool:
    return response.included is True or (not response.suspicious and response.included is None)


def post_stratified(by_stratum: dict, population: dict[int, int], minimum: int | None = None) -> Cell:
    """A population-weighted mean over strata (jurisdictions) with responses; SE from the strata variances.

    by_stratum maps a stratum to its scores, as a list or as running sums."""
    minimum = settings.SURVEY_MIN_CELL if minimum is None else minimum
    strata = {h: _stats(v) for h, v in by_stratum.items()}
    strata = {h: s for h, s in strata.items() if s.n >= 2 and population.get(h)}
    n = sum(s.n for s in strata.values())
    if n < max(minimum, 2) or not strata:
        return Cell(n, None, None, None)
    total = sum(population[h] for h in strata)
    mean = 0.0
    variance = 0.0
    for h, stats in strata.items():
        weight = population[h] / total
        mean += weight * stats.mean
        variance += weight**2 * stats.variance / stats.n
    half = Z95 * math.sqrt(variance)
    return Cell(n, round(mean, 1), round(max(mean - half, 0), 1), round(min(mean + half, 100), 1))
