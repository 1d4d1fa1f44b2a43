"""Every write of the workforce: registering practitioners and their posts, moving them between units, certificate
kinds and requirements, certificates and their renewal. Each step checks who acts, the values and the state, in one
transaction, and writes the timeline."""

import calendar
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core.bounds import check_planned_date, check_record_date, check_text
from changxiao.core.confirmation import StepCheck
from changxiao.core.corrections import cancel_record
from changxiao.core.deadlines import local_today
from changxiao.core.permissions import require
from changxiao.core.personal_data import (
    decrypt,
    encrypt,
    lookup_digest,
    mask_id_number,
    mask_name,
    mask_phone,
    normalize_id_number,
    normalize_phone,
)
from changxiao.core.timeline import record_event, register_verbs
from changxiao.core.uploads import attach_files
from changxiao.orgs.choices import UnitKind
from changxiao.orgs.models import Region, Unit, User

from . import credit_code as uscc
from .choices import (
    MEMBERS_MAX,
    STAFFING_POPULATION_MAX,
    STAFFING_POSTS_MAX,
    OrganizationField,
    OrganizationKind,
    PostKind,
    PostRole,
    StaffedFacility,
    StaffTier,
    TrainingLevel,
)
from .models import (
    Attendance,
    Certificate,
    CertificateKind,
    CertificateRequirement,
    OrganizationMember,
    PersonalDataView,
    Post,
    Practitioner,
    SocialOrganization,
    StaffingStandard,
    TrainingSession,
    TrainingStandard,
)
from .permissions import can_change_practitioner, can_keep_registry, can_keep_settings, can_manage_staff
from .training import days_in_year

register_verbs(
    {
        "post_started": gettext_lazy("started a post"),
        "post_ended": gettext_lazy("ended a post"),
        "practitioner_moved": gettext_lazy("moved to another unit"),
        "certificate_recorded": gettext_lazy("recorded a certificate"),
        "certificate_renewed": gettext_lazy("renewed a certificate"),
        "certificate_kind_added": gettext_lazy("added a certificate kind"),
        "certificate_requirement_added": gettext_lazy("required a certificate for a role"),
        "certificate_requirement_removed": gettext_lazy("removed a certificate requirement"),
        "session_recorded": gettext_lazy("recorded a training session"),
        "attendance_recorded": gettext_lazy("recorded attendance"),
        "training_standard_set": gettext_lazy("set a training standard"),
        "staffing_standard_set": gettext_lazy("set a staffing standard"),
        "staffing_standard_removed": gettext_lazy("removed a staffing standard"),
        "organization_dissolved": gettext_lazy("marked the organization dissolved"),
        "organization_dissolution_corrected": gettext_lazy("corrected the organization's dissolution"),
        "organization_registered": gettext_lazy("registered a social organization"),
        "organization_member_added": gettext_lazy("added a member organization"),
    }
)
SETTINGS_VERBS = (
    "certificate_kind_added",
    "certificate_requirement_added",
    "certificate_requirement_removed",
    "training_standard_set",
    "staffing_standard_set",
    "staffing_standard_removed",
)
NAME_MAX = 20


# --- Practitioners and posts -----------------------------------------------------------------------------------


def _check_name(name: str) -> str:
    name = check_text(name, field="name", maximum=NAME_MAX)
    if not name:
        raise ValidationError({"name": _("Give the practitioner's name.")})
    return name


def _check_choice(value: str, choices, field: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: _("Choose one of the values offered.")})
    return value


def _check_post_dates(start: date | None, end: date | None) -> None:
    if start is None:
        raise ValidationError({"start": _("Give the day the post starts.")})
    check_planned_date(start, field="start")
    check_planned_date(end, field="end")
    if end is not None and end < start:
        raise ValidationError({"end": _("A post cannot end before it starts.")})


def _refuse_overlap(practitioner: Practitioner, start: date, end: date | None, exclude: Post | None = None):
    posts = Post.objects.filter(practitioner=practitioner).overlapping(start, end).select_related("unit")
    if exclude is not None:
        posts = posts.exclude(pk=exclude.pk)
    clash = posts.first()
    if clash is not None:
        raise ValidationError(
            {
                "start": _(
                    "This person already holds a post from %(start)s%(until)s in %(unit)s: end that post first, "
                    "or move the person."
                )
                % {
                    "start": clash.start.isoformat(),
                    "until": f" – {clash.end.isoformat()}" if clash.end else "",
                    "unit": clash.unit.name,
                }
            }
        )


