"""API of public evaluation: campaigns, questionnaires and the index for staff (scoped like the screens); the survey
and its submission for a client app such as a mini-program, and published results, without sign-in.

The public submission is converted to the form-shaped data that services.response_submit takes, so the web form and the
API share one validation; a retried submission carries the same client_id and is stored once."""

import uuid
from datetime import date, datetime
from typing import Annotated

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, QueryDict
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import StrictInt, StrictStr

from changxiao.core.ratelimit import api_read_limit, client_ip, too_many_json
from changxiao.orgs.models import Region, Unit
from changxiao.orgs.owned import home_region

from . import index, permissions, responses, services, tallies
from .models import Campaign, CampaignTarget, Questionnaire
from .permissions import campaigns_visible, readable, wider_campaigns
from .views import SURVEY_LIMITS, questions_for

router = Router(tags=["surveys"])
PUBLIC_READS_PER_MINUTE = 120
# Bounds of a public submission, well above any questionnaire, so that no body costs more than a glance.
MAX_ANSWERS = 200
MAX_VALUES_PER_ANSWER = 50
MAX_VALUE_CHARS = 4 * responses.MAX_LONG_TEXT


# --- Schemas ----------------------------------------------------------------------------------------------------


class ChoiceOut(Schema):
    value: str
    label: str


class QuestionOut(Schema):
    code: str
    kind: str
    text: str
    hint: str
    required: bool
    choices: list[ChoiceOut]
    dimension: str
    weight: float
    condition: dict | None
    # Whole numbers, decimals and dates: the smallest and largest answer accepted ("" for none).
    minimum: str = ""
    maximum: str = ""


class SectionOut(Schema):
    title: str
    questions: list[QuestionOut]


class DimensionOut(Schema):
    code: str
    name: str
    weight: float


class QuestionnaireOut(Schema):
    id: int
    code: str
    version: int
    title: str
    introduction: str
    published: bool
    dimensions: list[DimensionOut]
    sections: list[SectionOut]


class TargetOut(Schema):
    id: int
    label: str
    region_id: int | None
    venue_id: int | None
    token: str
    public_path: str

    @staticmethod
    def resolve_public_path(obj: CampaignTarget) -> str:
        return obj.get_public_url()


class CampaignSummaryOut(Schema):
    id: int
    title: str
    region_id: int
    region: str = Field(alias="region.name")
    starts_on: date
    ends_on: date
    questionnaire_id: int
    questionnaire_version: int = Field(alias="questionnaire.version")


class CampaignOut(CampaignSummaryOut):
    quota: int | None
    responses: int = Field(alias="answers")
    is_open: bool
    closed_reason: str | None
    results_published: bool
    results_published_at: datetime | None
    targets: list[TargetOut]

    @staticmethod
    def resolve_closed_reason(obj: Campaign) -> str | None:
        return responses.campaign_state(obj)

    @staticmethod
    def resolve_is_open(obj: Campaign) -> bool:
        return responses.campaign_state(obj) is None

    @staticmethod
    def resolve_results_published(obj: Campaign) -> bool:
        return obj.results_published_at is not None

    @staticmethod
    def resolve_targets(obj: Campaign) -> list:
        return list(obj.targets.all())


class WiderCampaignOut(CampaignSummaryOut):
    """A campaign read as a share (of a wider region than the caller's jurisdictions, or covering their venue); its
    index (with "share": true) holds that share."""

    responses: int = Field(alias="answers", description="Responses in the caller's share")


class CampaignDetailOut(CampaignOut):
    min_seconds: int
    flagged: int
    results_note: str


class CellOut(Schema):
    n: int
    mean: float | None
    low: float | None
    high: float | None
    enough: bool


class RegionCellsOut(Schema):
    region_id: int
    region: str
    population: int | None
    cells: dict[str, CellOut]


class VenueCellsOut(Schema):
    venue_id: int
    venue: str
    cells: dict[str, CellOut]


