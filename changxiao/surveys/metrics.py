"""The satisfaction index published for the assessment (see core.metrics): per jurisdiction or venue and year, over
the counted responses of every campaign, with n; fewer than SURVEY_MIN_CELL responses give no value."""

from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from changxiao.core.metrics import Metric, MetricValue, records_url, register_metric, subject_kind
from changxiao.orgs.scope import within

from . import index, tallies
from .index import Stats
from .models import Campaign, Questionnaire, Response

SATISFACTION_INDEX = "surveys.satisfaction_index"


def counted_responses(subject, year: int):
    responses = index.counted(Response.objects.filter(submitted_at__year=year))
    if subject_kind(subject) == "unit":
        return responses.filter(venue=subject)
    return responses.filter(within(subject))


def scored(responses) -> list[tuple[Response, float]]:
    """Responses with their overall index, for the records page."""
    found = []
    rows = list(responses.select_related("target", "campaign"))
    questionnaires = Questionnaire.objects.in_bulk({response.questionnaire_id for response in rows})
    scorers = {pk: index.Scorer(questionnaire) for pk, questionnaire in questionnaires.items()}
    for response in rows:
        score = scorers[response.questionnaire_id](response.answers).get(index.OVERALL)
        if score is not None:
            found.append((response, score))
    return found


def year_stats(subject, year: int) -> Stats:
    """The overall index of the year's counted responses from the jurisdiction (or about the venue), from the
    tallies of every campaign that ran in the year (summed in the database: reading each campaign's tallies whole
    took most of a city's 400 ms records page on a province's data)."""
    counted = Q(venue_id=subject.pk) if subject_kind(subject) == "unit" else within(subject)
    campaigns = Campaign.objects.filter(starts_on__year__lte=year, ends_on__year__gte=year)
    return tallies.year_overall(campaigns.select_related("questionnaire"), counted, year)


def satisfaction_index(subject, year: int, user=None) -> MetricValue:
    stats = year_stats(subject, year)
    result = index.cell(stats)
    return MetricValue(
        value=Decimal(str(result.mean)) if result.enough else None,
        numerator=stats.n,
        records_url=records_url("surveys:metric_records", subject, year),
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