def practitioner_find_or_create(*, name: str, id_number: str, phone: str = "") -> tuple[Practitioner, bool]:
    """The practitioner of an identity card number: found again by its digest, or registered. Checks and normalizes
    the values; the caller holds the transaction and has checked who acts."""
    name = _check_name(name)
    try:
        id_number = normalize_id_number(id_number)
    except ValidationError as exc:
        raise ValidationError({"id_number": exc.messages}) from exc
    if phone.strip():
        try:
            phone = normalize_phone(phone)
        except ValidationError as exc:
            raise ValidationError({"phone": exc.messages}) from exc
    else:
        phone = ""
    digest = lookup_digest(id_number)
    existing = Practitioner.objects.select_for_update().filter(id_number_digest=digest).first()
    if existing is not None:
        if decrypt(existing.name_encrypted) != name:
            raise ValidationError(
                {"name": _("This identity card number is registered under another name: check both.")}
            )
        if phone and decrypt(existing.phone_encrypted) != phone:
            existing.phone_encrypted, existing.phone_masked = encrypt(phone), mask_phone(phone)
            existing.save(update_fields=["phone_encrypted", "phone_masked"])
        return existing, False
    practitioner = Practitioner.objects.create(
        name_encrypted=encrypt(name),
        name_masked=mask_name(name),
        id_number_encrypted=encrypt(id_number),
        id_number_masked=mask_id_number(id_number),
        id_number_digest=digest,
        phone_encrypted=encrypt(phone),
        phone_masked=mask_phone(phone),
    )
    return practitioner, True


def _post_create(
    *, practitioner: Practitioner, unit: Unit, by: User, kind: str, role: str, start: date, end: date | None
) -> Post:
    _check_choice(kind, PostKind, "kind")
    _check_choice(role, PostRole, "role")
    _check_post_dates(start, end)
    _refuse_overlap(practitioner, start, end)
    post = Post.objects.create(
        practitioner=practitioner, unit=unit, kind=kind, role=role, start=start, end=end, created_by=by
    )
    record_event(
        practitioner,
        actor=by,
        verb="post_started",
        comment=f"{unit.name} · {post.get_kind_display()} · {post.get_role_display()}",
    )
    return post


@transaction.atomic
def practitioner_register(
    *,
    unit: Unit,
    by: User,
    name: str,
    id_number: str,
    phone: str = "",
    kind: str,
    role: str,
    start: date,
    end: date | None = None,
) -> Post:
    """A person takes a post in the unit: registered on first sight, found again by the identity card number when
    they worked elsewhere before (their history stays)."""
    require(can_manage_staff(by, unit))
    practitioner, _created = practitioner_find_or_create(name=name, id_number=id_number, phone=phone)
    return _post_create(
        practitioner=practitioner, unit=unit, by=by, kind=kind, role=role, start=start, end=end
    )


@transaction.atomic
def post_end(*, post: Post, by: User, end: date) -> Post:
    """The post ends on the day (the person leaves, retires or moves)."""
    require(can_manage_staff(by, post.unit))
    if post.is_cancelled:
        raise ValidationError(_("This post was cancelled."))
    if end is None:
        raise ValidationError({"end": _("Give the day the post ends.")})
    check_planned_date(end, field="end")
    if end < post.start:
        raise ValidationError({"end": _("A post cannot end before it starts.")})
    _refuse_overlap(post.practitioner, post.start, end, exclude=post)
    post.end = end
    post.save(update_fields=["end"])
    record_event(
        post.practitioner, actor=by, verb="post_ended", comment=f"{post.unit.name} · {end.isoformat()}"
    )
    return post


