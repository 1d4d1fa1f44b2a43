"""Answers as people read them: each question's answer with its choice labels, for the response export and the
review of flagged responses; the written answers of a campaign, for 意见建议."""

from collections.abc import Callable

from changxiao.orgs.models import Region, Unit
from changxiao.orgs.scope import within

from . import index
from .choices import LIKERT_CHOICES, QuestionKind
from .models import Campaign, Question

WRITTEN_KINDS = (QuestionKind.LONG_TEXT, QuestionKind.SHORT_TEXT)


def _text(labels: dict, value) -> str:
    if value is None:
        return ""
    values = value if isinstance(value, list) else [value]
    return "、".join(str(labels.get(str(v), v)) for v in values)


def readers(questionnaire) -> list[tuple[Question, Callable[[dict], str]]]:
    """Each question of the version in order, with a function giving its answer's text from a response's answers
    (an empty string when it was not answered)."""
    regions = venues = None
    found = []
    for question in questionnaire.questions.select_related("section"):
        if question.kind == QuestionKind.LIKERT:
            labels = {value: f"{value} {label}" for value, label in LIKERT_CHOICES}
        elif question.kind == QuestionKind.REGION:
            regions = regions or {str(pk): name for pk, name in Region.objects.values_list("pk", "name")}
            labels = regions
        elif question.kind == QuestionKind.VENUE:
            venues = venues or {
                str(pk): name for pk, name in Unit.objects.filter(kind="venue").values_list("pk", "name")
            }
            labels = venues
        else:
            labels = {str(value): label for value, label in question.choices}
        found.append(
            (question, lambda answers, code=question.code, labels=labels: _text(labels, answers.get(code)))
        )
    return found


def written(campaign: Campaign, share, question: Question, search: str = "", region: Region | None = None):
    """The counted responses (of the share, when given) that answered a written question, newest first; only those
    whose answer contains `search`, or whose jurisdiction is in `region`, when given."""
    rows = index.counted(campaign.responses.all())
    if share is not None:
        rows = share.within(rows)
    rows = rows.filter(answers__has_key=question.code)
    if search:
        rows = rows.filter(**{f"answers__{question.code}__icontains": search})
    if region is not None:
        rows = rows.filter(within(region))
    return rows.select_related("region", "venue").order_by("-submitted_at", "-pk")
