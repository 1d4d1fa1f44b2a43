"""API of supervision: findings visible to the caller, and submitting a rectification with evidence."""

from datetime import date
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Field, File, FilterLookup, FilterSchema, Form, Path, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from changxiao.core.api_types import QueryText
from changxiao.core.bounds import LONG_TEXT_MAX
from changxiao.core.models import Attachment

from . import services
from .choices import FindingState, InspectionKind, Severity
from .models import Finding
from .permissions import get_finding_for_user

router = Router(tags=["supervision"])

# A record's id as the database stores it (a 64-bit integer): a larger number is refused (422), not a server error.
RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]


# Most rows one page returns.
class FindingOut(Schema):
    id: int
    inspection_id: int
    inspection_title: str = Field(alias="inspection.title")
    inspection_kind: InspectionKind = Field(alias="inspection.kind")
    inspection_date: date = Field(alias="inspection.date")
    number: int
    description: str
    severity: Severity
    place: str
    lead_unit_id: int
    lead_unit_name: str = Field(alias="lead_unit.name")
    requirement: str
    due_date: date
    state: FindingState
    rectified_on: date | None
    rectified_on_time: bool | None


class RectificationOut(Schema):
    id: int
    finding_id: int
    measures: str
    state: str
    submitted_at: str
    review_comment: str
    evidence: list[str]

    @staticmethod
    def resolve_submitted_at(obj) -> str:
        return obj.submitted_at.isoformat()

    @staticmethod
    def resolve_evidence(obj) -> list[str]:
        return [a.original_name for a in Attachment.objects.for_object(obj)]


class FindingDetailOut(FindingOut):
    co_unit_ids: list[int]
    closing_reason: str
    rectifications: list[RectificationOut]

    @staticmethod
    def resolve_co_unit_ids(obj) -> list[int]:
        return list(obj.co_units.values_list("pk", flat=True))

    @staticmethod
    def resolve_rectifications(obj):
        return list(obj.rectifications.all())


class FindingFilter(FilterSchema):
    state: FindingState | None = None
    lead_unit_id: RecordId | None = None
    inspection_id: RecordId | None = None
    q: Annotated[QueryText | None, FilterLookup(["description__icontains", "place__icontains"])] = None


@router.get("/findings", response=list[FindingOut], summary="Findings visible to the caller")
@paginate
def list_findings(request, filters: Query[FindingFilter]):
    findings = (
        Finding.objects.visible_to(request.auth)
        .select_related("inspection", "lead_unit")
        .order_by("due_date", "pk")
    )
    return filters.filter(findings)


@router.get(
    "/findings/{finding_id}",
    response=FindingDetailOut,
    summary="One finding (404 outside the caller's scope)",
)
def get_finding(request, finding_id: Path[RecordId]):
    return get_finding_for_user(request.auth, finding_id)


@router.post(
    "/findings/{finding_id}/rectifications",
    response={201: RectificationOut},
    summary="Submit the rectification with evidence (multipart: measures and one or more evidence files)",
)
def submit_rectification(
    request,
    finding_id: Path[RecordId],
    measures: Form[Annotated[str, Field(min_length=1, max_length=LONG_TEXT_MAX)]],
    evidence: File[list[UploadedFile]] = None,
):
    finding = get_finding_for_user(request.auth, finding_id)
    try:
        rectification = services.rectification_submit(
            finding=finding, by=request.auth, measures=measures, evidence=list(evidence or [])
        )
    except PermissionDenied as exc:
        raise HttpError(403, "Only the responsible unit submits the rectification.") from exc
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc
    return Status(201, rectification)