@transaction.atomic
def practitioner_move(
    *, post: Post, to_unit: Unit, by: User, on: date, kind: str | None = None, role: str | None = None
) -> Post:
    """The person moves to another unit on the day: the post ends the day before and a new one starts; both stay in
    the history. Whoever moves them keeps both rosters."""
    require(can_manage_staff(by, post.unit) and can_manage_staff(by, to_unit))
    if post.is_cancelled or (post.end is not None and post.end < on):
        raise ValidationError({"on": _("The person no longer holds this post on that day.")})
    if on is None or on <= post.start:
        raise ValidationError({"on": _("A move takes effect after the post started.")})
    check_planned_date(on, field="on")
    if to_unit.pk == post.unit_id:
        raise ValidationError({"to_unit": _("Choose another unit.")})
    old_end = post.end
    post.end = on - timedelta(days=1)
    post.save(update_fields=["end"])
    new = _post_create(
        practitioner=post.practitioner,
        unit=to_unit,
        by=by,
        kind=kind or post.kind,
        role=role or post.role,
        start=on,
        end=old_end,
    )
    record_event(
        post.practitioner,
        actor=by,
        verb="practitioner_moved",
        comment=f"{post.unit.name} → {to_unit.name} · {on.isoformat()}",
    )
    return new


@transaction.atomic
def post_cancel(*, post: Post, by: User, reason: str) -> Post:
    """A post entered by mistake leaves the roster and every count; it stays with the reason."""
    require(can_manage_staff(by, post.unit))
    return cancel_record(post, by=by, reason=reason)


@transaction.atomic
def personal_data_reveal(*, practitioner: Practitioner, by: User) -> dict[str, str]:
    """The name, identity card number and phone in full, for whoever keeps the person's roster; every view logged."""
    require(can_change_practitioner(by, practitioner))
    PersonalDataView.objects.create(practitioner=practitioner, viewer=by)
    return {
        "name": decrypt(practitioner.name_encrypted),
        "id_number": decrypt(practitioner.id_number_encrypted),
        "phone": decrypt(practitioner.phone_encrypted),
    }


# --- Certificates ----------------------------------------------------------------------------------------------


def _check_certificate(
    *,
    kind: CertificateKind,
    practitioner: Practitioner,
    issuer: str,
    level: str,
    number: str,
    issued_on,
    expires_on,
) -> tuple[str, str, str]:
    if not kind.is_active:
        raise ValidationError({"kind": _("This certificate kind is no longer in use.")})
    issuer = check_text(issuer, field="issuer", maximum=100)
    level = check_text(level, field="level", maximum=40)
    number = check_text(number, field="number", maximum=60)
    if not issuer:
        raise ValidationError({"issuer": _("Give who issued the certificate.")})
    if not number:
        raise ValidationError({"number": _("Give the certificate's number.")})
    if issued_on is None:
        raise ValidationError({"issued_on": _("Give the day the certificate was issued.")})
    check_record_date(issued_on, field="issued_on")
    if expires_on is not None:
        check_planned_date(expires_on, field="expires_on")
        if expires_on <= issued_on:
            raise ValidationError({"expires_on": _("A certificate cannot expire before it is issued.")})
    duplicate = Certificate.objects.current().filter(kind=kind, number=number, issued_on=issued_on)
    if duplicate.filter(practitioner=practitioner).exists():
        raise ValidationError({"number": _("This certificate is already recorded.")})
    return issuer, level, number


@transaction.atomic
def certificate_record(
    *,
    practitioner: Practitioner,
    by: User,
    kind: CertificateKind,
    issuer: str,
    number: str,
    issued_on: date,
    expires_on: date | None = None,
    level: str = "",
    evidence: list[UploadedFile] | None = None,
    replaces: Certificate | None = None,
) -> Certificate:
    """A certificate the practitioner holds, with its evidence (a scan or photo). With `replaces`, a renewal: the
    old certificate stays in the history, the new one counts from its issue date."""
    require(can_change_practitioner(by, practitioner))
    if not CertificateKind.objects.visible_to(by).filter(pk=kind.pk).exists():
        raise ValidationError({"kind": _("Choose one of the values offered.")})
    issuer, level, number = _check_certificate(
        kind=kind,
        practitioner=practitioner,
        issuer=issuer,
        level=level,
        number=number,
        issued_on=issued_on,
        expires_on=expires_on,
    )
    if replaces is not None:
        if replaces.practitioner_id != practitioner.pk or replaces.is_cancelled:
            raise PermissionDenied
        if Certificate.objects.filter(replaces=replaces).exists():
            raise ValidationError(_("This certificate has already been renewed."))
        if issued_on < replaces.issued_on:
            raise ValidationError({"issued_on": _("A renewal is issued after the certificate it renews.")})
    certificate = Certificate.objects.create(
        practitioner=practitioner,
        kind=kind,
        issuer=issuer,
        level=level,
        number=number,
        issued_on=issued_on,
        expires_on=expires_on,
        replaces=replaces,
        created_by=by,
    )
    attachments = attach_files(certificate, list(evidence or []), by=by, description=_("Certificate"))
    record_event(
        practitioner,
        actor=by,
        verb="certificate_renewed" if replaces else "certificate_recorded",
        comment=f"{kind.name} {number}",
        attachments=attachments,
    )
    return certificate