class MonthCellsOut(Schema):
    month: str
    cells: dict[str, CellOut]


class IndexOut(Schema):
    campaign_id: int
    share: bool = Field(
        description="True when the campaign is wider than the caller's jurisdictions: the figures are then their "
        "share of it (their residents' responses; by venue, the responses about their venues)"
    )
    minimum: int
    overall_code: str
    dimensions: list[DimensionOut]
    overall: dict[str, CellOut]
    weighted: CellOut
    by_region: list[RegionCellsOut]
    by_venue: list[VenueCellsOut]
    by_month: list[MonthCellsOut]


class PublicSurveyOut(Schema):
    campaign_id: int
    title: str
    target: str
    ends_on: date
    client_id: uuid.UUID
    started: str
    questionnaire: QuestionnaireOut


# Strings with a lone surrogate (valid JSON, but not storable) are refused by the schema's str type.
Text = Annotated[StrictStr, Field(max_length=MAX_VALUE_CHARS)]
Number = Annotated[StrictInt, Field(ge=-1_000_000, le=1_000_000)]
Value = Text | Number
Code = Annotated[StrictStr, Field(min_length=1, max_length=40)]


class ResponseIn(Schema):
    client_id: uuid.UUID
    answers: Annotated[
        dict[Code, Value | Annotated[list[Value], Field(max_length=MAX_VALUES_PER_ANSWER)] | None],
        Field(max_length=MAX_ANSWERS),
    ]
    started: Annotated[StrictStr, Field(max_length=500)] = ""


class ReceivedOut(Schema):
    received: bool
    replay: bool


class RefusedOut(Schema):
    detail: str
    messages: list[str]


class PublicCellOut(Schema):
    code: str
    name: str
    cell: CellOut


class PublicRegionOut(Schema):
    region_id: int
    region: str
    cell: CellOut


class PublicResultsOut(Schema):
    id: int
    title: str
    region: str
    starts_on: date
    ends_on: date
    published_at: datetime
    note: str
    minimum: int
    overall: CellOut
    weighted: CellOut
    by_dimension: list[PublicCellOut]
    by_jurisdiction: list[PublicRegionOut]


# --- Building the output ----------------------------------------------------------------------------------------


def _cell(cell: index.Cell | None) -> dict:
    cell = cell or index.Cell(0, None, None, None)
    return {"n": cell.n, "mean": cell.mean, "low": cell.low, "high": cell.high, "enough": cell.enough}


def _dimensions(questionnaire: Questionnaire) -> list[dict]:
    return [
        {"code": d["code"], "name": d["name"], "weight": float(d["weight"])} for d in questionnaire.dimensions
    ]


def _questionnaire(questionnaire: Questionnaire, region: Region | None) -> dict:
    """The version as a client draws it: the pickers offer what the web form offers in the campaign's region."""
    by_section: dict[int, list] = {}
    for question in questions_for(questionnaire, region):
        by_section.setdefault(question.section_id, []).append(
            {
                "code": question.code,
                "kind": question.kind,
                "text": question.text,
                "hint": question.help_text,
                "required": question.required,
                "choices": [{"value": str(v), "label": str(label)} for v, label in question.options],
                "dimension": question.dimension,
                "weight": float(question.weight),
                "condition": question.condition or None,
                "minimum": question.minimum,
                "maximum": question.maximum,
            }
        )
    return {
        "id": questionnaire.pk,
        "code": questionnaire.code,
        "version": questionnaire.version,
        "title": questionnaire.title,
        "introduction": questionnaire.introduction,
        "published": questionnaire.published_at is not None,
        "dimensions": _dimensions(questionnaire),
        "sections": [
            {"title": section.title, "questions": by_section.get(section.pk, [])}
            for section in questionnaire.sections.order_by("position", "pk")
        ],
    }


def _campaigns(user):
    return (
        campaigns_visible(user)
        .select_related("questionnaire", "region")
        .prefetch_related("targets")
        .annotate(answers=responses.response_count())
        .order_by("-starts_on", "-pk")
    )


