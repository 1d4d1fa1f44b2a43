"""The satisfaction index (满意度指数): per dimension and overall on 0–100, with n and a 95% confidence interval.

Scoring (docs/surveys.md): a 5-point answer a scores (a − 1) × 25; "0 不清楚" and blanks are left out. A response's
dimension score is the weighted mean of its answered items; its overall index is the weighted mean of its dimensions
(weights renormalised over the dimensions it answered). A cell's figure is the mean over its responses with the
normal-approximation 95% interval; cells with fewer responses than SURVEY_MIN_CELL show 样本不足.

The city-wide figure is post-stratified by jurisdiction population: Σ W_h · mean_h with W_h the strata's share of
the resident population (over the strata that have responses), SE = √(Σ W_h² · s_h² / n_h)."""

import math
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings

from .choices import QuestionKind
from .models import Questionnaire, Response

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


def response_scores(
    questionnaire: Questionnaire, answers: dict, items: list | None = None
) -> dict[str, float]:
    """Dimension scores and the overall index of one response."""
    items = (
        items
        if items is not None
        else list(
            questionnaire.questions.filter(kind=QuestionKind.LIKERT)
            .exclude(dimension="")
            .values_list("code", "dimension", "weight")
        )
    )
    sums: dict[str, float] = defaultdict(float)
    weights: dict[str, float] = defaultdict(float)
    for code, dimension, weight in items:
        value = answers.get(code)
        if isinstance(value, int) and 1 <= value <= 5:
            sums[dimension] += (value - 1) * 25 * float(weight)
            weights[dimension] += float(weight)
    scores = {d: sums[d] / weights[d] for d in sums if weights[d]}
    dimension_weights = {d["code"]: float(d["weight"]) for d in questionnaire.dimensions}
    present = [d for d in scores if dimension_weights.get(d)]
    total_weight = sum(dimension_weights[d] for d in present)
    if total_weight:
        scores[OVERALL] = sum(scores[d] * dimension_weights[d] for d in present) / total_weight
    return scores


def cell(values: list[float], minimum: int | None = None) -> Cell:
    minimum = settings.SURVEY_MIN_CELL if minimum is None else minimum
    n = len(values)
    if n < max(minimum, 2):
        return Cell(n, None, None, None)
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    half = Z95 * sd / math.sqrt(n)
    return Cell(n, round(mean, 1), round(max(mean - half, 0), 1), round(min(mean + half, 100), 1))


def counted(responses):
    """Flagged responses stay out unless the office included them."""
    return responses.exclude(suspicious=True, included__isnull=True).exclude(included=False)


def index_table(campaign_responses, questionnaire: Questionnaire, group_by: str | None = None) -> dict:
    """{group: {dimension or overall: Cell}} over the counted responses; group None is the whole set."""
    items = list(
        questionnaire.questions.filter(kind=QuestionKind.LIKERT)
        .exclude(dimension="")
        .values_list("code", "dimension", "weight")
    )
    values: dict = defaultdict(lambda: defaultdict(list))
    fields = ["answers"] + ([group_by] if group_by else [])
    for row in counted(campaign_responses).values_list(*fields):
        group = row[1] if group_by else None
        for dimension, score in response_scores(questionnaire, row[0], items).items():
            values[group][dimension].append(score)
    return {
        group: {dimension: cell(scores) for dimension, scores in by_dimension.items()}
        for group, by_dimension in values.items()
    }


def post_stratified(
    by_stratum: dict[int, list[float]], population: dict[int, int], minimum: int | None = None
) -> Cell:
    """A population-weighted mean over strata (jurisdictions) with responses; SE from the strata variances."""
    minimum = settings.SURVEY_MIN_CELL if minimum is None else minimum
    strata = {h: v for h, v in by_stratum.items() if len(v) >= 2 and population.get(h)}
    n = sum(len(v) for v in strata.values())
    if n < max(minimum, 2) or not strata:
        return Cell(n, None, None, None)
    total = sum(population[h] for h in strata)
    mean = 0.0
    variance = 0.0
    for h, values in strata.items():
        weight = population[h] / total
        m = sum(values) / len(values)
        s2 = sum((v - m) ** 2 for v in values) / (len(values) - 1)
        mean += weight * m
        variance += weight**2 * s2 / len(values)
    half = Z95 * math.sqrt(variance)
    return Cell(n, round(mean, 1), round(max(mean - half, 0), 1), round(min(mean + half, 100), 1))


def overall_scores_by(responses: "list[Response] | object", questionnaire: Questionnaire, field: str) -> dict:
    items = list(
        questionnaire.questions.filter(kind=QuestionKind.LIKERT)
        .exclude(dimension="")
        .values_list("code", "dimension", "weight")
    )
    grouped: dict = defaultdict(list)
    for answers, key in counted(responses).values_list("answers", field):
        score = response_scores(questionnaire, answers, items).get(OVERALL)
        if score is not None and key is not None:
            grouped[key].append(score)
    return grouped