@transaction.atomic
def certificate_cancel(*, certificate: Certificate, by: User, reason: str) -> Certificate:
    require(can_change_practitioner(by, certificate.practitioner))
    return cancel_record(certificate, by=by, reason=reason)


# --- Settings: certificate kinds and requirements ---------------------------------------------------------------


@transaction.atomic
def certificate_kind_create(*, owner: Region, by: User, name: str, issuer: str = "") -> CertificateKind:
    """A kind of certificate offered in the owner's jurisdiction."""
    require(can_keep_settings(by, owner))
    name = check_text(name, field="name", maximum=60)
    issuer = check_text(issuer, field="issuer", maximum=100)
    if not name:
        raise ValidationError({"name": _("Give the certificate kind a name.")})
    if CertificateKind.objects.applying_in(owner).filter(name=name).exists():
        raise ValidationError(
            {
                "name": _("A certificate kind of this name already applies in %(region)s.")
                % {"region": owner.name}
            }
        )
    kind = CertificateKind.objects.create(owner=owner, name=name, issuer=issuer)
    record_event(owner, actor=by, verb="certificate_kind_added", comment=name)
    return kind


@transaction.atomic
def requirement_create(
    *, owner: Region, by: User, role: str, kind: CertificateKind, source: str = ""
) -> CertificateRequirement:
    """From now on, whoever holds a post of the role in the owner's jurisdiction must hold a certificate of the
    kind."""
    require(can_keep_settings(by, owner))
    _check_choice(role, PostRole, "role")
    source = check_text(source, field="source", maximum=200)
    if not CertificateKind.objects.applying_in(owner).filter(pk=kind.pk).exists():
        raise ValidationError({"kind": _("Choose one of the values offered.")})
    if CertificateRequirement.objects.filter(owner=owner, role=role, kind=kind).exists():
        raise ValidationError({"kind": _("This requirement is already set.")})
    requirement = CertificateRequirement.objects.create(owner=owner, role=role, kind=kind, source=source)
    record_event(
        owner,
        actor=by,
        verb="certificate_requirement_added",
        comment=f"{requirement.get_role_display()} · {kind.name}",
    )
    return requirement


@transaction.atomic
def requirement_remove(*, requirement: CertificateRequirement, by: User) -> None:
    require(can_keep_settings(by, requirement.owner))
    record_event(
        requirement.owner,
        actor=by,
        verb="certificate_requirement_removed",
        comment=f"{requirement.get_role_display()} · {requirement.kind.name}",
    )
    requirement.delete()


# --- Training --------------------------------------------------------------------------------------------------

TRAINING_DAYS_MAX = Decimal(366)


def _check_days(value, *, field: str, maximum: Decimal) -> Decimal:
    if value is None:
        raise ValidationError({field: _("Give the number of days.")})
    value = Decimal(value)
    if not value.is_finite() or value <= 0 or (value * 2) != (value * 2).to_integral_value():
        raise ValidationError({field: _("Give the days in half days: 0.5, 1, 1.5 …")})
    if value > maximum:
        raise ValidationError({field: _("At most %(max)s days.") % {"max": maximum}})
    return value