def _public_target(token: str) -> CampaignTarget:
    """The target of a public link, or 404 with the polite message of the web page."""
    target = responses.public_target(token)
    if target is None:
        raise HttpError(404, _("This survey link is not valid. Please check the QR code or the link."))
    return target


# --- Staff --------------------------------------------------------------------------------------------------------


@router.get("/surveys/campaigns", response=list[CampaignOut], summary="Campaigns visible to the caller")
@paginate
def list_campaigns(request):
    return _campaigns(request.auth)


@router.get(
    "/surveys/campaigns/wider",
    response=list[WiderCampaignOut],
    summary="Campaigns read as a share (the city's, for a district or a venue): the caller reads their share of the index",
)
@paginate
def list_wider_campaigns(request):
    return (
        wider_campaigns(request.auth)[0]
        .select_related("questionnaire", "region")
        .order_by("-starts_on", "-pk")
    )


@router.get("/surveys/campaigns/{campaign_id}", response=CampaignDetailOut, summary="A campaign")
def get_campaign(request, campaign_id: int):
    campaign = permissions.get_campaign_for_user(request.auth, campaign_id)
    return (
        _campaigns(request.auth)
        .annotate(flagged=responses.response_count(Q(suspicious=True)))
        .get(pk=campaign.pk)
    )


@router.get(
    "/surveys/campaigns/{campaign_id}/index",
    response=IndexOut,
    summary="The satisfaction index of a campaign: overall, by jurisdiction, venue and month",
)
def get_campaign_index(request, campaign_id: int):
    found = readable(request.auth, campaign_id)
    if found is None:
        raise Http404
    campaign, share = found
    tables = tallies.campaign_tables(campaign, share)
    regions = Region.objects.in_bulk(list(tables.by_region))
    venues = Unit.objects.in_bulk(list(tables.by_venue))
    region_rows = sorted((k for k in tables.by_region if k in regions), key=lambda k: regions[k].path)
    venue_rows = sorted((k for k in tables.by_venue if k in venues), key=lambda k: venues[k].name)
    return {
        "campaign_id": campaign.pk,
        "share": share is not None,
        "minimum": settings.SURVEY_MIN_CELL,
        "overall_code": index.OVERALL,
        "dimensions": _dimensions(campaign.questionnaire),
        "overall": {code: _cell(c) for code, c in tables.overall.items()},
        "weighted": _cell(tables.weighted),
        "by_region": [
            {
                "region_id": k,
                "region": regions[k].name,
                "population": tables.population.get(k),
                "cells": {code: _cell(c) for code, c in tables.by_region[k].items()},
            }
            for k in region_rows
        ],
        "by_venue": [
            {
                "venue_id": k,
                "venue": venues[k].name,
                "cells": {code: _cell(c) for code, c in tables.by_venue[k].items()},
            }
            for k in venue_rows
        ],
        "by_month": [
            {"month": month.strftime("%Y-%m"), "cells": {code: _cell(c) for code, c in cells.items()}}
            for month, cells in tables.by_month.items()
        ],
    }


@router.get(
    "/surveys/questionnaires/{questionnaire_id}",
    response=QuestionnaireOut,
    summary="A questionnaire version with its sections, questions and dimensions",
)
def get_questionnaire(request, questionnaire_id: int):
    questionnaire = permissions.get_questionnaire_for_user(request.auth, questionnaire_id)
    # The pickers offer the districts and venues of the caller's own city, as its campaigns would.
    return _questionnaire(questionnaire, home_region(request.auth))


# --- Public: the survey for a client app, and published results --------------------------------------------------


