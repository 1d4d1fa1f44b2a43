"""Every write of the culture volunteers, one function each, in one transaction: permission, state, bounds, the
change, the timeline event."""

import functools
import math
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.citizens.models import Citizen
from changxiao.citizens.services import citizen_phone
from changxiao.core import personal_data
from changxiao.core.bounds import check_record_date, check_text
from changxiao.core.confirmation import StepCheck
from changxiao.core.corrections import require_reason
from changxiao.core.permissions import require
from changxiao.core.rows import first_row
from changxiao.core.timeline import record_event, register_verbs
from changxiao.orgs.models import Region, Unit, User

from .choices import (
    ADULT_AGE,
    CHECKIN_OPENS_MINUTES,
    CHECKOUT_GRACE_MINUTES,
    DEFAULT_STAR_HOURS,
    DEFAULT_STAR_SOURCE,
    LONG_DAY_MINUTES,
    PUBLISHED_ACTIVITY_STATES,
    ActivityKind,
    ActivityState,
    CertificateState,
    RecordRule,
    SignupMode,
    SignupState,
    TeamKind,
)
from .models import (
    Activity,
    Certificate,
    HourRecord,
    Membership,
    PersonalDataView,
    Recognition,
    ServiceYear,
    Signup,
    StarScale,
    Team,
    Volunteer,
)
from .permissions import can_keep_star_scale, can_keep_team, can_keep_unit, can_reveal_personal_data

register_verbs(
    {
        "volunteers.registered": gettext_lazy("registered as a volunteer"),
        "volunteers.team_created": gettext_lazy("created the team"),
        "volunteers.leader_set": gettext_lazy("named a team leader"),
        "volunteers.activity_created": gettext_lazy("created the activity"),
        "volunteers.insurance_attached": gettext_lazy("attached the insurance policy"),
        "volunteers.activity_opened": gettext_lazy("opened sign-up"),
        "volunteers.activity_closed": gettext_lazy("closed sign-up"),
        "volunteers.activity_cancelled": gettext_lazy("cancelled the activity"),
        "volunteers.signup_decided": gettext_lazy("decided on a sign-up"),
        "volunteers.record_corrected": gettext_lazy("corrected service hours"),
        "volunteers.record_reviewed": gettext_lazy("confirmed hours counted to the planned end"),
        "volunteers.certificate_issued": gettext_lazy("issued the certificate"),
        "volunteers.certificate_refused": gettext_lazy("refused the certificate"),
        "volunteers.certificate_withdrawn": gettext_lazy("withdrew the certificate"),
        "volunteers.stars_set": gettext_lazy("set the star scale"),
        "volunteers.recognized": gettext_lazy("recognized the volunteer"),
        "volunteers.personal_data_viewed": gettext_lazy("viewed the personal data in full"),
    }
)

CHECKIN_SALT = "volunteers.checkin"


# --- Registration ---------------------------------------------------------------------------------------------


def _age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _new_number() -> str:
    """A volunteer number: the year and eight random digits (never derived from the identity card number)."""
    return f"WZ{timezone.localdate().year}{secrets.randbelow(10**8):08d}"