@transaction.atomic
def session_create(
    *,
    organizer: Unit,
    by: User,
    title: str,
    level: str,
    start: date,
    end: date,
    days,
    evidence: list[UploadedFile] | None = None,
) -> TrainingSession:
    """A training session the unit organized (or sent its people to), with its evidence."""
    require(can_manage_staff(by, organizer))
    title = check_text(title, field="title", maximum=200)
    if not title:
        raise ValidationError({"title": _("Give the session a title.")})
    _check_choice(level, TrainingLevel, "level")
    if start is None or end is None:
        raise ValidationError({"start": _("Give the first and the last day.")})
    check_planned_date(start, field="start")
    check_planned_date(end, field="end")
    if end < start:
        raise ValidationError({"end": _("A session cannot end before it starts.")})
    if end.year != start.year:
        raise ValidationError(
            {
                "end": _(
                    "A session counts toward one year: record a session running into the next year as two."
                )
            }
        )
    span = Decimal((end - start).days + 1)
    days = _check_days(days, field="days", maximum=span)
    session = TrainingSession.objects.create(
        organizer=organizer, title=title, level=level, start=start, end=end, days=days, created_by=by
    )
    attachments = attach_files(session, list(evidence or []), by=by, description=_("Training evidence"))
    record_event(session, actor=by, verb="session_recorded", comment=title, attachments=attachments)
    return session


@transaction.atomic
def attendance_record(
    *, session: TrainingSession, by: User, practitioners: list[Practitioner], days=None
) -> list[Attendance]:
    """The practitioners attended the session (all its days unless fewer are given); a day beyond the session's
    length, or a year's training days beyond the days of the year, is refused — for every person or none."""
    require(can_manage_staff(by, session.organizer))
    if session.is_cancelled:
        raise ValidationError(_("This session was cancelled."))
    if not practitioners:
        raise ValidationError({"practitioners": _("Choose who attended.")})
    days = session.days if days in (None, "") else _check_days(days, field="days", maximum=session.days)
    visible = set(Practitioner.objects.visible_to(by).filter(pk__in=[p.pk for p in practitioners]))
    if len(visible) != len({p.pk for p in practitioners}):
        raise ValidationError({"practitioners": _("Choose one of the values offered.")})
    already = set(
        Attendance.objects.filter(session=session, practitioner__in=practitioners).values_list(
            "practitioner_id", flat=True
        )
    )
    if already:
        names = ", ".join(p.name_masked for p in practitioners if p.pk in already)
        raise ValidationError(
            {"practitioners": _("Already recorded as attending: %(names)s.") % {"names": names}}
        )
    year_days = Decimal(366 if calendar.isleap(session.start.year) else 365)
    totals = days_in_year([p.pk for p in practitioners], session.start.year)
    beyond = [p.name_masked for p in practitioners if totals.get(p.pk, 0) + days > year_days]
    if beyond:
        raise ValidationError(
            {
                "days": _("These people would have more training days than the year has: %(names)s.")
                % {"names": ", ".join(beyond)}
            }
        )
    recorded = [
        Attendance.objects.create(session=session, practitioner=p, days=days, created_by=by)
        for p in practitioners
    ]
    record_event(
        session,
        actor=by,
        verb="attendance_recorded",
        comment=", ".join(p.name_masked for p in practitioners),
    )
    return recorded


@transaction.atomic
def standard_set(
    *, owner: Region, by: User, tier: str, days, source: str, verified: bool = False
) -> TrainingStandard:
    """The training days a year the practitioners of the tier must have in the owner's jurisdiction, with the
    document it comes from."""
    require(can_keep_settings(by, owner))
    _check_choice(tier, StaffTier, "tier")
    days = _check_days(days, field="days", maximum=TRAINING_DAYS_MAX)
    source = check_text(source, field="source", maximum=200)
    if not source:
        raise ValidationError({"source": _("Give the document this figure comes from.")})
    standard, _created = TrainingStandard.objects.update_or_create(
        owner=owner, tier=tier, defaults={"days": days, "source": source, "verified": verified}
    )
    record_event(
        owner,
        actor=by,
        verb="training_standard_set",
        comment=f"{standard.get_tier_display()} · {days} · {source}",
    )
    return standard


