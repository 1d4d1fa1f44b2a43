"""The satisfaction index published for the assessment (see core.metrics): per jurisdiction or venue and year, over
the counted responses of every campaign, with n; fewer than SURVEY_MIN_CELL responses give no value."""

from decimal import Decimal

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from changxiao.core.metrics import Metric, MetricValue, register_metric, subject_kind

from . import index
from .models import Questionnaire, Response

SATISFACTION_INDEX = "surveys.satisfaction_index"


def counted_responses(subject, year: int):
    responses = index.counted(Response.objects.filter(submitted_at__year=year))
    if subject_kind(subject) == "unit":
        return responses.filter(venue=subject)
    return responses.filter(region__path__startswith=subject.path)


def overall_scores(subject, year: int) -> list[tuple[Response, float]]:
    scored = []
    questionnaires: dict[int, Questionnaire] = {}
    for response in counted_responses(subject, year).select_related("target", "campaign"):
        questionnaire = questionnaires.setdefault(
            response.questionnaire_id, Questionnaire.objects.get(pk=response.questionnaire_id)
        )
        score = index.response_scores(questionnaire, response.answers).get(index.OVERALL)
        if score is not None:
            scored.append((response, score))
    return scored


def satisfaction_index(subject, year: int, user=None) -> MetricValue:
    scored = overall_scores(subject, year)
    result = index.cell([score for _response, score in scored])
    query = urlencode({subject_kind(subject): subject.pk, "year": year})
    return MetricValue(
        value=Decimal(str(result.mean)) if result.enough else None,
        numerator=len(scored),
        records_url=reverse("surveys:metric_records") + "?" + query,
    )


register_metric(
    Metric(
        code=SATISFACTION_INDEX,
        name=_("Public satisfaction index"),
        unit_of_measure=_("points"),
        description=_(
            "Mean satisfaction index (0–100) of the year's survey responses from the jurisdiction or about the venue; "
            "flagged responses are left out unless included; too few responses give no value."
        ),
        compute=satisfaction_index,
    )
)