@router.get(
    "/public/surveys/{token}",
    auth=None,
    response=PublicSurveyOut,
    summary="The survey of a public link, to draw it in a client app (public)",
)
def get_public_survey(request, token: str):
    limited = api_read_limit(request, "public-read", limit=PUBLIC_READS_PER_MINUTE)
    if limited:
        return limited
    target = _public_target(token)
    campaign = target.campaign
    closed = responses.campaign_state(campaign)
    if closed:
        raise HttpError(410, closed)
    return {
        "campaign_id": campaign.pk,
        "title": campaign.title,
        "target": target.label,
        "ends_on": campaign.ends_on,
        "client_id": uuid.uuid4(),
        "started": responses.started_token(),
        "questionnaire": _questionnaire(campaign.questionnaire, campaign.region),
    }


def _form_data(payload: ResponseIn) -> QueryDict:
    """The JSON submission as the web form posts it, for the one validation in services.response_submit."""
    data = QueryDict(mutable=True)
    data["client_id"] = str(payload.client_id)
    data["started"] = payload.started
    for code, value in payload.answers.items():
        values = value if isinstance(value, list) else [] if value is None else [value]
        data.setlist(f"q_{code}", [str(v) for v in values])
    return data


@router.post(
    "/public/surveys/{token}/responses",
    auth=None,
    response={201: ReceivedOut, 200: ReceivedOut, 400: RefusedOut},
    summary="Submit a response (public; an identical retry with the same client_id is acknowledged once)",
)
def submit_survey_response(request, token: str, payload: ResponseIn):
    # The web form's budgets (views.SURVEY_LIMITS), whichever way a client answers: accepted responses count.
    wait = SURVEY_LIMITS.wait(request)
    if wait:
        return too_many_json(wait)
    target = _public_target(token)
    closed = responses.campaign_state(target.campaign)
    if closed:  # before looking at the answers, as the web form does
        raise HttpError(410, closed)
    known = set(target.campaign.questionnaire.questions.values_list("code", flat=True))
    unknown = sorted(set(payload.answers) - known)
    if unknown:
        message = _("Unknown questions: %(codes)s") % {"codes": ", ".join(unknown[:10])}
        return Status(400, {"detail": message, "messages": [message]})
    try:
        outcome = services.response_submit(
            target=target, data=_form_data(payload), client_ip=client_ip(request)
        )
    except responses.Refused as exc:
        if exc.status == 400:
            return Status(400, {"detail": exc.message, "messages": [exc.message]})
        raise HttpError(exc.status, exc.message) from exc
    except ValidationError as exc:
        return Status(400, {"detail": " ".join(exc.messages), "messages": exc.messages})
    if not outcome.replay:
        SURVEY_LIMITS.accepted(request)
    return Status(200 if outcome.replay else 201, {"received": True, "replay": outcome.replay})


@router.get(
    "/public/surveys/results/{campaign_id}",
    auth=None,
    response=PublicResultsOut,
    summary="Published results of a campaign: figures only (public)",
)
def get_survey_results(request, campaign_id: int):
    limited = api_read_limit(request, "public-read", limit=PUBLIC_READS_PER_MINUTE)
    if limited:
        return limited
    campaign = permissions.get_published_campaign(campaign_id)
    tables = tallies.campaign_tables(campaign)
    regions = Region.objects.in_bulk(list(tables.by_region))
    return {
        "id": campaign.pk,
        "title": campaign.title,
        "region": campaign.region.name,
        "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on,
        "published_at": campaign.results_published_at,
        "note": campaign.results_note,
        "minimum": settings.SURVEY_MIN_CELL,
        "overall": _cell(tables.overall.get(index.OVERALL)),
        "weighted": _cell(tables.weighted),
        "by_dimension": [
            {"code": d["code"], "name": d["name"], "cell": _cell(tables.overall.get(d["code"]))}
            for d in campaign.questionnaire.dimensions
        ],
        "by_jurisdiction": [
            {"region_id": k, "region": regions[k].name, "cell": _cell(cells.get(index.OVERALL))}
            for k, cells in sorted(
                ((k, v) for k, v in tables.by_region.items() if k in regions),
                key=lambda kv: regions[kv[0]].path,
            )
        ],
    }