def _check_count(value, *, field: str, maximum: int) -> int:
    try:
        number = Decimal(str(value).strip()) if value is not None and not isinstance(value, bool) else None
    except ArithmeticError:
        number = None
    if number is None or not number.is_finite() or number != number.to_integral_value():
        raise ValidationError({field: _("Give a whole number.")})
    if number < 0:
        raise ValidationError({field: _("A count cannot be negative.")})
    if number > maximum:
        raise ValidationError({field: _("At most %(max)s.") % {"max": maximum}})
    return int(number)


@transaction.atomic
def staffing_standard_set(
    *,
    owner: Region,
    by: User,
    facility: str,
    post_kind: str,
    posts,
    source: str,
    population_from=0,
    verified: bool = False,
) -> StaffingStandard:
    """How many posts of a kind a facility serving at least `population_from` residents needs in the owner's
    jurisdiction, with the document the figure comes from (0 posts: none needed in that band)."""
    require(can_keep_settings(by, owner))
    _check_choice(facility, StaffedFacility, "facility")
    _check_choice(post_kind, PostKind, "post_kind")
    posts = _check_count(posts, field="posts", maximum=STAFFING_POSTS_MAX)
    population_from = _check_count(population_from, field="population_from", maximum=STAFFING_POPULATION_MAX)
    source = check_text(source, field="source", maximum=200)
    if not source:
        raise ValidationError({"source": _("Give the document this figure comes from.")})
    standard, _created = StaffingStandard.objects.update_or_create(
        owner=owner,
        facility=facility,
        post_kind=post_kind,
        population_from=population_from,
        defaults={"posts": posts, "source": source, "verified": verified},
    )
    record_event(
        owner,
        actor=by,
        verb="staffing_standard_set",
        comment=(
            f"{standard.get_facility_display()} · {standard.get_post_kind_display()} · "
            f"≥{population_from} · {posts} · {source}"
        ),
    )
    return standard


def staffing_standard_check(standard: StaffingStandard) -> StepCheck:
    """What removing a staffing figure does: the band no longer applies in the owner's jurisdiction (the next band
    down, or the figure of the jurisdiction above, applies instead)."""
    check = StepCheck(
        action=_("Remove the staffing standard %(standard)s") % {"standard": standard},
        consequences=[
            _(
                "Vacancies on the rosters of %(region)s are counted from the remaining figures (or those of the "
                "jurisdiction above) from now on; the removal stays on the settings timeline."
            )
            % {"region": standard.owner.name}
        ],
    )
    return check


@transaction.atomic
def staffing_standard_remove(*, standard: StaffingStandard, by: User, confirmed: bool = False) -> None:
    """A staffing figure of the owner's jurisdiction removed, after confirmation; who and when on its timeline."""
    require(can_keep_settings(by, standard.owner))
    staffing_standard_check(standard).require(confirmed=confirmed)
    record_event(
        standard.owner,
        actor=by,
        verb="staffing_standard_removed",
        comment=(
            f"{standard.get_facility_display()} · {standard.get_post_kind_display()} · "
            f"≥{standard.population_from} · {standard.posts} · {standard.source}"
        ),
    )
    standard.delete()


# --- Attendance sent by a training organizer (API) ---------------------------------------------------------------

# The rows one request may carry: a session's attendance list, bounded so a request is checked at once.
ATTENDANCE_IMPORT_MAX = 500


