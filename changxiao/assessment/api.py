"""API of the assessment: indicator sets (read), my unit's submissions (read, and write while the self-report is
open), published results (public)."""

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from changxiao.core.bounds import TEXT_MAX
from changxiao.orgs.scope import get_scope

from . import permissions, services
from .forms import VALUE_MAX_LENGTH
from .models import IndicatorSet, Submission

router = Router(tags=["assessment"])


class IndicatorOut(Schema):
    code: str
    name: str
    category: str = Field(alias="category.name")
    unit_of_measure: str
    data_type: str
    comparator: str
    pass_level: Decimal | None
    excellent_level: Decimal | None
    scoring: str
    max_points: Decimal
    veto: bool
    source: str
    metric_code: str
    verified: bool
    citation: str


class IndicatorSetOut(Schema):
    id: int
    code: str
    version: int
    name: str
    source: str
    # The division code of the jurisdiction that keeps the set; null for a set shipped with the platform.
    kept_by: str | None

    @staticmethod
    def resolve_kept_by(obj) -> str | None:
        return obj.owner.code if obj.owner_id else None


class IndicatorSetDetailOut(IndicatorSetOut):
    indicators: list[IndicatorOut]

    @staticmethod
    def resolve_indicators(obj):
        return list(obj.indicators.select_related("category"))


@router.get("/indicator-sets", response=list[IndicatorSetOut], summary="Indicator sets")
def list_indicator_sets(request):
    return IndicatorSet.objects.visible_to(request.auth).select_related("owner")


@router.get(
    "/indicator-sets/{set_id}", response=IndicatorSetDetailOut, summary="An indicator set with its indicators"
)
def get_indicator_set(request, set_id: int):
    return permissions.get_indicator_set_for_user(request.auth, set_id)


class SubmissionOut(Schema):
    id: int
    round_id: int = Field(alias="participant.assessment_round_id")
    unit_id: int = Field(alias="participant.unit_id")
    indicator: str = Field(alias="indicator.code")
    value: Decimal | None
    note: str
    self_points: Decimal
    reviewer_points: Decimal | None
    metric_url: str
    self_report_state: str = Field(alias="participant.self_report_state")


class SubmissionIn(Schema):
    """A value as a person writes it (digits, a decimal point): checked by what the indicator measures."""

    value: str | None = Field(default=None, max_length=VALUE_MAX_LENGTH)
    note: str = Field(default="", max_length=TEXT_MAX)


@router.get("/assessment/submissions", response=list[SubmissionOut], summary="My units' submissions")
def my_submissions(request, round_id: int | None = None):
    submissions = Submission.objects.filter(
        participant__unit_id__in=get_scope(request.auth).unit_ids,
        participant__assessment_round__cancelled_at__isnull=True,
    ).select_related("participant", "indicator")
    if round_id is not None:
        submissions = submissions.filter(participant__assessment_round_id=round_id)
    return submissions


@router.put(
    "/assessment/submissions/{submission_id}", response=SubmissionOut, summary="Report a value (self-report)"
)
def report_value(request, submission_id: int, payload: SubmissionIn):
    submission = permissions.get_submission_for_user(request.auth, submission_id)
    try:
        return services.submission_report(
            submission=submission, by=request.auth, value=payload.value, note=payload.note
        )
    except PermissionDenied as exc:
        raise HttpError(403, "Only the participating unit reports its values.") from exc
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc


class SubmitIn(Schema):
    confirmed: bool = Field(
        default=False,
        description="True once the indicators still empty (see the 422 answer) are acknowledged.",
    )


class SelfReportOut(Schema):
    id: int
    round_id: int = Field(alias="assessment_round_id")
    unit_id: int
    self_report_state: str
    submitted_at: datetime | None


@router.post(
    "/assessment/participants/{participant_id}/submit",
    response=SelfReportOut,
    summary="Submit the self-report (提交自评): its values are then locked",
)
def submit_self_report(request, participant_id: int, payload: SubmitIn):
    participant = permissions.get_participant_for_user(request.auth, participant_id)
    if not permissions.can_report(request.auth, participant):
        raise HttpError(403, "Only the participating unit submits its self-report.")
    try:
        return services.participant_submit(
            participant=participant, by=request.auth, confirmed=payload.confirmed
        )
    except ValidationError as exc:
        check = services.participant_submit_check(participant)
        raise HttpError(422, " ".join([*exc.messages, *check.missing])) from exc


class ResultOut(Schema):
    rank: int | None
    unit: str
    total: Decimal | None
    grade: str


@router.get(
    "/public/assessment/{round_id}/results",
    auth=None,
    response=list[ResultOut],
    summary="Published results (public)",
)
def published_results(request, round_id: int):
    assessment_round = permissions.get_published_round(round_id)
    return [
        {"rank": p.final_rank, "unit": p.unit.name, "total": p.final_total, "grade": p.final_grade}
        for p in assessment_round.participants.select_related("unit").order_by("final_rank")
    ]