def volunteer_register(
    *,
    name: str,
    id_number: str,
    phone: str,
    region: Region,
    skills: str = "",
    availability: str = "",
    consent: bool,
    public_name: bool = False,
    public_hours: bool = False,
    guardian_name: str = "",
    guardian_phone: str = "",
    guardian_consent: bool = False,
    citizen: Citizen | None = None,
    unit: Unit | None = None,
    by: User | None = None,
) -> Volunteer:
    """Register a volunteer — by themselves on the public site (citizen) or by a unit (unit, by). The agreement and
    the consent to keep their records are required; under 18, a guardian's name, phone and consent too."""
    if unit is not None:
        require(by is not None and can_keep_unit(by, unit))
    elif citizen is None:
        raise ValidationError(_("A volunteer registers signed in, or is registered by a unit."))
    errors: dict[str, list] = {}
    name = check_text(name, field="name", maximum=20).strip()
    if len(name) < 2:
        errors["name"] = [_("Enter the full name as on the identity card.")]
    try:
        number = personal_data.normalize_id_number(id_number)
    except ValidationError as exc:
        errors["id_number"] = exc.messages
        number = ""
    try:
        phone = personal_data.normalize_phone(phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages
    if not consent:
        errors["consent"] = [
            _("Registration needs your agreement to the volunteer terms and to keeping your records.")
        ]
    born = date(int(number[6:10]), int(number[10:12]), int(number[12:14])) if number else None
    minor = born is not None and _age_on(born, timezone.localdate()) < ADULT_AGE
    if minor:
        guardian_name = check_text(guardian_name, field="guardian_name", maximum=20).strip()
        if len(guardian_name) < 2:
            errors["guardian_name"] = [_("A volunteer under 18 needs a guardian: enter the guardian's name.")]
        try:
            guardian_phone = personal_data.normalize_phone(guardian_phone)
        except ValidationError as exc:
            errors["guardian_phone"] = exc.messages
        if not guardian_consent:
            errors["guardian_consent"] = [
                _(
                    "A volunteer under 18 is registered only with the guardian's consent (文化志愿服务管理办法 art. 4)."
                )
            ]
    if errors:
        raise ValidationError(errors)
    digest = personal_data.lookup_digest(number)
    if Volunteer.objects.filter(id_number_digest=digest).exists():
        raise ValidationError(
            {"id_number": [_("This identity card number is already registered as a volunteer.")]}
        )
    if citizen is not None and Volunteer.objects.filter(citizen=citizen).exists():
        raise ValidationError(_("You are already registered as a volunteer."))
    now = timezone.now()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                volunteer = Volunteer.objects.create(
                    citizen=citizen,
                    number=_new_number(),
                    name_encrypted=personal_data.encrypt(name),
                    name_masked=personal_data.mask_name(name),
                    id_number_encrypted=personal_data.encrypt(number),
                    id_number_masked=personal_data.mask_id_number(number),
                    id_number_digest=digest,
                    phone_encrypted=personal_data.encrypt(phone),
                    phone_masked=personal_data.mask_phone(phone),
                    birth_date=born,
                    region=region,
                    skills=check_text(skills, field="skills", maximum=300),
                    availability=check_text(availability, field="availability", maximum=200),
                    guardian_name_encrypted=personal_data.encrypt(guardian_name) if minor else "",
                    guardian_name_masked=personal_data.mask_name(guardian_name) if minor else "",
                    guardian_phone_encrypted=personal_data.encrypt(guardian_phone) if minor else "",
                    guardian_phone_masked=personal_data.mask_phone(guardian_phone) if minor else "",
                    guardian_consent_at=now if minor else None,
                    consent_at=now,
                    public_name=public_name,
                    public_hours=public_hours,
                    registered_by=unit,
                )
                record_event(volunteer, actor=by, verb="volunteers.registered")
                return volunteer
        except IntegrityError:
            if Volunteer.objects.filter(id_number_digest=digest).exists():
                raise ValidationError(
                    {"id_number": [_("This identity card number is already registered as a volunteer.")]}
                ) from None
    raise ValidationError(_("The registration could not be saved. Please try again."))


def volunteer_link_citizen(*, volunteer: Volunteer, citizen: Citizen) -> Volunteer:
    """A volunteer registered by a unit signs in for the first time: the account whose phone is the volunteer's
    own becomes theirs."""
    if volunteer.citizen_id is not None or citizen_phone(citizen) != personal_data.decrypt(
        volunteer.phone_encrypted
    ):
        raise ValidationError(_("This registration belongs to another phone number."))
    volunteer.citizen = citizen
    volunteer.save(update_fields=["citizen"])
    return volunteer


def volunteer_for_citizen(citizen: Citizen) -> Volunteer | None:
    """The citizen's volunteer registration: their own, or one a unit made with their phone (linked at once)."""
    volunteer = first_row(Volunteer, '"citizen_id" = %s', [citizen.pk])
    if volunteer is not None:
        return volunteer
    phone = citizen_phone(citizen)
    masked = personal_data.mask_phone(phone)
    for candidate in Volunteer.objects.filter(citizen__isnull=True, phone_masked=masked)[:20]:
        if personal_data.decrypt(candidate.phone_encrypted) == phone:
            return volunteer_link_citizen(volunteer=candidate, citizen=citizen)
    return None


def volunteer_consent_change(*, volunteer: Volunteer, public_name: bool, public_hours: bool) -> Volunteer:
    """The volunteer changes what public pages may show (a certificate's check page included)."""
    volunteer.public_name = public_name
    volunteer.public_hours = public_hours
    volunteer.save(update_fields=["public_name", "public_hours"])
    return volunteer


@transaction.atomic
def volunteer_personal_data_reveal(*, volunteer: Volunteer, by: User, reason: str) -> dict[str, str]:
    """The volunteer's name, identity card number and phone (and a minor's guardian's) in full, for the managers of
    a unit organizing them, with the reason: every view logged (PersonalDataView) and on the volunteer's timeline."""
    require(can_reveal_personal_data(by, volunteer))
    reason = require_reason(reason)[:500]
    PersonalDataView.objects.create(volunteer=volunteer, viewer=by, reason=reason)
    record_event(volunteer, actor=by, verb="volunteers.personal_data_viewed", comment=reason)
    data = {
        "name": personal_data.decrypt(volunteer.name_encrypted),
        "id_number": personal_data.decrypt(volunteer.id_number_encrypted),
        "phone": personal_data.decrypt(volunteer.phone_encrypted),
    }
    if volunteer.guardian_name_encrypted:
        data["guardian_name"] = personal_data.decrypt(volunteer.guardian_name_encrypted)
        data["guardian_phone"] = personal_data.decrypt(volunteer.guardian_phone_encrypted)
    return data


# --- Teams -----------------------------------------------------------------------------------------------------


def team_create(
    *,
    unit: Unit,
    by: User,
    name: str,
    kind: str = TeamKind.UNIT,
    description: str = "",
    credit_code: str = "",
) -> Team:
    require(can_keep_unit(by, unit))
    name = check_text(name, field="name", maximum=100).strip()
    if not name:
        raise ValidationError({"name": _("Give the team a name.")})
    if kind not in TeamKind.values:
        raise ValidationError({"kind": _("Choose a kind of team.")})
    if Team.objects.filter(unit=unit, name=name).exists():
        raise ValidationError({"name": _("The unit already has a team of this name.")})
    credit_code = check_text(credit_code, field="credit_code", maximum=18).strip().upper()
    team = Team.objects.create(
        unit=unit,
        name=name,
        kind=kind,
        description=check_text(description, field="description"),
        credit_code=credit_code,
    )
    record_event(team, actor=by, verb="volunteers.team_created")
    return team


def team_leader_set(*, team: Team, by: User, volunteer_number: str) -> Volunteer:
    """Name a member of the team (by volunteer number) as one of its leaders."""
    require(can_keep_team(by, team))
    volunteer = Volunteer.objects.filter(number=(volunteer_number or "").strip()[:20]).first()
    if volunteer is None or not Membership.objects.filter(team=team, volunteer=volunteer).exists():
        raise ValidationError({"volunteer_number": _("No member of this team has this volunteer number.")})
    team.leaders.add(volunteer)
    record_event(team, actor=by, verb="volunteers.leader_set", comment=str(volunteer))
    return volunteer


def member_add(*, team: Team, by: User, volunteer_number: str) -> Membership:
    require(can_keep_team(by, team))
    volunteer = Volunteer.objects.filter(number=(volunteer_number or "").strip()[:20]).first()
    if volunteer is None:
        raise ValidationError({"volunteer_number": _("No volunteer has this number.")})
    membership, _created = Membership.objects.get_or_create(team=team, volunteer=volunteer)
    return membership


# --- Activities ---------------------------------------------------------------------------------------------------


def _check_activity(
    *, starts_at: datetime, ends_at: datetime, capacity: int, kind: str, title: str, place: str, terms: str
) -> None:
    errors = {}
    if not check_text(title, field="title", maximum=200).strip():
        errors["title"] = [_("Give the activity a title.")]
    if not check_text(place, field="place", maximum=200).strip():
        errors["place"] = [_("Give the place of the activity.")]
    if not check_text(terms, field="terms", maximum=4000).strip():
        errors["terms"] = [
            _(
                "Write the agreement's terms: content, time and place; rights and duties; risk protection; change "
                "and termination; liability and disputes; other matters."
            )
        ]
    if kind not in ActivityKind.values:
        errors["kind"] = [_("Choose a kind of service.")]
    if ends_at <= starts_at:
        errors["ends_time"] = [_("The activity must end after it starts.")]
    elif ends_at - starts_at > timedelta(days=1):
        errors["ends_time"] = [_("An activity lasts one day at most: make one activity per day.")]
    if not 1 <= capacity <= 10000:
        errors["capacity"] = [_("Between 1 and 10,000 volunteers.")]
    if errors:
        raise ValidationError(errors)


def activity_create(
    *,
    team: Team,
    by: User,
    title: str,
    kind: str,
    place: str,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
    terms: str,
    roles: str = "",
    skills: str = "",
    risky: bool = False,
    insurance_policy: str = "",
    signup_mode: str = SignupMode.DIRECT,
    counts_for_stars: bool = True,
    latitude=None,
    longitude=None,
) -> Activity:
    require(can_keep_team(by, team))
    if (latitude is None) != (longitude is None):
        raise ValidationError(
            {"longitude": _("Give both the latitude and the longitude of the place, or neither.")}
        )
    _check_activity(
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        kind=kind,
        title=title,
        place=place,
        terms=terms,
    )
    if signup_mode not in SignupMode.values:
        raise ValidationError({"signup_mode": _("Choose how volunteers sign up.")})
    activity = Activity.objects.create(
        team=team,
        title=title.strip(),
        kind=kind,
        place=place.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        terms=terms,
        roles=check_text(roles, field="roles", maximum=1000),
        skills=check_text(skills, field="skills", maximum=300),
        risky=risky,
        insurance_policy=check_text(insurance_policy, field="insurance_policy", maximum=200).strip(),
        signup_mode=signup_mode,
        counts_for_stars=counts_for_stars,
        latitude=latitude,
        longitude=longitude,
        checkin_secret=secrets.token_hex(16),
        created_by=by,
    )
    record_event(activity, actor=by, verb="volunteers.activity_created")
    return activity


def activity_insurance_attach(*, activity: Activity, by: User, policy: str) -> Activity:
    """Attach the accident insurance policy (志愿服务条例 art. 17): insurer and policy number."""
    require(can_keep_team(by, activity.team))
    policy = check_text(policy, field="policy", maximum=200).strip()
    if len(policy) < 4:
        raise ValidationError({"policy": _("Give the insurer and the policy number.")})
    activity.insurance_policy = policy
    activity.save(update_fields=["insurance_policy"])
    record_event(activity, actor=by, verb="volunteers.insurance_attached", comment=policy)
    return activity


def activity_open_check(activity: Activity, at: datetime | None = None) -> StepCheck:
    forbidden = []
    if activity.state not in (ActivityState.DRAFT, ActivityState.CLOSED):
        forbidden.append(_("Only a draft or a closed activity opens for sign-up."))
    if activity.risky and not activity.insurance_policy:
        forbidden.append(
            _(
                "This activity carries personal risk: attach the accident insurance policy before sign-up opens "
                "(志愿服务条例 art. 17)."
            )
        )
    if activity.ends_at <= (at or timezone.now()):
        forbidden.append(_("The activity is over."))
    return StepCheck(
        action=_("Open sign-up for %(title)s") % {"title": activity.title},
        consequences=[_("The activity is listed on the public site and volunteers may sign up.")],
        refusals=forbidden,
    )


def activity_open(*, activity: Activity, by: User, confirmed: bool, at: datetime | None = None) -> Activity:
    """Open sign-up (`at`: the moment it is done, for the demo's replay of a past year; now otherwise)."""
    require(can_keep_team(by, activity.team))
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        activity_open_check(activity, at).require(confirmed=confirmed)
        previous = activity.state
        activity.state = ActivityState.OPEN
        activity.save(update_fields=["state"])
        record_event(
            activity,
            actor=by,
            verb="volunteers.activity_opened",
            from_state=previous,
            to_state=activity.state,
        )
    return activity


def activity_close(*, activity: Activity, by: User) -> Activity:
    require(can_keep_team(by, activity.team))
    if activity.state != ActivityState.OPEN:
        raise ValidationError(_("Only an open activity closes its sign-up."))
    activity.state = ActivityState.CLOSED
    activity.save(update_fields=["state"])
    record_event(activity, actor=by, verb="volunteers.activity_closed", from_state="open", to_state="closed")
    return activity


def activity_cancel(*, activity: Activity, by: User, reason: str) -> Activity:
    require(can_keep_team(by, activity.team))
    reason = require_reason(reason)
    if activity.state == ActivityState.CANCELLED:
        raise ValidationError(_("The activity is already cancelled."))
    if HourRecord.objects.standing().filter(activity=activity).exists():
        raise ValidationError(
            _("Volunteers have checked in: the activity took place and cannot be cancelled.")
        )
    previous = activity.state
    activity.state = ActivityState.CANCELLED
    activity.save(update_fields=["state"])
    record_event(
        activity,
        actor=by,
        verb="volunteers.activity_cancelled",
        from_state=previous,
        to_state=activity.state,
        comment=reason,
    )
    return activity


def checkin_token(activity: Activity) -> str:
    """What the activity's QR code carries: the activity and its secret, signed."""
    return signing.dumps(
        {"a": activity.pk, "s": activity.checkin_secret[:12]}, salt=CHECKIN_SALT, compress=True
    )


def activity_from_token(token: str) -> Activity | None:
    try:
        data = signing.loads(token[:200], salt=CHECKIN_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("a"), int):
        return None
    activity = first_row(
        Activity, '"id" = %s AND "state" IN (%s, %s)', [data["a"], *PUBLISHED_ACTIVITY_STATES]
    )
    if activity is None or activity.checkin_secret[:12] != data.get("s"):
        return None
    return activity


# --- Sign-up ---------------------------------------------------------------------------------------------------


def places_taken(activity: Activity) -> int:
    return Signup.objects.filter(activity=activity).holding_places().count()


def signup_create(
    *, activity: Activity, volunteer: Volunteer, role: str = "", at: datetime | None = None
) -> Signup:
    """Sign up: confirmed at once (direct), awaiting approval (approved), or on the waiting list when full (`at`:
    the moment, for the demo's replay; now otherwise)."""
    now = at or timezone.now()
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        if activity.state != ActivityState.OPEN:
            raise ValidationError(_("Sign-up for this activity is not open."))
        if activity.ends_at <= now:
            raise ValidationError(_("The activity is over."))
        existing = Signup.objects.filter(activity=activity, volunteer=volunteer).first()
        if existing is not None and existing.state not in (SignupState.CANCELLED,):
            raise ValidationError(_("You have already signed up for this activity."))
        full = places_taken(activity) >= activity.capacity
        if full:
            state = SignupState.WAITLISTED
        elif activity.signup_mode == SignupMode.APPROVED:
            state = SignupState.PENDING
        else:
            state = SignupState.CONFIRMED
        role = check_text(role, field="role", maximum=100)
        if existing is not None:
            existing.state, existing.role, existing.acknowledged_at, existing.reason = state, role, None, ""
            existing.created_at = now
            existing.save(update_fields=["state", "role", "acknowledged_at", "reason", "created_at"])
            signup = existing
        else:
            signup = Signup.objects.create(
                activity=activity, volunteer=volunteer, state=state, role=role, created_at=now
            )
        if state == SignupState.CONFIRMED:
            Membership.objects.get_or_create(team=activity.team, volunteer=volunteer)
    return signup


def signup_acknowledge(*, signup: Signup, volunteer: Volunteer) -> Signup:
    """The volunteer confirms they will come (确认参加) to a confirmed place."""
    if signup.volunteer_id != volunteer.pk or signup.state != SignupState.CONFIRMED:
        raise ValidationError(_("Only a confirmed place is acknowledged."))
    if signup.acknowledged_at is None:
        signup.acknowledged_at = timezone.now()
        signup.save(update_fields=["acknowledged_at"])
    return signup


def _promote_waiting(activity: Activity) -> None:
    """A place freed goes to the first on the waiting list."""
    if places_taken(activity) >= activity.capacity:
        return
    first = (
        Signup.objects.filter(activity=activity, state=SignupState.WAITLISTED)
        .order_by("created_at", "pk")
        .first()
    )
    if first is not None:
        first.state = (
            SignupState.PENDING if activity.signup_mode == SignupMode.APPROVED else SignupState.CONFIRMED
        )
        first.save(update_fields=["state"])
        if first.state == SignupState.CONFIRMED:
            Membership.objects.get_or_create(team=activity.team, volunteer=first.volunteer)


def signup_cancel(*, signup: Signup, volunteer: Volunteer, reason: str = "") -> Signup:
    """The volunteer cancels before checking in; a place freed goes to the waiting list."""
    with transaction.atomic():
        Activity.objects.select_for_update().get(pk=signup.activity_id)
        signup = Signup.objects.select_for_update().get(pk=signup.pk)
        if signup.volunteer_id != volunteer.pk:
            raise ValidationError(_("This sign-up is not yours."))
        if signup.state in (SignupState.CANCELLED, SignupState.REFUSED):
            raise ValidationError(_("This sign-up is already cancelled or refused."))
        if HourRecord.objects.standing().filter(signup=signup).exists():
            raise ValidationError(_("You have checked in: the sign-up cannot be cancelled."))
        signup.state = SignupState.CANCELLED
        signup.reason = check_text(reason, field="reason", maximum=500)
        signup.save(update_fields=["state", "reason"])
        _promote_waiting(signup.activity)
    return signup


def signup_decide(*, signup: Signup, by: User, approve: bool, reason: str = "") -> Signup:
    """The organizer approves or refuses a sign-up awaiting approval (a refusal with its reason)."""
    require(can_keep_team(by, signup.activity.team))
    with transaction.atomic():
        Activity.objects.select_for_update().get(pk=signup.activity_id)
        signup = Signup.objects.select_for_update().select_related("activity__team").get(pk=signup.pk)
        if signup.state != SignupState.PENDING:
            raise ValidationError(_("Only a sign-up awaiting approval is approved or refused."))
        if not approve:
            reason = require_reason(reason)
        previous = signup.state
        signup.state = SignupState.CONFIRMED if approve else SignupState.REFUSED
        signup.reason = check_text(reason, field="reason", maximum=500)
        signup.decided_at = timezone.now()
        signup.save(update_fields=["state", "reason", "decided_at"])
        if approve:
            Membership.objects.get_or_create(team=signup.activity.team, volunteer=signup.volunteer)
        else:
            _promote_waiting(signup.activity)
        record_event(
            signup.activity,
            actor=by,
            verb="volunteers.signup_decided",
            from_state=previous,
            to_state=signup.state,
            comment=f"{signup.volunteer} {reason}".strip(),
        )
    return signup


# --- Check-in, check-out and the hours -----------------------------------------------------------------------------


def _overlapping(volunteer_id: int, start: datetime, end: datetime | None, exclude_signup: int | None):
    """The volunteer's standing records (any team's) whose time overlaps [start, end)."""
    records = HourRecord.objects.standing().filter(volunteer_id=volunteer_id)
    if exclude_signup is not None:
        records = records.exclude(signup_id=exclude_signup)
    if end is not None:
        records = records.filter(checked_in_at__lt=end)
    return records.filter(Q(checked_out_at__isnull=True) | Q(checked_out_at__gt=start)).select_related(
        "activity"
    )


def counted_minutes(activity: Activity, checked_in_at: datetime, checked_out_at: datetime) -> int:
    """The minutes of service: from the check-in (not before the planned start: arriving early is not service) to
    the check-out; never more than the time between them."""
    start = max(checked_in_at, activity.starts_at)
    return max(int((checked_out_at - start).total_seconds() // 60), 0)


def _day_minutes(volunteer_id: int, day: date, exclude_pk: int | None = None) -> int:
    records = HourRecord.objects.standing().filter(volunteer_id=volunteer_id, checked_in_at__date=day)
    if exclude_pk:
        records = records.exclude(pk=exclude_pk)
    return records.aggregate(total=Sum("minutes"))["total"] or 0


def _add_minutes(volunteer_id: int, checked_in_at: datetime, delta: int) -> None:
    """Count a record's minutes (or take them back: a negative delta) in the volunteer's running total and in the
    tally of the check-in's year (ServiceYear). In the caller's transaction: the volunteer's row, updated first, stays
    locked till it ends, so a second check-out of the same volunteer waits and then finds the year's row made."""
    if not delta:
        return
    Volunteer.objects.filter(pk=volunteer_id).update(total_minutes=F("total_minutes") + delta)
    year = timezone.localtime(checked_in_at).year
    if not ServiceYear.objects.filter(volunteer_id=volunteer_id, year=year).update(
        minutes=F("minutes") + delta
    ):
        region_id = Volunteer.objects.filter(pk=volunteer_id).values_list("region_id", flat=True).get()
        ServiceYear.objects.create(volunteer_id=volunteer_id, region_id=region_id, year=year, minutes=delta)


@dataclass(frozen=True)
class _ScanRow:
    """What _checkin_read reads for a scan: the sign-up, its standing record if any, and the title of another
    activity whose standing record overlaps now (elsewhere)."""

    signup_id: int
    volunteer_id: int
    state: str
    record_pk: int | None
    record_in: datetime | None
    record_out: datetime | None
    elsewhere: str | None


@functools.cache
def _checkin_read_sql(vendor: str) -> str:
    """_checkin_read's statement, written once per process (as the surveys' insert): built by the ORM it cost about
    2 ms of CPU on every scan — a third of a check-in's — for the same text each time. The volunteer's row is locked
    where the database can (PostgreSQL); SQLite's immediate transactions write one at a time."""
    tables = {
        "signup": Signup._meta.db_table,
        "volunteer": Volunteer._meta.db_table,
        "record": HourRecord._meta.db_table,
        "activity": Activity._meta.db_table,
    }
    lock = " FOR UPDATE OF v" if vendor == "postgresql" else ""
    return (  # noqa: S608 (the models' table names, no input)
        "SELECT s.id, s.volunteer_id, s.state, r.id, r.checked_in_at, r.checked_out_at, "
        "(SELECT a.title FROM {record} o JOIN {activity} a ON a.id = o.activity_id "
        "WHERE o.volunteer_id = s.volunteer_id AND o.signup_id <> s.id "
        "AND o.cancelled_at IS NULL AND o.superseded_by_id IS NULL "
        "AND (o.checked_out_at IS NULL OR o.checked_out_at > %s) LIMIT 1) "
        "FROM {signup} s JOIN {volunteer} v ON v.id = s.volunteer_id "
        "LEFT JOIN {record} r ON r.signup_id = s.id AND r.cancelled_at IS NULL AND r.superseded_by_id IS NULL "
        "WHERE s.activity_id = %s AND s.volunteer_id = %s"
    ).format(**tables) + lock


def _aware(value: datetime | None) -> datetime | None:
    """A timestamp read by hand: aware on PostgreSQL, naive UTC on SQLite."""
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value, UTC)
    return value


def _checkin_read(activity: Activity, volunteer: Volunteer, now: datetime) -> _ScanRow | None:
    """What a check-in or a scan needs, in one read: the volunteer's sign-up for the activity, with its standing
    record (record_pk, record_in, record_out; at most one, by the one-standing-record constraint) and the title of
    another activity whose standing record overlaps now (elsewhere). The volunteer's row is locked (PostgreSQL) so
    that two scans of one volunteer at once, at one activity or at two teams' activities, are decided one after the
    other."""
    with connection.cursor() as cursor:
        cursor.execute(
            _checkin_read_sql(connection.vendor),
            [connection.ops.adapt_datetimefield_value(now), activity.pk, volunteer.pk],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    signup_id, volunteer_id, state, record_pk, record_in, record_out, elsewhere = row
    return _ScanRow(
        signup_id, volunteer_id, state, record_pk, _aware(record_in), _aware(record_out), elsewhere
    )


# A check-in by phone at an activity with coordinates is accepted within this distance of the place.
CHECKIN_RADIUS_METRES = getattr(settings, "VOLUNTEERS_CHECKIN_RADIUS_METRES", 500)


def _distance_metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


def _located(activity: Activity, position: tuple[float, float] | None) -> bool | None:
    """The place check: None where the activity has no coordinates; False without the phone's position (accepted,
    marked for the leader); True within the radius; farther is refused."""
    if activity.latitude is None or activity.longitude is None:
        return None
    if position is None:
        return False
    distance = _distance_metres(float(activity.latitude), float(activity.longitude), *position)
    if distance > CHECKIN_RADIUS_METRES:
        raise ValidationError(
            _(
                "Your phone is %(distance)s m from the activity's place; check-in is accepted within %(radius)s m. "
                "Check in at the place."
            )
            % {"distance": f"{distance:,.0f}", "radius": CHECKIN_RADIUS_METRES}
        )
    return True


def _checkin(
    activity: Activity,
    signup: _ScanRow | None,
    by: User | None,
    now: datetime,
    position: tuple[float, float] | None = None,
) -> HourRecord:
    """The check-in, decided on _checkin_read's row; the record is inserted once (the database's one standing record
    per sign-up refuses a second). Its creation is not written to the audit log: the record itself states when and
    by whom (checked_in_at, created_at, by_leader, recorded_by) and is never rewritten but by audited changes or a
    new version."""
    if signup is None or signup.state != SignupState.CONFIRMED:
        raise ValidationError(_("Only a volunteer with a confirmed place checks in."))
    opens = activity.starts_at - timedelta(minutes=CHECKIN_OPENS_MINUTES)
    if now < opens:
        raise ValidationError(
            _("Check-in opens at %(time)s, an hour before the start.")
            % {"time": timezone.localtime(opens).strftime("%Y-%m-%d %H:%M")}
        )
    if now >= activity.ends_at:
        raise ValidationError(_("The activity has ended: check-in is closed."))
    if signup.record_pk is not None:
        raise ValidationError(_("Already checked in for this activity."))
    if signup.elsewhere is not None:
        raise ValidationError(
            _("Still checked in at %(activity)s, or its hours overlap: check out there first.")
            % {"activity": signup.elsewhere}
        )
    record = HourRecord(
        volunteer_id=signup.volunteer_id,
        activity=activity,
        signup_id=signup.signup_id,
        checked_in_at=now,
        by_leader=by is not None,
        recorded_by=by,
        located=None if by is not None else _located(activity, position),
    )
    if not _insert_record(record):
        raise ValidationError(_("Already checked in for this activity."))
    return record


@functools.cache
def _record_insert_sql(vendor: str) -> tuple[list, str]:
    """The fields of a check-in's record and its statement, per database vendor (written once per process, as the
    surveys' insert)."""
    fields = [field for field in HourRecord._meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    table, pk = quote(HourRecord._meta.db_table), quote(HourRecord._meta.pk.column)
    columns, slots = ", ".join(quote(f.column) for f in fields), ", ".join(["%s"] * len(fields))
    # Names come from the model's metadata; the values are parameters.
    return fields, f"INSERT INTO {table} ({columns}) VALUES ({slots}) ON CONFLICT DO NOTHING RETURNING {pk}"  # noqa: S608


def _insert_record(record: HourRecord) -> bool:
    """Insert a check-in's record unless the sign-up has a standing one already (the constraint
    volunteers_record_one_standing); True when inserted (its id is then set). One statement, INSERT … ON CONFLICT DO
    NOTHING RETURNING id (SQLite ≥ 3.35 and PostgreSQL): no savepoint around it and no error to recover from. Not
    written to the audit log (no signal is sent), as before: the record states when and by whom itself."""
    fields, sql = _record_insert_sql(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [field.get_db_prep_save(getattr(record, field.attname), connection) for field in fields]
        )
        row = cursor.fetchone()
    if row is None:
        return False
    record.pk = row[0]
    record._state.adding = False
    return True


def checkin(
    *, activity: Activity, volunteer: Volunteer, by: User | None = None, at: datetime | None = None
) -> HourRecord:
    """Check a volunteer in: by the QR code on their phone, or by the organizer (by) for one without a phone —
    within the activity's window, once, never while checked in elsewhere."""
    if by is not None:
        require(can_keep_team(by, activity.team))
    now = at or timezone.now()
    with transaction.atomic():
        return _checkin(activity, _checkin_read(activity, volunteer, now), by, now)


def checkout(
    *, activity: Activity, volunteer: Volunteer, by: User | None = None, at: datetime | None = None
) -> HourRecord:
    """Check out: the minutes are counted from the check-in (counted_minutes); up to two hours after the planned
    end. A day of more than 12 hours is flagged for the organizer."""
    if by is not None:
        require(can_keep_team(by, activity.team))
    now = at or timezone.now()
    with transaction.atomic():
        record = (
            HourRecord.objects.standing()
            .select_for_update()
            .filter(activity=activity, volunteer=volunteer)
            .first()
        )
        if record is None:
            raise ValidationError(_("Not checked in for this activity."))
        if record.checked_out_at is not None:
            raise ValidationError(_("Already checked out of this activity."))
        if now > activity.ends_at + timedelta(minutes=CHECKOUT_GRACE_MINUTES):
            raise ValidationError(
                _(
                    "Check-out closed two hours after the planned end: the organizer counts your hours to the end."
                )
            )
        record.checked_out_at = max(now, record.checked_in_at)
        record.minutes = counted_minutes(activity, record.checked_in_at, record.checked_out_at)
        day = timezone.localtime(record.checked_in_at).date()
        record.long_day = _day_minutes(volunteer.pk, day, record.pk) + record.minutes > LONG_DAY_MINUTES
        record.checked_out_by = by  # the leader who checked them out, on the record itself
        record.save(update_fields=["checked_out_at", "minutes", "long_day", "checked_out_by"])
        _add_minutes(volunteer.pk, record.checked_in_at, record.minutes)
    return record


# A second scan this soon after the check-in is a double tap, not a check-out.
RESCAN_MINUTES = 5


def check_scan(
    *,
    activity: Activity,
    volunteer: Volunteer,
    at: datetime | None = None,
    position: tuple[float, float] | None = None,
) -> HourRecord:
    """A scan of the activity's QR code: a check-in, or a check-out when checked in (not within RESCAN_MINUTES of
    the check-in: a double scan changes nothing and says so). A check-in reads once and inserts once; where the
    activity has coordinates, the phone's position (latitude, longitude), when sent, must be near (_located)."""
    now = at or timezone.now()
    with transaction.atomic():
        signup = _checkin_read(activity, volunteer, now)
        if signup is None or signup.record_pk is None:
            return _checkin(activity, signup, None, now, position)
        if signup.record_out is None and now - signup.record_in < timedelta(minutes=RESCAN_MINUTES):
            raise ValidationError(
                _("Checked in at %(time)s. Scan again when you leave to check out.")
                % {"time": timezone.localtime(signup.record_in).strftime("%H:%M")}
            )
        return checkout(activity=activity, volunteer=volunteer, at=now)


def close_forgotten_checkouts(now: datetime | None = None) -> int:
    """The stated rule for a check-out forgotten: two hours after the planned end the record is closed at the
    planned end (never later), and listed for the organizer to review."""
    now = now or timezone.now()
    done = 0
    open_records = HourRecord.objects.standing().filter(
        checked_out_at__isnull=True,
        activity__ends_at__lt=now - timedelta(minutes=CHECKOUT_GRACE_MINUTES),
    )
    for pk in open_records.values_list("pk", flat=True)[:5000]:
        with transaction.atomic():
            record = (
                HourRecord.objects.standing()
                .select_for_update()
                .select_related("activity")
                .filter(pk=pk, checked_out_at__isnull=True)
                .first()
            )
            if record is None:
                continue
            record.checked_out_at = max(record.activity.ends_at, record.checked_in_at)
            record.minutes = counted_minutes(record.activity, record.checked_in_at, record.checked_out_at)
            record.rule = RecordRule.CAPPED
            record.needs_review = True
            day = timezone.localtime(record.checked_in_at).date()
            record.long_day = (
                _day_minutes(record.volunteer_id, day, record.pk) + record.minutes > LONG_DAY_MINUTES
            )
            record.save(update_fields=["checked_out_at", "minutes", "rule", "needs_review", "long_day"])
            _add_minutes(record.volunteer_id, record.checked_in_at, record.minutes)
            done += 1
    return done


def record_review(*, record: HourRecord, by: User) -> HourRecord:
    """The organizer confirms the hours of a forgotten check-out as counted to the planned end."""
    require(can_keep_team(by, record.activity.team))
    if not record.needs_review:
        raise ValidationError(_("This record needs no review."))
    record.needs_review = False
    record.save(update_fields=["needs_review"])
    record_event(record.activity, actor=by, verb="volunteers.record_reviewed", comment=str(record.volunteer))
    return record


def is_frozen(record: HourRecord) -> bool:
    return record.certificates.filter(state=CertificateState.ISSUED).exists()


def record_correct(
    *, record: HourRecord, by: User, checked_in_at: datetime, checked_out_at: datetime, reason: str
) -> HourRecord:
    """A correction is a new version with its reason; the old one stays, replaced. A record cited by an issued
    certificate never changes; overlapping another record of the volunteer is refused."""
    require(can_keep_team(by, record.activity.team))
    reason = require_reason(reason)
    with transaction.atomic():
        record = HourRecord.objects.select_for_update().select_related("activity").get(pk=record.pk)
        activity = record.activity
        if record.superseded_by_id is not None or record.is_cancelled:
            raise ValidationError(_("This version was already replaced: correct the current one."))
        if is_frozen(record):
            raise ValidationError(
                _(
                    "A certificate issued cites these hours: they cannot change. Withdraw the certificate first."
                )
            )
        if checked_out_at <= checked_in_at:
            raise ValidationError({"out_time": _("The check-out must be after the check-in.")})
        earliest = activity.starts_at - timedelta(minutes=CHECKIN_OPENS_MINUTES)
        latest = activity.ends_at + timedelta(minutes=CHECKOUT_GRACE_MINUTES)
        if checked_in_at < earliest or checked_out_at > latest:
            raise ValidationError(
                _(
                    "The times must lie within the activity's window, from an hour before its start to two hours after its end."
                )
            )
        other = _overlapping(record.volunteer_id, checked_in_at, checked_out_at, record.signup_id).first()
        if other is not None:
            raise ValidationError(
                _("These hours overlap the volunteer's record at %(activity)s.")
                % {"activity": other.activity.title}
            )
        minutes = counted_minutes(activity, checked_in_at, checked_out_at)
        day = timezone.localtime(checked_in_at).date()
        # The old version leaves the standing records before the new one enters (one standing per sign-up).
        new = HourRecord(
            volunteer_id=record.volunteer_id,
            activity=activity,
            signup_id=record.signup_id,
            checked_in_at=checked_in_at,
            checked_out_at=checked_out_at,
            minutes=minutes,
            rule=RecordRule.CORRECTED,
            by_leader=record.by_leader,
            version=record.version + 1,
            reason=reason,
            recorded_by=by,
        )
        placeholder_minutes = record.minutes if record.checked_out_at else 0
        record.cancelled_at = timezone.now()  # out of the standing set while the new version is written
        record.save(update_fields=["cancelled_at"])
        new.long_day = _day_minutes(record.volunteer_id, day) + minutes > LONG_DAY_MINUTES
        new.save()
        HourRecord.objects.filter(pk=record.pk).update(superseded_by=new, cancelled_at=None)
        # The new version's minutes counted in its year before the old one's are taken back from theirs (a correction
        # may move a record across the new year).
        _add_minutes(record.volunteer_id, checked_in_at, minutes)
        _add_minutes(record.volunteer_id, record.checked_in_at, -placeholder_minutes)
        record_event(
            activity,
            actor=by,
            verb="volunteers.record_corrected",
            comment=_("%(volunteer)s: %(old)s → %(new)s minutes. %(reason)s")
            % {"volunteer": record.volunteer, "old": placeholder_minutes, "new": minutes, "reason": reason},
        )
    return new


# --- Certificates -----------------------------------------------------------------------------------------------


def _certificate_number() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return f"ZM{timezone.localdate().year}-" + "".join(secrets.choice(alphabet) for _ in range(10))


def certifiable_records(volunteer: Volunteer, unit: Unit):
    """The volunteer's standing, closed, reviewed records at the unit's activities."""
    return (
        HourRecord.objects.standing()
        .filter(
            volunteer=volunteer, activity__team__unit=unit, checked_out_at__isnull=False, needs_review=False
        )
        .select_related("activity")
        .order_by("checked_in_at")
    )


def certificate_request(*, volunteer: Volunteer, unit: Unit, purpose: str = "") -> Certificate:
    """The volunteer asks the organizing unit for a certificate of their hours there (free of charge)."""
    if not HourRecord.objects.standing().filter(volunteer=volunteer, activity__team__unit=unit).exists():
        raise ValidationError(_("You have no service hours recorded by this unit."))
    if Certificate.objects.filter(volunteer=volunteer, unit=unit, state=CertificateState.REQUESTED).exists():
        raise ValidationError(_("Your request to this unit is already waiting."))
    return Certificate.objects.create(
        number=_certificate_number(),
        volunteer=volunteer,
        unit=unit,
        purpose=check_text(purpose, field="purpose", maximum=200),
    )


def certificate_issue_check(certificate: Certificate) -> StepCheck:
    records = list(certifiable_records(certificate.volunteer, certificate.unit))
    forbidden, missing = [], []
    if certificate.state != CertificateState.REQUESTED:
        forbidden.append(_("Only a requested certificate is issued."))
    if not records:
        forbidden.append(_("No closed, reviewed service hours of the volunteer are recorded by the unit."))
    pending = HourRecord.objects.standing().filter(
        volunteer=certificate.volunteer, activity__team__unit=certificate.unit, needs_review=True
    )
    if pending.exists():
        missing.append(_("Hours counted to a planned end wait for review and are left out until reviewed."))
    minutes = sum(r.minutes for r in records)
    return StepCheck(
        action=_("Issue certificate %(number)s") % {"number": certificate.number},
        consequences=[
            _("%(hours)s hours in %(count)s records are certified; these records can no longer change.")
            % {"hours": round(minutes / 60, 1), "count": len(records)},
            _("Anyone scanning the certificate's QR code sees it confirmed."),
        ],
        missing=missing,
        refusals=forbidden,
    )


def certificate_issue(
    *,
    certificate: Certificate,
    by: User,
    responsible_person: str,
    handler: str,
    contact: str = "",
    confirmed: bool,
) -> Certificate:
    """Issue the certificate free of charge, citing the records it counts (they are frozen from now on)."""
    require(can_keep_unit(by, certificate.unit))
    errors = {}
    responsible_person = check_text(responsible_person, field="responsible_person", maximum=50).strip()
    handler = check_text(handler, field="handler", maximum=50).strip()
    if not responsible_person:
        errors["responsible_person"] = [_("Give the unit's responsible person.")]
    if not handler:
        errors["handler"] = [_("Give who handled the certificate.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        certificate_issue_check(certificate).require(confirmed=confirmed)
        records = list(certifiable_records(certificate.volunteer, certificate.unit))
        titles = list(dict.fromkeys(r.activity.title for r in records))
        certificate.minutes = sum(r.minutes for r in records)
        certificate.content = "；".join(titles)[:2000]
        certificate.responsible_person = responsible_person
        certificate.handler = handler
        certificate.contact = check_text(contact, field="contact", maximum=50)
        certificate.state = CertificateState.ISSUED
        certificate.issued_at = timezone.now()
        certificate.issued_by = by
        certificate.save()
        certificate.records.set(records)
        record_event(
            certificate,
            actor=by,
            verb="volunteers.certificate_issued",
            from_state="requested",
            to_state="issued",
        )
    return certificate


def certificate_refuse(*, certificate: Certificate, by: User, reason: str) -> Certificate:
    require(can_keep_unit(by, certificate.unit))
    reason = require_reason(reason)
    if certificate.state != CertificateState.REQUESTED:
        raise ValidationError(_("Only a requested certificate is refused."))
    certificate.state = CertificateState.REFUSED
    certificate.reason = reason[:500]
    certificate.save(update_fields=["state", "reason"])
    record_event(
        certificate,
        actor=by,
        verb="volunteers.certificate_refused",
        from_state="requested",
        to_state="refused",
        comment=reason,
    )
    return certificate


def certificate_withdraw(*, certificate: Certificate, by: User, reason: str) -> Certificate:
    """Withdraw an issued certificate with its reason: the public check no longer confirms it, and its records may
    be corrected again."""
    require(can_keep_unit(by, certificate.unit))
    reason = require_reason(reason)
    if certificate.state != CertificateState.ISSUED:
        raise ValidationError(_("Only an issued certificate is withdrawn."))
    certificate.state = CertificateState.WITHDRAWN
    certificate.reason = reason[:500]
    certificate.save(update_fields=["state", "reason"])
    record_event(
        certificate,
        actor=by,
        verb="volunteers.certificate_withdrawn",
        from_state="issued",
        to_state="withdrawn",
        comment=reason,
    )
    return certificate


# --- Recognitions ------------------------------------------------------------------------------------------------


def recognition_grant(
    *, volunteer: Volunteer, unit: Unit, by: User, title: str, granted_on: date, reason: str
) -> Recognition:
    """嘉许: a unit recognizes a volunteer who served at its activities, with the reason."""
    require(can_keep_unit(by, unit))
    check_record_date(granted_on, field="granted_on")
    errors = {}
    title = check_text(title, field="title", maximum=100).strip()
    reason = check_text(reason, field="reason", maximum=500).strip()
    if not title:
        errors["title"] = [_("Name the recognition.")]
    if not reason:
        errors["reason"] = [_("Give the reason.")]
    if errors:
        raise ValidationError(errors)
    if not HourRecord.objects.standing().filter(volunteer=volunteer, activity__team__unit=unit).exists():
        raise ValidationError(_("The unit recognizes volunteers who served at its activities."))
    recognition = Recognition.objects.create(
        volunteer=volunteer, unit=unit, title=title, granted_on=granted_on, reason=reason, granted_by=by
    )
    record_event(volunteer, actor=by, verb="volunteers.recognized", comment=f"{title} · {reason}")
    return recognition


# --- Star levels ----------------------------------------------------------------------------------------------


def star_scale_for(region: Region) -> tuple[tuple[int, ...], str]:
    """The hours for one to five stars that apply in a region (the nearest scale up the tree) and their source."""
    from changxiao.orgs.scope import ancestor_paths

    scale = (
        StarScale.objects.filter(owner__path__in=ancestor_paths(region.path)).order_by("-owner__path").first()
    )
    if scale is None:
        return DEFAULT_STAR_HOURS, DEFAULT_STAR_SOURCE
    return scale.hours, scale.source


def star_scale_set(*, owner: Region, by: User, hours: tuple[int, ...], source: str) -> StarScale:
    require(can_keep_star_scale(by, owner))
    source = check_text(source, field="source", maximum=200).strip()
    if not source:
        raise ValidationError({"source": _("Give the document the thresholds come from.")})
    if len(hours) != 5 or any(h < 1 or h > 100000 for h in hours) or list(hours) != sorted(set(hours)):
        raise ValidationError(_("Five thresholds, each higher than the one before."))
    scale, _created = StarScale.objects.update_or_create(
        owner=owner,
        defaults=dict(zip(("one", "two", "three", "four", "five"), hours, strict=True)) | {"source": source},
    )
    record_event(scale, actor=by, verb="volunteers.stars_set", comment=f"{hours} · {source}")
    return scale


def star_minutes(volunteer: Volunteer) -> int:
    """The minutes that count for stars: the standing records of activities that count."""
    return (
        HourRecord.objects.standing()
        .filter(volunteer=volunteer, activity__counts_for_stars=True)
        .aggregate(total=Sum("minutes"))["total"]
        or 0
    )


def stars_of(volunteer: Volunteer, minutes: int | None = None) -> dict:
    """The volunteer's star level, the hours to the next and the scale's source."""
    hours_scale, source = star_scale_for(volunteer.region)
    hours = (star_minutes(volunteer) if minutes is None else minutes) / 60
    stars = sum(1 for threshold in hours_scale if hours >= threshold)
    following = hours_scale[stars] if stars < len(hours_scale) else None
    return {
        "stars": stars,
        "hours": round(hours, 1),
        "next": following,
        "to_next": round(following - hours, 1) if following else None,
        "source": source,
    }