@transaction.atomic
def attendance_import(*, session: TrainingSession, by: User, rows: list[dict]) -> list[Attendance]:
    """A training organizer's attendance list ({"id_number", "days"} per row, days defaulting to the session's):
    every row checked — a malformed or unknown number, someone not on a roster the sender keeps, a number twice, days
    not in half days or beyond the session — and all recorded or none, each bad row named by its number (1 first)."""
    from .permissions import attendee_choices

    require(can_manage_staff(by, session.organizer))
    if not rows:
        raise ValidationError(_("Send at least one row."))
    if len(rows) > ATTENDANCE_IMPORT_MAX:
        raise ValidationError(_("At most %(max)s rows in one request.") % {"max": ATTENDANCE_IMPORT_MAX})
    allowed = {p.id_number_digest: p for p in attendee_choices(by)}
    errors, seen, groups = [], set(), {}
    for line, row in enumerate(rows, start=1):
        try:
            number = normalize_id_number(str(row.get("id_number") or ""))
        except ValidationError as exc:
            errors.append(_("Row %(row)s: %(error)s") % {"row": line, "error": " ".join(exc.messages)})
            continue
        digest = lookup_digest(number)
        if digest in seen:
            errors.append(_("Row %(row)s: this person is already in an earlier row.") % {"row": line})
            continue
        seen.add(digest)
        person = allowed.get(digest)
        if person is None:
            errors.append(_("Row %(row)s: nobody with this number is on a roster you keep.") % {"row": line})
            continue
        raw = row.get("days")
        try:
            days = session.days if raw in (None, "") else _check_days(raw, field="days", maximum=session.days)
        except (ValidationError, ArithmeticError, TypeError, ValueError) as exc:
            messages = (
                exc.messages
                if isinstance(exc, ValidationError)
                else [_("Give the days in half days: 0.5, 1, 1.5 …")]
            )
            errors.append(_("Row %(row)s: %(error)s") % {"row": line, "error": " ".join(messages)})
            continue
        groups.setdefault(days, []).append(person)
    if errors:
        raise ValidationError(errors)
    recorded = []
    for days, people in groups.items():
        recorded += attendance_record(session=session, by=by, practitioners=people, days=days)
    return recorded


# --- Industry organizations and social groups ------------------------------------------------------------------


def organization_check(credit_code: str) -> StepCheck:
    """What registering an organization under this code needs: a malformed code is refused; one failing only its
    check character (early pilot codes were issued so) must be confirmed as issued."""
    code = uscc.normalize(credit_code)
    check = StepCheck(action=_("Register the organization %(code)s") % {"code": code[:18]})
    if not uscc.is_well_formed(code):
        check.refusals.append(
            _(
                "A unified social credit code is 18 digits and capital letters other than I, O, S, V and Z "
                "(GB 32100-2015)."
            )
        )
    elif not uscc.passes_check(code):
        check.missing.append(
            _(
                "The code %(code)s fails its check character (GB 32100-2015: it should end in %(char)s). Some "
                "early pilot codes were issued so; confirm only if the registration certificate shows this code."
            )
            % {"code": code, "char": uscc.check_character(code[:17])}
        )
    return check


@transaction.atomic
def organization_register(
    *,
    region: Region,
    by: User,
    name: str,
    credit_code: str,
    kind: str,
    field: str,
    contact_name: str,
    contact_phone: str,
    services: str,
    registered_on: date,
    individual_members=0,
    unit: Unit | None = None,
    confirmed: bool = False,
) -> SocialOrganization:
    """An industry organization or social group enters the registry of the region (kept by its managers)."""
    require(can_keep_registry(by, region))
    code = uscc.normalize(credit_code)
    check = organization_check(code)
    if check.refusals:
        raise ValidationError({"credit_code": check.refusals})
    if check.missing and not confirmed:
        raise ValidationError({"credit_code": check.missing})
    if SocialOrganization.objects.filter(credit_code=code).exists():
        raise ValidationError({"credit_code": _("An organization with this code is already registered.")})
    name = check_text(name, field="name", maximum=100)
    if not name:
        raise ValidationError({"name": _("Give the organization's name.")})
    _check_choice(kind, OrganizationKind, "kind")
    _check_choice(field, OrganizationField, "field")
    contact_name = check_text(contact_name, field="contact_name", maximum=40)
    if not contact_name:
        raise ValidationError({"contact_name": _("Give a contact person.")})
    phone = check_text(contact_phone, field="contact_phone", maximum=20)
    if (
        not phone
        or not all(char.isdecimal() or char in "-+ " for char in phone)
        or sum(c.isdecimal() for c in phone) < 7
    ):
        raise ValidationError({"contact_phone": _("Give a phone number: digits, with - or + if needed.")})
    services = check_text(services, field="services", maximum=2000)
    if not services:
        raise ValidationError({"services": _("Say what services the organization provides.")})
    members = _check_count(individual_members, field="individual_members", maximum=MEMBERS_MAX)
    if registered_on is None or not date(1949, 10, 1) <= registered_on <= local_today():
        raise ValidationError({"registered_on": _("Give the day of registration: not in the future.")})
    if unit is not None:
        if unit.kind != UnitKind.SOCIAL_ORGANIZATION or not unit.region.path.startswith(region.path):
            raise ValidationError(
                {"unit": _("Choose an account of a social organization in this jurisdiction.")}
            )
        if SocialOrganization.objects.filter(unit=unit).exists():
            raise ValidationError({"unit": _("This account already belongs to a registered organization.")})
    organization = SocialOrganization.objects.create(
        region=region,
        name=name,
        credit_code=code,
        code_checked=not check.missing,
        kind=kind,
        field=field,
        contact_name=contact_name,
        contact_phone=phone,
        services=services,
        individual_members=members,
        unit=unit,
        registered_on=registered_on,
        created_by=by,
    )
    record_event(
        organization,
        actor=by,
        verb="organization_registered",
        comment="" if organization.code_checked else _("check character not verified; confirmed as issued"),
    )
    return organization


