"""API of the workforce: a unit's roster and a practitioner's certificates (read, scoped as the pages)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from changxiao.core.deadlines import local_today

from . import queries, services
from .models import Certificate
from .permissions import get_practitioner_for_user, get_session_for_user, get_unit_for_user

router = Router(tags=["workforce"])


class PostOut(Schema):
    id: int
    practitioner_id: int
    name: str
    kind: str
    role: str
    start: date
    end: date | None
    requires_certificate: bool
    has_gap: bool


class CertificateOut(Schema):
    id: int
    kind: str
    issuer: str
    level: str
    number: str
    issued_on: date
    expires_on: date | None
    renews_id: int | None
    cancelled: bool


@router.get("/workforce/units/{unit_id}/roster", response=list[PostOut], summary="A unit's roster today")
@paginate
def unit_roster(request, unit_id: int):
    unit = get_unit_for_user(request.auth, unit_id)
    return [
        {
            "id": post.pk,
            "practitioner_id": post.practitioner_id,
            "name": post.practitioner.name_masked,
            "kind": post.kind,
            "role": post.role,
            "start": post.start,
            "end": post.end,
            "requires_certificate": post.requires_certificate,
            "has_gap": post.has_gap,
        }
        for post in queries.roster(unit, local_today())
    ]


@router.get(
    "/workforce/people/{practitioner_id}/certificates",
    response=list[CertificateOut],
    summary="A practitioner's certificates, renewals and cancelled ones included",
)
@paginate
def practitioner_certificates(request, practitioner_id: int):
    person = get_practitioner_for_user(request.auth, practitioner_id)
    certificates = (
        Certificate.objects.filter(practitioner=person).select_related("kind").order_by("-issued_on", "-pk")
    )
    return [
        {
            "id": c.pk,
            "kind": c.kind.name,
            "issuer": c.issuer,
            "level": c.level,
            "number": c.number,
            "issued_on": c.issued_on,
            "expires_on": c.expires_on,
            "renews_id": c.replaces_id,
            "cancelled": c.is_cancelled,
        }
        for c in certificates
    ]


class AttendanceRowIn(Schema):
    id_number: str = Field(max_length=30)
    days: str | None = Field(None, max_length=10)


class AttendanceIn(Schema):
    rows: list[AttendanceRowIn] = Field(max_length=services.ATTENDANCE_IMPORT_MAX)


class AttendanceImportOut(Schema):
    recorded: int


@router.post(
    "/workforce/training/{session_id}/attendance",
    response={201: AttendanceImportOut},
    summary="A training organizer's attendance list: all rows recorded or none, each bad row named",
)
def attendance_import(request, session_id: int, payload: AttendanceIn):
    session = get_session_for_user(request.auth, session_id, write=True)
    try:
        recorded = services.attendance_import(
            session=session, by=request.auth, rows=[row.dict() for row in payload.rows]
        )
    except PermissionDenied as exc:
        raise HttpError(403, "Only whoever keeps the organizer's roster records its attendance.") from exc
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc
    return 201, {"recorded": len(recorded)}
