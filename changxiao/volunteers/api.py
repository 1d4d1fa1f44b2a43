"""API of the culture volunteers: the published activities (public read); sign-up and check-in for the volunteer
signed in on the public site (the citizens' session cookie, with its CSRF token); a unit's hours export (staff)."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.security import APIKeyCookie

from changxiao.citizens.auth import current_citizen
from changxiao.core.deadlines import local_today
from changxiao.core.ratelimit import api_read_limit

from . import services
from .choices import SignupState
from .models import Activity, HourRecord
from .permissions import get_public_activity, get_unit_for_user

router = Router(tags=["volunteers"])
PUBLIC_READS_PER_MINUTE = 120


class CitizenSession(APIKeyCookie):
    """The citizen signed in on the public site (citizens.auth), through the session cookie; writes need the
    CSRF token as the pages do."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request, key):
        return current_citizen(request)


class ActivityOut(Schema):
    id: int
    title: str
    kind: str
    team: str
    unit: str
    place: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    taken: int
    risky: bool
    signup_mode: str
    state: str


@router.get(
    "/public/volunteers/activities",
    auth=None,
    response=list[ActivityOut],
    summary="Volunteer activities open or closed for sign-up, coming (public)",
)
@paginate
def public_activities(request):
    limited = api_read_limit(request, "public-read", limit=PUBLIC_READS_PER_MINUTE)
    if limited is not None:
        raise HttpError(429, "Too many requests.")
    rows = (
        Activity.objects.published()
        .filter(ends_at__gte=timezone.now())
        .select_related("team__unit")
        .annotate(
            taken=Count("signups", filter=Q(signups__state__in=[SignupState.CONFIRMED, SignupState.PENDING]))
        )
        .order_by("starts_at", "pk")
    )
    return [
        {
            "id": a.pk,
            "title": a.title,
            "kind": a.kind,
            "team": a.team.name,
            "unit": a.team.unit.name,
            "place": a.place,
            "starts_at": a.starts_at,
            "ends_at": a.ends_at,
            "capacity": a.capacity,
            "taken": a.taken,
            "risky": a.risky,
            "signup_mode": a.signup_mode,
            "state": a.state,
        }
        for a in rows[:500]
    ]


class SignupIn(Schema):
    role: str = Field("", max_length=100)


class SignupOut(Schema):
    id: int
    state: str


def _volunteer(request):
    volunteer = services.volunteer_for_citizen(request.auth)
    if volunteer is None:
        raise HttpError(403, "Register as a volunteer first.")
    return volunteer


@router.post(
    "/public/volunteers/activities/{activity_id}/signup",
    auth=CitizenSession(),
    response={201: SignupOut},
    summary="Sign up for an activity (the signed-in volunteer)",
)
def volunteer_signup(request, activity_id: int, payload: SignupIn):
    activity = get_public_activity(activity_id)
    try:
        signup = services.signup_create(activity=activity, volunteer=_volunteer(request), role=payload.role)
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc
    return 201, {"id": signup.pk, "state": signup.state}


class CheckIn(Schema):
    token: str = Field(max_length=200)
    # The phone's position, where it gives one: checked against the activity's place when it has coordinates.
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)


class RecordOut(Schema):
    id: int
    activity_id: int
    checked_in_at: datetime
    checked_out_at: datetime | None
    minutes: int


@router.post(
    "/public/volunteers/check",
    auth=CitizenSession(),
    response=RecordOut,
    summary="Check in, or out when checked in, with the activity's QR code (the signed-in volunteer)",
)
def volunteer_check(request, payload: CheckIn):
    activity = services.activity_from_token(payload.token)
    if activity is None:
        raise HttpError(404, "Not found.")
    try:
        position = None
        if payload.latitude is not None and payload.longitude is not None:
            position = (payload.latitude, payload.longitude)
        return services.check_scan(activity=activity, volunteer=_volunteer(request), position=position)
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc


class HoursOut(Schema):
    volunteer_number: str
    name: str
    activity_id: int
    activity: str
    checked_in_at: datetime
    checked_out_at: datetime | None
    minutes: int
    rule: str
    version: int
    needs_review: bool
    long_day: bool


class HoursFilter(Schema):
    year: int | None = Field(None, ge=2000, le=2100)


@router.get(
    "/volunteers/units/{unit_id}/hours",
    response=list[HoursOut],
    summary="A unit's volunteer hour records of a year (standing versions), for its own reports",
)
@paginate
def unit_hours(request, unit_id: int, filters: Query[HoursFilter]):
    unit = get_unit_for_user(request.auth, unit_id)
    records = (
        HourRecord.objects.visible_to(request.auth)
        .standing()
        .filter(activity__team__unit=unit, checked_in_at__year=filters.year or local_today().year)
        .select_related("volunteer", "activity")
        .order_by("checked_in_at", "pk")
    )
    return [
        {
            "volunteer_number": r.volunteer.number,
            "name": r.volunteer.name_masked,
            "activity_id": r.activity_id,
            "activity": r.activity.title,
            "checked_in_at": r.checked_in_at,
            "checked_out_at": r.checked_out_at,
            "minutes": r.minutes,
            "rule": r.rule,
            "version": r.version,
            "needs_review": r.needs_review,
            "long_day": r.long_day,
        }
        for r in records
    ]
