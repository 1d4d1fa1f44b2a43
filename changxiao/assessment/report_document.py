"""年度考核结果报告 (Word): the ranking and every participant's points by indicator, as the office sends it.

Figures are written by core.numbers (points with at most two decimals, a value with its unit: 12场, 80.0%, 是),
dates and titles by core.documents.
"""

from changxiao.core import numbers
from changxiao.core.deadlines import local_today
from changxiao.core.documents import book_title, document_language, official_date, render_docx, report_title

from . import services
from .choices import Grade, Phase
from .models import AssessmentRound, Indicator, Submission

TEMPLATE = "assessment/assessment_report.docx"


def indicator_value(indicator: Indicator, value) -> str:
    """A reported value as a reader reads it, by what the indicator measures: 是/否, 80.0%, 12场, 1,250.00元."""
    if value is None:
        return numbers.EMPTY
    unit = indicator.unit_of_measure
    kind = indicator.data_type
    if kind == "boolean":
        return "是" if value else "否"
    if kind == "percent":
        return numbers.percent(value)
    if kind == "count":
        return f"{numbers.integer(value)}{unit}"
    if kind == "amount":
        return f"{numbers.money(value)}{unit}"
    return numbers.measure(value, unit)


def report_rows(assessment_round: AssessmentRound) -> tuple[list[dict], list[dict]]:
    """The ranking and the points by indicator (published figures when the round is published, the live
    computation otherwise), every figure already written as the report prints it."""
    grades = dict(Grade.choices)
    ranking = []
    for rank, result, participant in services.results(assessment_round):
        published = assessment_round.phase == Phase.PUBLISHED and participant.final_total is not None
        ranking.append(
            {
                "rank": participant.final_rank if published else rank,
                "unit": participant.unit.name,
                "total": numbers.points(participant.final_total if published else result.total),
                "maximum": numbers.points(result.maximum),
                "grade": str(grades[participant.final_grade if published else result.grade]),
            }
        )
    ranking.sort(key=lambda row: (row["rank"] or 0, row["unit"]))
    submissions = (
        Submission.objects.filter(participant__assessment_round=assessment_round)
        .select_related("participant__unit", "indicator")
        .order_by(
            "participant__unit__sort_order",
            "participant__unit__code",
            "indicator__category__position",
            "indicator__position",
        )
    )
    details = [
        {
            "unit": s.participant.unit.name,
            "indicator": f"{s.indicator.code} {s.indicator.name}",
            "value": indicator_value(s.indicator, s.value),
            "points": numbers.points(s.points),
            "maximum": numbers.points(s.indicator.max_points),
            "note": s.review_comment or s.explanation,
        }
        for s in submissions
    ]
    return ranking, details


def assessment_report_context(assessment_round: AssessmentRound) -> dict:
    with document_language():
        ranking, details = report_rows(assessment_round)
        return {
            "title": report_title(assessment_round.title, "考核结果报告"),
            "indicator_set": book_title(assessment_round.indicator_set.name),
            "region": assessment_round.region.name,
            "year": assessment_round.year,
            "count": numbers.integer(len(ranking)),
            "verification": assessment_round.verification_due is not None,
            "ranking": ranking,
            "details": details,
            "date": official_date(local_today()),
        }


def assessment_report(assessment_round: AssessmentRound) -> bytes:
    return render_docx(TEMPLATE, assessment_report_context(assessment_round))
