"""Every write of the portal: a facility's entry, its hours and closures, the opening rules and the check of every
facility against them (breaches flagged to the office, raised as supervision findings through core.events), the
activities and their bookings. Each step checks who acts, the values and the state, in one transaction, and writes
the timeline."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core.bounds import TEXT_MAX, TITLE_MAX, check_planned_date, check_text
from changxiao.core.confirmation import StepCheck
from changxiao.core.corrections import cancel_record
from changxiao.core.deadlines import local_today
from changxiao.core.events import FindingOpenRequest, ask, finding_open
from changxiao.core.notifications import notify
from changxiao.core.permissions import require
from changxiao.core.timeline import record_event, register_verbs
from changxiao.orgs.models import Region, Unit, User
from changxiao.orgs.owned import applies_in
from changxiao.orgs.recipients import region_managers
from changxiao.orgs.scope import lies_in

from . import hours
from .choices import (
    BOOKINGS_PER_CITIZEN_MAX,
    CAPACITY_MAX,
    OFFER_HOURS,
    SEAT_HOLDING,
    ActivityKind,
    BookingState,
    BreachState,
    ClosureKind,
    FacilityKind,
    FacilityLevel,
    RuleKind,
    ScheduleKind,
)
from .models import Activity, Booking, Closure, Facility, OpeningRule, RuleBreach, Schedule
from .permissions import can_escalate_breach, can_keep_facility, can_keep_rules, facility_units
from .public_cache import public_pages_changed
from .shipped_rules import SHIPPED

register_verbs(
    {
        "facility_added": gettext_lazy("added the facility to the directory"),
        "facility_updated": gettext_lazy("updated the facility's entry"),
        "hours_added": gettext_lazy("added opening hours"),
        "hours_removed": gettext_lazy("removed opening hours"),
        "closure_announced": gettext_lazy("announced a closure"),
        "breach_found": gettext_lazy("found a breach of an opening rule"),
        "breach_resolved": gettext_lazy("found the opening rule kept again"),
        "breach_escalated": gettext_lazy("raised the breach as a supervision finding"),
        "rule_set": gettext_lazy("set an opening rule"),
        "activity_added": gettext_lazy("added an activity"),
        "attendance_recorded": gettext_lazy("recorded attendance"),
    }
)
FINDING_SOURCE = "portal"
COORDINATE_RANGES = {"latitude": (Decimal(-90), Decimal(90)), "longitude": (Decimal(-180), Decimal(180))}
FACILITY_TEXTS = {
    "name": 100,
    "address": 200,
    "phone": 30,
    "free_services": TEXT_MAX,
    "fees": TEXT_MAX,
    "fee_approval": 200,
    "pupils_free_day": 60,
    "accessibility": 200,
}


# --- Facilities ----------------------------------------------------------------------------------------------------


def _facility_values(values: dict) -> dict:
    cleaned = {
        field: check_text(values.get(field, ""), field=field, maximum=m)
        for field, m in FACILITY_TEXTS.items()
    }
    for field in ("name", "address"):
        if not cleaned[field]:
            raise ValidationError({field: _("This field is required.")})
    if values.get("kind") not in FacilityKind.values:
        raise ValidationError({"kind": _("Choose one of the values offered.")})
    if values.get("level") not in FacilityLevel.values:
        raise ValidationError({"level": _("Choose one of the values offered.")})
    if cleaned["fees"] and not cleaned["fee_approval"]:
        raise ValidationError({"fee_approval": _("Fees need the approval of the department that set them.")})
    for field, (low, high) in COORDINATE_RANGES.items():
        value = values.get(field)
        if value is not None and not low <= Decimal(value) <= high:
            raise ValidationError(
                {field: _("Give a value between %(low)s and %(high)s.") % {"low": low, "high": high}}
            )
        cleaned[field] = value
    cleaned["kind"], cleaned["level"] = values["kind"], values["level"]
    cleaned["is_published"] = bool(values.get("is_published", True))
    return cleaned


@transaction.atomic
def facility_add(*, by: User, unit: Unit, region: Region, **values) -> Facility:
    """Enter a facility in the directory, managed by the unit and lying in its region or a region inside it."""
    if not facility_units(by).filter(pk=unit.pk).exists():
        raise PermissionDenied
    if not lies_in(region, [unit.region.path]):
        raise ValidationError({"region": _("The facility must lie in the managing unit's jurisdiction.")})
    facility = Facility.objects.create(unit=unit, region=region, **_facility_values(values))
    record_event(facility, actor=by, verb="facility_added")
    public_pages_changed()
    facility_check(facility=facility)
    return facility


@transaction.atomic
def facility_update(*, facility: Facility, by: User, **values) -> Facility:
    require(can_keep_facility(by, facility))
    cleaned = _facility_values(values)
    changed = [field for field, value in cleaned.items() if getattr(facility, field) != value]
    for field in changed:
        setattr(facility, field, cleaned[field])
    facility.updated_at = timezone.now()
    facility.save(update_fields=[*changed, "updated_at"])
    if changed:
        record_event(facility, actor=by, verb="facility_updated", comment=", ".join(changed))
    public_pages_changed()
    facility_check(facility=facility)
    return facility


# --- Hours -----------------------------------------------------------------------------------------------------------


@transaction.atomic
def hours_add(
    *,
    facility: Facility,
    by: User,
    kind: str,
    weekdays: list[int],
    opens: time,
    closes: time,
    valid_from: date | None = None,
    valid_to: date | None = None,
    note: str = "",
) -> list[Schedule]:
    """Add the same opening and closing times on the days given (a holiday row may name no day: every holiday)."""
    require(can_keep_facility(by, facility))
    if kind not in ScheduleKind.values:
        raise ValidationError({"kind": _("Choose one of the values offered.")})
    if opens is None or closes is None or closes <= opens:
        raise ValidationError({"closes": _("The closing time must come after the opening time.")})
    days = sorted(set(weekdays))
    if any(day not in range(1, 8) for day in days):
        raise ValidationError({"weekdays": _("Choose one of the values offered.")})
    if not days and kind != ScheduleKind.HOLIDAY:
        raise ValidationError({"weekdays": _("Choose the days these hours apply on.")})
    check_planned_date(valid_from, field="valid_from")
    check_planned_date(valid_to, field="valid_to")
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The end cannot come before the start.")})
    if kind == ScheduleKind.SEASONAL and not (valid_from and valid_to):
        raise ValidationError({"valid_to": _("A season needs the days it runs from and to.")})
    note = check_text(note, field="note", maximum=100)
    rows = [
        Schedule.objects.create(
            facility=facility,
            kind=kind,
            weekday=day,
            opens=opens,
            closes=closes,
            valid_from=valid_from,
            valid_to=valid_to,
            note=note,
        )
        for day in (days or [None])
    ]
    _touch(facility)
    record_event(facility, actor=by, verb="hours_added", comment="; ".join(str(r) for r in rows))
    facility_check(facility=facility)
    return rows


@transaction.atomic
def hours_remove(*, row: Schedule, by: User, reason: str) -> Schedule:
    require(can_keep_facility(by, row.facility))
    cancel_record(row, by=by, reason=reason)
    _touch(row.facility)
    record_event(row.facility, actor=by, verb="hours_removed", comment=f"{row} — {row.cancel_reason}")
    facility_check(facility=row.facility)
    return row


def _touch(facility: Facility) -> None:
    facility.updated_at = timezone.now()
    facility.save(update_fields=["updated_at"])
    public_pages_changed()


# --- Closures ------------------------------------------------------------------------------------------------------


@transaction.atomic
def closure_announce(
    *,
    facility: Facility,
    by: User,
    starts_on: date,
    ends_on: date,
    reason: str,
    kind: str = ClosureKind.CLOSURE,
    emergency_reason: str = "",
) -> Closure:
    """公告: a temporary closure or change of hours, announced today. Announced too late for the notice rule and
    without an emergency, it is still published (the public must know) and flagged to the office."""
    require(can_keep_facility(by, facility))
    if kind not in ClosureKind.values:
        raise ValidationError({"kind": _("Choose one of the values offered.")})
    if starts_on is None or ends_on is None:
        raise ValidationError({"starts_on": _("Give the first and last day.")})
    today = local_today()
    if starts_on < today:
        raise ValidationError({"starts_on": _("A closure is announced before it starts, not after.")})
    check_planned_date(starts_on, field="starts_on")
    check_planned_date(ends_on, field="ends_on")
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end cannot come before the start.")})
    reason = check_text(reason, field="reason", maximum=200)
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    emergency_reason = check_text(emergency_reason, field="emergency_reason", maximum=200)
    closure = Closure.objects.create(
        facility=facility,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
        emergency_reason=emergency_reason,
        announced_on=today,
        announced_by=by,
    )
    record_event(facility, actor=by, verb="closure_announced", comment=f"{closure} {reason}")
    _touch(facility)
    facility_check(facility=facility)
    return closure


@transaction.atomic
def closure_cancel(*, closure: Closure, by: User, reason: str) -> Closure:
    require(can_keep_facility(by, closure.facility))
    cancel_record(closure, by=by, reason=reason)
    public_pages_changed()
    facility_check(facility=closure.facility)
    return closure


# --- Rules and their check ----------------------------------------------------------------------------------------


def applying_rules(region: Region) -> list[OpeningRule]:
    rules = list(OpeningRule.objects.applying_in(region).select_related("owner"))
    if not any(rule.owner_id is None for rule in rules):
        rules += shipped_rules_ensure()
    return rules


def rules_by_region():
    """applying_rules for many regions with one query (the sweep's check of every facility): every rule is read once
    — the shipped ones and each office's, a few dozen — and each region's are chosen in Python, once."""
    rules = list(OpeningRule.objects.select_related("owner"))
    if not any(rule.owner_id is None for rule in rules):
        rules += shipped_rules_ensure()
    chosen: dict[int, list[OpeningRule]] = {}

    def of(region: Region) -> list[OpeningRule]:
        if region.pk not in chosen:
            chosen[region.pk] = [rule for rule in rules if applies_in(rule.owner, region)]
        return chosen[region.pk]

    return of


def shipped_rules_ensure() -> list[OpeningRule]:
    """The rules shipped with the platform (shipped_rules.SHIPPED), written if they are missing — a database emptied
    and not migrated again (a test's flush) — and returned."""
    rows = []
    for rule, kind, level, value, source, verified in SHIPPED:
        row, _created = OpeningRule.objects.get_or_create(
            owner=None,
            rule=rule,
            facility_kind=kind,
            level=level,
            defaults={"value": value, "source": source, "verified": verified},
        )
        rows.append(row)
    return rows


@transaction.atomic
def facility_check(
    *, facility: Facility, today: date | None = None, region_rules: list[OpeningRule] | None = None
) -> list[RuleBreach]:
    """Check the facility against the rules that apply to it: a breach not yet flagged is recorded and told to the
    managers of its region; a standing one no longer found is resolved. Idempotent: the sweep runs it daily, with
    the rules of each region read once (``region_rules``) and the facility's schedules, closures and standing
    breaches prefetched (``standing_breaches``)."""
    today = today or local_today()
    rules = hours.rules_for(
        facility, applying_rules(facility.region) if region_rules is None else region_rules
    )
    found = (
        {}
        if facility.is_cancelled or not facility.is_published
        else {
            b.key: b
            for b in hours.breaches(facility, facility.schedules.all(), facility.closures.all(), rules, today)
        }
    )
    standing_breaches = getattr(facility, "standing_breaches", None)
    if standing_breaches is None:
        standing_breaches = RuleBreach.objects.standing().filter(facility=facility)
    standing = {(b.rule_id, b.closure_id): b for b in standing_breaches}
    for key, breach in standing.items():
        if key not in found and breach.state == BreachState.OPEN:
            breach.state, breach.resolved_on = BreachState.RESOLVED, today
            breach.save(update_fields=["state", "resolved_on"])
            record_event(breach, actor=None, verb="breach_resolved")
    new = []
    for key, found_breach in found.items():
        if key in standing:
            continue
        breach = RuleBreach.objects.create(
            facility=facility,
            rule=found_breach.rule,
            closure=found_breach.closure,
            detail=found_breach.detail[:300],
            found_on=today,
        )
        record_event(breach, actor=None, verb="breach_found", comment=breach.detail)
        new.append(breach)
    if new:
        notify(
            region_managers(facility.region),
            title=_("%(facility)s breaks an opening rule") % {"facility": facility.name},
            body="\n".join(f"{b.rule}: {b.detail} ({b.rule.source})" for b in new),
            url=new[0].get_absolute_url(),
        )
    return new


def breach_escalate_check(*, breach: RuleBreach, by: User) -> StepCheck:
    check = StepCheck(
        action=_("Raise as a supervision finding: %(facility)s — %(rule)s")
        % {"facility": breach.facility.name, "rule": breach.rule},
        consequences=[
            _(
                "An inspection with one finding against %(unit)s is opened in supervision; it must be put right."
            )
            % {"unit": breach.facility.unit.name}
        ],
    )
    if not can_escalate_breach(by, breach):
        check.refusals.append(_("Only the office of the facility's jurisdiction raises a finding."))
    if breach.state != BreachState.OPEN:
        check.refusals.append(_("This breach is resolved or already raised."))
    return check


@transaction.atomic
def breach_escalate(*, breach: RuleBreach, by: User, confirmed: bool, due_workdays: int = 10) -> RuleBreach:
    """The office raises the breach as a supervision finding (core.events.finding_open, in this transaction)."""
    breach = RuleBreach.objects.select_for_update().select_related("facility__unit", "rule").get(pk=breach.pk)
    breach_escalate_check(breach=breach, by=by).require(confirmed=confirmed)
    facility = breach.facility
    try:
        opened = ask(
            finding_open,
            FindingOpenRequest(
                source=FINDING_SOURCE,
                source_ref=breach.code,
                source_url=facility.get_absolute_url(),
                by_id=by.pk,
                region_id=facility.region_id,
                unit_id=facility.unit_id,
                title=_("Opening rules: %(facility)s") % {"facility": facility.name},
                notes=_("Raised from the facility directory's check of the opening rules."),
                description=f"{breach.rule}: {breach.detail}",
                requirement=_("Keep the rule: %(source)s") % {"source": breach.rule.source},
                place=facility.address,
                due_workdays=due_workdays,
                severity="major",
            ),
        )
    except ValueError as exc:
        # Supervision names the channels it takes findings from; until it takes the portal's, say so plainly.
        raise ValidationError(
            _("Supervision does not take findings from the facility directory yet.")
        ) from exc
    breach.state = BreachState.ESCALATED
    breach.finding_id, breach.finding_reference, breach.finding_url = (
        opened.finding_id,
        opened.reference,
        opened.url,
    )
    breach.save(update_fields=["state", "finding_id", "finding_reference", "finding_url"])
    record_event(breach, actor=by, verb="breach_escalated", comment=opened.reference)
    return breach


@transaction.atomic
def rule_set(
    *,
    by: User,
    owner: Region,
    rule: str,
    facility_kind: str = "",
    level: str = "",
    value: int | None = None,
    source: str,
    verified: bool = False,
) -> OpeningRule:
    """The office sets a rule of its jurisdiction (replacing its own of the same kind, facility kind and level)."""
    require(can_keep_rules(by, owner))
    if rule not in RuleKind.values:
        raise ValidationError({"rule": _("Choose one of the values offered.")})
    if facility_kind and facility_kind not in FacilityKind.values:
        raise ValidationError({"facility_kind": _("Choose one of the values offered.")})
    if level and level not in FacilityLevel.values:
        raise ValidationError({"level": _("Choose one of the values offered.")})
    if rule in (RuleKind.WEEKLY_MINIMUM, RuleKind.NOTICE):
        if value is None or not 0 <= value <= (168 if rule == RuleKind.WEEKLY_MINIMUM else 60):
            raise ValidationError({"value": _("Give the figure of the rule.")})
    else:
        value = None
    source = check_text(source, field="source", maximum=200)
    if not source:
        raise ValidationError({"source": _("Name the document the rule comes from.")})
    row, _created = OpeningRule.objects.update_or_create(
        owner=owner,
        rule=rule,
        facility_kind=facility_kind,
        level=level,
        defaults={"value": value, "source": source, "verified": verified},
    )
    record_event(row, actor=by, verb="rule_set", comment=f"{row.get_rule_display()} {value or ''} — {source}")
    return row


# --- Activities and bookings ------------------------------------------------------------------------------------------


@transaction.atomic
def activity_add(
    *,
    facility: Facility,
    by: User,
    title: str,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int | None = None,
    description: str = "",
    programme: str = "",
) -> Activity:
    require(can_keep_facility(by, facility))
    title = check_text(title, field="title", maximum=TITLE_MAX)
    if not title:
        raise ValidationError({"title": _("This field is required.")})
    if kind not in ActivityKind.values:
        raise ValidationError({"kind": _("Choose one of the values offered.")})
    if starts_at is None or ends_at is None or ends_at <= starts_at:
        raise ValidationError({"ends_at": _("An activity ends after it starts.")})
    check_planned_date(timezone.localtime(starts_at).date(), field="starts_at")
    if ends_at - starts_at > timedelta(days=366):
        raise ValidationError({"ends_at": _("An activity ends after it starts.")})
    if capacity is not None and not 1 <= capacity <= CAPACITY_MAX:
        raise ValidationError(
            {"capacity": _("Give a number of places between 1 and %(max)s.") % {"max": CAPACITY_MAX}}
        )
    activity = Activity.objects.create(
        facility=facility,
        title=title,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        description=check_text(description, field="description", maximum=TEXT_MAX),
        programme=check_text(programme, field="programme", maximum=100),
        created_by=by,
    )
    record_event(activity, actor=by, verb="activity_added")
    public_pages_changed()
    return activity


@transaction.atomic
def activity_cancel(*, activity: Activity, by: User, reason: str) -> Activity:
    require(can_keep_facility(by, activity.facility))
    public_pages_changed()
    return cancel_record(activity, by=by, reason=reason)


@transaction.atomic
def attendance_record(*, activity: Activity, by: User, attendance: int) -> Activity:
    require(can_keep_facility(by, activity.facility))
    if activity.is_cancelled:
        raise ValidationError(_("This activity is cancelled."))
    if timezone.localtime(activity.starts_at).date() > local_today():
        raise ValidationError({"attendance": _("Attendance is recorded once the activity has taken place.")})
    if attendance is None or not 0 <= attendance <= CAPACITY_MAX:
        raise ValidationError(
            {"attendance": _("Give a number between 0 and %(max)s.") % {"max": CAPACITY_MAX}}
        )
    before = activity.attendance
    activity.attendance = attendance
    activity.save(update_fields=["attendance"])
    record_event(
        activity,
        actor=by,
        verb="attendance_recorded",
        comment=f"{before if before is not None else '—'} → {attendance}",
    )
    return activity


def _seats_held(activity: Activity) -> int:
    return activity.bookings.filter(state__in=SEAT_HOLDING).count()


@transaction.atomic
def booking_make(*, activity: Activity, citizen_key: str, citizen_masked: str) -> Booking:
    """A citizen books a place: confirmed while places remain, else on the waiting list. The activity's row is
    locked first, so two citizens racing for the last place never both get it."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.is_cancelled or activity.capacity is None:
        raise ValidationError(_("This activity takes no bookings."))
    if activity.starts_at <= timezone.now():
        raise ValidationError(_("This activity has begun: it takes no more bookings."))
    if not citizen_key:
        raise PermissionDenied
    mine = Booking.objects.filter(citizen_key=citizen_key, state__in=[*SEAT_HOLDING, BookingState.WAITING])
    if mine.filter(activity=activity).exists():
        raise ValidationError(_("You have already booked this activity."))
    if mine.filter(activity__starts_at__gt=timezone.now()).count() >= BOOKINGS_PER_CITIZEN_MAX:
        raise ValidationError(_("You hold as many bookings as one person may; cancel one first."))
    waiting = activity.bookings.filter(state=BookingState.WAITING).exists()
    state = (
        BookingState.CONFIRMED
        if not waiting and _seats_held(activity) < activity.capacity
        else BookingState.WAITING
    )
    try:
        with transaction.atomic():
            return Booking.objects.create(
                activity=activity, citizen_key=citizen_key, citizen_masked=citizen_masked[:20], state=state
            )
    except IntegrityError as exc:
        raise ValidationError(_("You have already booked this activity.")) from exc


@transaction.atomic
def booking_cancel(*, booking: Booking, citizen_key: str) -> Booking:
    """The citizen gives the place back (or leaves the waiting list); the place is offered to the next in line."""
    booking = Booking.objects.select_related("activity").get(pk=booking.pk)
    activity = Activity.objects.select_for_update().get(pk=booking.activity_id)
    booking.refresh_from_db()
    if booking.citizen_key != citizen_key:
        raise PermissionDenied
    if booking.state not in (*SEAT_HOLDING, BookingState.WAITING):
        raise ValidationError(_("This booking is no longer standing."))
    booking.state, booking.changed_at = BookingState.CANCELLED, timezone.now()
    booking.save(update_fields=["state", "changed_at"])
    _offer_free_places(activity)
    return booking


@transaction.atomic
def booking_accept_offer(*, booking: Booking, citizen_key: str) -> Booking:
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.citizen_key != citizen_key:
        raise PermissionDenied
    if booking.state != BookingState.OFFERED or booking.offer_expires_at <= timezone.now():
        raise ValidationError(_("This offer has expired."))
    booking.state, booking.changed_at = BookingState.CONFIRMED, timezone.now()
    booking.save(update_fields=["state", "changed_at"])
    return booking


def _offer_free_places(activity: Activity) -> int:
    """Offer each free place to the next on the waiting list (first come, first offered), for OFFER_HOURS; the
    caller holds the activity's lock."""
    free = (activity.capacity or 0) - _seats_held(activity)
    if free <= 0 or activity.starts_at <= timezone.now():
        return 0
    until = min(timezone.now() + timedelta(hours=OFFER_HOURS), activity.starts_at)
    offered = 0
    for booking in activity.bookings.filter(state=BookingState.WAITING).order_by("created_at", "pk")[:free]:
        booking.state, booking.offer_expires_at, booking.changed_at = (
            BookingState.OFFERED,
            until,
            timezone.now(),
        )
        booking.save(update_fields=["state", "offer_expires_at", "changed_at"])
        offered += 1
    return offered


def offers_expire(now: datetime | None = None) -> int:
    """The sweep: offers not taken in time expire, and their places go to the next in line."""
    now = now or timezone.now()
    expired = 0
    ids = (
        Booking.objects.filter(state=BookingState.OFFERED, offer_expires_at__lte=now)
        .values_list("activity_id", flat=True)
        .distinct()
    )
    for activity_id in list(ids):
        with transaction.atomic():
            activity = Activity.objects.select_for_update().get(pk=activity_id)
            expired += activity.bookings.filter(state=BookingState.OFFERED, offer_expires_at__lte=now).update(
                state=BookingState.EXPIRED, changed_at=now
            )
            _offer_free_places(activity)
    return expired


def seats_left(activities) -> dict[int, int]:
    """Places left of each activity, in one query."""
    counts = dict(
        Booking.objects.filter(activity__in=activities, state__in=SEAT_HOLDING)
        .values_list("activity")
        .annotate(n=Count("pk"))
        .values_list("activity", "n")
    )
    return {a.pk: max((a.capacity or 0) - counts.get(a.pk, 0), 0) for a in activities if a.capacity}


# How long before an activity its confirmed bookings are reminded by text message.
REMINDER_HOURS = 24


def bookings_remind(now: datetime | None = None) -> int:
    """The sweep: each confirmed booking of an activity starting within REMINDER_HOURS gets one text message. The row
    is claimed by a conditional UPDATE first, so running twice never sends twice."""
    from changxiao.citizens.models import Citizen
    from changxiao.citizens.services import citizen_phone
    from changxiao.core.sms import get_sms_backend

    now = now or timezone.now()
    due = Booking.objects.filter(
        state=BookingState.CONFIRMED,
        reminded_at__isnull=True,
        activity__starts_at__gt=now,
        activity__starts_at__lte=now + timedelta(hours=REMINDER_HOURS),
        activity__cancelled_at__isnull=True,
    ).select_related("activity__facility")
    sent = 0
    for booking in due:
        if not Booking.objects.filter(pk=booking.pk, reminded_at__isnull=True).update(reminded_at=now):
            continue
        pk = booking.citizen_key.removeprefix("citizen-")
        citizen = Citizen.objects.filter(pk=int(pk) if pk.isdecimal() else 0, is_active=True).first()
        if citizen is None:
            continue
        activity = booking.activity
        text = _("Reminder: %(title)s at %(place)s, %(time)s. Cancel on the portal if you cannot come.") % {
            "title": activity.title,
            "place": activity.facility.name,
            "time": timezone.localtime(activity.starts_at).strftime("%m-%d %H:%M"),
        }
        get_sms_backend().send(citizen_phone(citizen), text)
        sent += 1
    return sent