@transaction.atomic
def organization_member_add(
    *, organization: SocialOrganization, by: User, name: str, joined_on: date
) -> OrganizationMember:
    require(can_keep_registry(by, organization.region))
    name = check_text(name, field="name", maximum=100)
    if not name:
        raise ValidationError({"name": _("Give the member organization's name.")})
    if joined_on is None:
        raise ValidationError({"joined_on": _("Give the day the member joined.")})
    check_record_date(joined_on, field="joined_on")
    if organization.members.filter(name=name).exists():
        raise ValidationError({"name": _("This organization is already a member.")})
    member = OrganizationMember.objects.create(
        organization=organization, name=name, joined_on=joined_on, created_by=by
    )
    record_event(organization, actor=by, verb="organization_member_added", comment=name)
    return member


def _check_reason(reason: str) -> str:
    reason = check_text(reason, field="reason", maximum=500)
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    return reason


def _check_dissolution_day(organization: SocialOrganization, day: date | None) -> date:
    if day is None:
        raise ValidationError({"dissolved_on": _("Give the day the organization was dissolved.")})
    if day < organization.registered_on or day > local_today():
        raise ValidationError(
            {"dissolved_on": _("The day of dissolution falls between its registration and today.")}
        )
    return day


@transaction.atomic
def organization_dissolve(
    *, organization: SocialOrganization, by: User, dissolved_on: date, reason: str
) -> SocialOrganization:
    """The organization is marked dissolved from the day: it stays in the registry, marked so, and leaves the count of
    organizations per 10,000 residents from that day."""
    require(can_keep_registry(by, organization.region))
    organization = SocialOrganization.objects.select_for_update().get(pk=organization.pk)
    if organization.dissolved_on is not None:
        raise ValidationError(_("The organization is already marked dissolved: correct the day instead."))
    day = _check_dissolution_day(organization, dissolved_on)
    reason = _check_reason(reason)
    organization.dissolved_on = day
    organization.save(update_fields=["dissolved_on"])
    record_event(organization, actor=by, verb="organization_dissolved", comment=f"{day:%Y-%m-%d} · {reason}")
    return organization


@transaction.atomic
def organization_dissolution_correct(
    *, organization: SocialOrganization, by: User, dissolved_on: date | None, reason: str
) -> SocialOrganization:
    """The day of dissolution corrected, or (no day) the dissolution undone, with the reason on the timeline."""
    require(can_keep_registry(by, organization.region))
    organization = SocialOrganization.objects.select_for_update().get(pk=organization.pk)
    if organization.dissolved_on is None:
        raise ValidationError(_("The organization is not marked dissolved."))
    day = None if dissolved_on is None else _check_dissolution_day(organization, dissolved_on)
    reason = _check_reason(reason)
    before = organization.dissolved_on
    organization.dissolved_on = day
    organization.save(update_fields=["dissolved_on"])
    after = f"{day:%Y-%m-%d}" if day else _("not dissolved")
    record_event(
        organization,
        actor=by,
        verb="organization_dissolution_corrected",
        comment=f"{before:%Y-%m-%d} → {after} · {reason}",
    )
    return organization
