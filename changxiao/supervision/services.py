"""Workflows of supervision: each checks permission, validates, and writes the timeline."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core.bounds import LONG_TEXT_MAX
from changxiao.core.confirmation import StepCheck
from changxiao.core.corrections import require_reason
from changxiao.core.deadlines import add_workdays, local_today
from changxiao.core.notifications import notify
from changxiao.core.timeline import record_event, register_verbs
from changxiao.core.uploads import attach_files
from changxiao.core.workflow import StateMachine
from changxiao.orgs.models import Region, Unit, User
from changxiao.orgs.permissions import can_manage_region
from changxiao.orgs.recipients import region_managers, unit_people

from .bulletins import draft_text, named_findings, period_figures
from .choices import CLOSING_OUTCOMES, FindingState
from .models import (
    Accountability,
    Bulletin,
    BulletinRevision,
    EscalationPolicy,
    Finding,
    FindingExtension,
    Inspection,
    Rectification,
)
from .permissions import (
    can_close,
    can_manage_bulletin,
    can_record_accountability,
    can_rectify,
    can_run_inspection,
    can_start_inspection,
    can_verify,
)

register_verbs(
    {
        "finding_added": gettext_lazy("recorded a finding"),
        "finding_acknowledged": gettext_lazy("acknowledged the finding and started rectification"),
        "rectification_submitted": gettext_lazy("submitted the rectification"),
        "rectification_accepted": gettext_lazy("verified the rectification"),
        "rectification_returned": gettext_lazy("returned the rectification"),
        "finding_closed": gettext_lazy("closed the finding"),
        "finding_reassigned": gettext_lazy("reassigned the finding to another unit"),
        "extension_requested": gettext_lazy("requested a deadline extension"),
        "extension_approved": gettext_lazy("approved the deadline extension"),
        "extension_refused": gettext_lazy("refused the deadline extension"),
        "accountability_recorded": gettext_lazy("recorded an accountability decision"),
        "bulletin_issued": gettext_lazy("issued the bulletin"),
        "bulletin_published": gettext_lazy("published the bulletin on the public site"),
        "bulletin_corrected": gettext_lazy("corrected the bulletin"),
        "bulletin_withdrawn": gettext_lazy("withdrew the bulletin from the public site"),
    }
)

S = FindingState
# Working days given to the unit a finding is reassigned to, when the original deadline has already passed.
REASSIGNED_WORKDAYS = 10

FINDING_MACHINE = StateMachine(
    field="state",
    transitions={
        S.OPEN: frozenset({S.RECTIFYING, S.SUBMITTED, *CLOSING_OUTCOMES}),
        S.RECTIFYING: frozenset({S.SUBMITTED, *CLOSING_OUTCOMES}),
        S.SUBMITTED: frozenset({S.VERIFIED, S.RECTIFYING, *CLOSING_OUTCOMES}),
    },
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def resolve_due_date(*, due_date: date | None, due_workdays: int | None, today: date | None = None) -> date:
    """A rectification deadline given as a date or as N working days from today; never in the past."""
    today = today or local_today()
    if due_date is None and due_workdays is None:
        raise ValidationError(_("Give the rectification deadline as a date or as a number of working days."))
    if due_date is None:
        if due_workdays < 1:
            raise ValidationError(_("The number of working days must be at least 1."))
        return add_workdays(today, due_workdays)
    if due_date <= today:
        raise ValidationError(
            _("The rectification deadline %(date)s is not in the future.") % {"date": due_date.isoformat()}
        )
    return due_date


@transaction.atomic
def inspection_create(
    *,
    by: User,
    region: Region,
    kind: str,
    title: str,
    date: date,
    team: list[User] = (),
    observers: str = "",
    scope_regions: list[Region] = (),
    scope_units: list[Unit] = (),
    checklist: str = "",
    notes: str = "",
    photos: list = (),
) -> Inspection:
    _require(can_start_inspection(by, region))
    inspection = Inspection(
        region=region,
        kind=kind,
        title=title,
        date=date,
        observers=observers,
        checklist=checklist,
        notes=notes,
        created_by=by,
    )
    inspection.full_clean()
    if inspection.date > local_today():
        raise ValidationError(_("An inspection is recorded on or after the day it took place."))
    inspection.save()
    inspection.team.set({*team, by})
    inspection.scope_regions.set(scope_regions)
    inspection.scope_units.set(scope_units)
    stored = attach_files(inspection, list(photos), by=by) if photos else []
    record_event(inspection, actor=by, verb="created", attachments=stored)
    return inspection


@transaction.atomic
def finding_add(
    *,
    inspection: Inspection,
    by: User,
    description: str,
    lead_unit: Unit,
    requirement: str,
    severity: str,
    place: str = "",
    co_units: list[Unit] = (),
    due_date: date | None = None,
    due_workdays: int | None = None,
    photos: list = (),
) -> Finding:
    _require(can_run_inspection(by, inspection))
    if lead_unit in co_units:
        raise ValidationError(_("The responsible unit cannot also be a co-responsible unit."))
    due = resolve_due_date(due_date=due_date, due_workdays=due_workdays)
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    number = (inspection.findings.aggregate(n=Max("number"))["n"] or 0) + 1
    finding = Finding(
        inspection=inspection,
        number=number,
        description=description,
        severity=severity,
        place=place,
        lead_unit=lead_unit,
        requirement=requirement,
        due_date=due,
        created_by=by,
    )
    finding.full_clean()
    finding.save()
    finding.co_units.set(co_units)
    stored = attach_files(finding, list(photos), by=by) if photos else []
    record_event(finding, actor=by, verb="finding_added", to_state=finding.state, attachments=stored)
    record_event(inspection, actor=by, verb="finding_added", comment=f"#{number} {lead_unit.name}")
    recipients = unit_people(lead_unit) + [p for unit in co_units for p in unit_people(unit)]
    notify(
        recipients,
        title=_("Problem to rectify by %(date)s: %(title)s")
        % {"date": due.isoformat(), "title": inspection.title},
        body=description,
        url=finding.get_absolute_url(),
    )
    return finding


@transaction.atomic
def finding_acknowledge(*, finding: Finding, by: User) -> Finding:
    """签收: the responsible unit acknowledges the finding and starts rectifying."""
    _require(can_rectify(by, finding))
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    FINDING_MACHINE.apply(finding, S.RECTIFYING, by=by, verb="finding_acknowledged")
    return finding


@transaction.atomic
def rectification_submit(*, finding: Finding, by: User, measures: str, evidence: list) -> Rectification:
    _require(can_rectify(by, finding))
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.is_closed:
        raise ValidationError(_("This finding is closed: no rectification can be submitted for it."))
    if finding.state == S.SUBMITTED:
        raise ValidationError(_("A rectification is already waiting for verification."))
    if not measures.strip():
        raise ValidationError(_("Describe the measures taken."))
    if not evidence:
        raise ValidationError(_("Attach evidence of the rectification (photos or documents)."))
    rectification = Rectification.objects.create(finding=finding, measures=measures.strip(), submitted_by=by)
    # All files are checked before any is stored; a bad one raises and the transaction leaves nothing behind.
    stored = attach_files(rectification, list(evidence), by=by)
    if finding.submitted_late is None:
        finding.submitted_late = local_today() > finding.due_date
    FINDING_MACHINE.apply(
        finding,
        S.SUBMITTED,
        by=by,
        verb="rectification_submitted",
        comment=measures.strip(),
        attachments=stored,
        update_fields=("submitted_late",),
    )
    notify(
        _verifiers(finding),
        title=_("Rectification to verify: %(finding)s") % {"finding": finding},
        url=finding.get_absolute_url(),
    )
    return rectification


def _verifiers(finding: Finding) -> list[User]:
    return [user for user in finding.inspection.team.all() if user.is_active]


@transaction.atomic
def rectification_review(
    *, rectification: Rectification, by: User, accept: bool, comment: str = "", reinspected: bool = False
) -> Rectification:
    finding = Finding.objects.select_for_update().get(pk=rectification.finding_id)
    _require(can_verify(by, finding))
    rectification = Rectification.objects.select_for_update().get(pk=rectification.pk)
    if rectification.state != Rectification.State.SUBMITTED or finding.state != S.SUBMITTED:
        raise ValidationError(_("This rectification has already been reviewed."))
    if not accept and not comment.strip():
        raise ValidationError(_("Say why the rectification is returned."))
    rectification.state = Rectification.State.ACCEPTED if accept else Rectification.State.RETURNED
    rectification.reviewed_by, rectification.reviewed_at = by, timezone.now()
    rectification.review_comment, rectification.reinspected = comment.strip(), reinspected
    rectification.save()
    if accept:
        today = local_today()
        finding.rectified_on, finding.rectified_on_time = today, today <= finding.due_date
        FINDING_MACHINE.apply(
            finding,
            S.VERIFIED,
            by=by,
            verb="rectification_accepted",
            comment=comment,
            update_fields=("rectified_on", "rectified_on_time"),
        )
        title = _("Rectification verified: %(finding)s")
    else:
        FINDING_MACHINE.apply(finding, S.RECTIFYING, by=by, verb="rectification_returned", comment=comment)
        title = _("Rectification returned: %(finding)s")
    notify(
        unit_people(finding.lead_unit),
        title=title % {"finding": finding},
        body=comment,
        url=finding.get_absolute_url(),
    )
    return rectification


@transaction.atomic
def finding_close(
    *, finding: Finding, by: User, outcome: str, reason: str, reassign_to: Unit | None = None
) -> Finding:
    """Close a finding without verified rectification: not rectified, a duplicate, or not this unit's
    responsibility — then, when the right unit is named, a new finding is opened for it with the same facts."""
    _require(can_close(by, finding))
    if outcome not in CLOSING_OUTCOMES:
        raise ValidationError(_("Choose how the finding is closed."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for closing the finding."))
    if reassign_to is not None and (outcome != S.REASSIGNED or reassign_to.pk == finding.lead_unit_id):
        raise ValidationError(_("Name another responsible unit only when the finding is reassigned."))
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    finding.closing_reason = reason.strip()
    FINDING_MACHINE.apply(
        finding,
        outcome,
        by=by,
        verb="finding_closed",
        comment=reason.strip(),
        update_fields=("closing_reason",),
    )
    notify(
        unit_people(finding.lead_unit),
        title=_("Finding closed: %(finding)s") % {"finding": finding},
        body=reason,
        url=finding.get_absolute_url(),
    )
    if reassign_to is not None:
        today = local_today()
        successor = finding_add(
            inspection=finding.inspection,
            by=by,
            description=finding.description,
            lead_unit=reassign_to,
            requirement=finding.requirement,
            severity=finding.severity,
            place=finding.place,
            due_date=finding.due_date if finding.due_date > today else None,
            due_workdays=None if finding.due_date > today else REASSIGNED_WORKDAYS,
        )
        Finding.objects.filter(pk=successor.pk).update(reassigned_from=finding)
        record_event(finding, actor=by, verb="finding_reassigned", comment=reassign_to.name)
    return finding


@transaction.atomic
def extension_request(
    *, finding: Finding, by: User, requested_due_date: date, reason: str
) -> FindingExtension:
    """延期申请: the responsible unit asks before the deadline passes, giving a reason and the new date."""
    _require(can_rectify(by, finding))
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.is_closed:
        raise ValidationError(_("This finding is closed."))
    if local_today() > finding.due_date:
        raise ValidationError(_("An extension must be requested before the deadline passes."))
    if requested_due_date <= finding.due_date:
        raise ValidationError(_("The new deadline must be later than the current one."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the extension."))
    if finding.extensions.filter(state=FindingExtension.State.PENDING).exists():
        raise ValidationError(_("An extension request is already waiting for a decision."))
    extension = FindingExtension.objects.create(
        finding=finding,
        reason=reason.strip(),
        current_due_date=finding.due_date,
        requested_due_date=requested_due_date,
        requested_by=by,
    )
    record_event(
        finding,
        actor=by,
        verb="extension_requested",
        comment=f"{finding.due_date:%Y-%m-%d} → {requested_due_date:%Y-%m-%d}\n{reason.strip()}",
    )
    notify(
        region_managers(finding.inspection.region),
        title=_("Extension requested: %(finding)s") % {"finding": finding},
        body=reason,
        url=finding.get_absolute_url(),
    )
    return extension


@transaction.atomic
def extension_decide(
    *, extension: FindingExtension, by: User, approve: bool, comment: str = ""
) -> FindingExtension:
    """The office approves (the deadline moves and the ladder follows the new date) or refuses."""
    finding = Finding.objects.select_for_update().get(pk=extension.finding_id)
    _require(can_close(by, finding))
    extension = FindingExtension.objects.select_for_update().get(pk=extension.pk)
    if extension.state != FindingExtension.State.PENDING:
        raise ValidationError(_("This extension request has already been decided."))
    if not approve and not comment.strip():
        raise ValidationError(_("Give the reason for refusing."))
    extension.state = FindingExtension.State.APPROVED if approve else FindingExtension.State.REFUSED
    extension.decided_by, extension.decided_at, extension.decision_comment = (
        by,
        timezone.now(),
        comment.strip(),
    )
    extension.save()
    if approve:
        finding.due_date = extension.requested_due_date
        finding.save(update_fields=["due_date"])
    record_event(
        finding,
        actor=by,
        verb="extension_approved" if approve else "extension_refused",
        comment=f"{extension.current_due_date:%Y-%m-%d} → {extension.requested_due_date:%Y-%m-%d} {comment}".strip(),
    )
    notify(
        unit_people(finding.lead_unit),
        title=(_("Extension approved: %(finding)s") if approve else _("Extension refused: %(finding)s"))
        % {"finding": finding},
        body=comment,
        url=finding.get_absolute_url(),
    )
    return extension


@transaction.atomic
def escalation_policy_save(*, policy: EscalationPolicy, by: User) -> EscalationPolicy:
    if not can_manage_region(by, policy.region):
        raise PermissionDenied
    changed = EscalationPolicy.objects.filter(pk=policy.pk).exists()
    policy.updated_by, policy.updated_at = by, timezone.now()
    policy.full_clean()
    policy.save()
    record_event(
        policy.region,
        actor=by,
        verb="updated" if changed else "created",
        comment=_("Escalation policy: blue reminder %(n)s, bulletin %(m)s, accountability %(k)s working days")
        % {
            "n": policy.remind_workdays_before,
            "m": policy.bulletin_after_workdays,
            "k": policy.accountability_after_workdays,
        },
    )
    return policy


@transaction.atomic
def accountability_record(
    *,
    by: User,
    region: Region,
    unit: Unit,
    ground: str,
    ground_detail: str,
    measure: str,
    decided_by: str,
    decided_on: date,
    person_name: str = "",
    person_post: str = "",
    measure_detail: str = "",
    findings: list[Finding] = (),
) -> Accountability:
    _require(can_record_accountability(by, region))
    if decided_on > local_today():
        raise ValidationError(_("The decision date cannot be in the future."))
    for finding in findings:
        if finding.lead_unit_id != unit.pk and not finding.co_units.filter(pk=unit.pk).exists():
            raise ValidationError(
                _("Finding %(finding)s is not against %(unit)s.") % {"finding": finding, "unit": unit.name}
            )
    record = Accountability(
        region=region,
        unit=unit,
        person_name=person_name.strip(),
        person_post=person_post.strip(),
        ground=ground,
        ground_detail=ground_detail.strip(),
        measure=measure,
        measure_detail=measure_detail.strip(),
        decided_by=decided_by.strip(),
        decided_on=decided_on,
        recorded_by=by,
    )
    record.full_clean()
    record.save()
    record.findings.set(findings)
    record_event(record, actor=by, verb="created", comment=record.get_measure_display())
    for finding in findings:
        record_event(finding, actor=by, verb="accountability_recorded", comment=record.get_measure_display())
    notify(
        unit_people(unit),
        title=_("Accountability decision concerning %(unit)s: %(measure)s")
        % {"unit": unit.name, "measure": record.get_measure_display()},
        url=record.get_absolute_url(),
    )
    return record


@transaction.atomic
def bulletin_generate(*, by: User, region: Region, period_start: date, period_end: date) -> Bulletin:
    """Compute the period's figures and named findings, and write a draft the office then edits."""
    _require(can_manage_region(by, region))
    if period_end < period_start:
        raise ValidationError(_("The period ends before it starts."))
    if period_end > local_today():
        raise ValidationError(_("A bulletin covers a period that has ended (up to today)."))
    figures = period_figures(region, period_start, period_end)
    named = list(named_findings(region, period_start, period_end))
    issue = Bulletin.objects.filter(region=region, period_end__year=period_end.year).count() + 1
    bulletin = Bulletin.objects.create(
        region=region,
        number=_("%(year)s, no. %(issue)s") % {"year": period_end.year, "issue": issue},
        title=_("Bulletin on the rectification of problems found in supervision"),
        period_start=period_start,
        period_end=period_end,
        body=draft_text(region, period_start, period_end, figures, named),
        figures=figures,
        created_by=by,
    )
    bulletin.findings.set(named)
    record_event(bulletin, actor=by, verb="created")
    return bulletin


@transaction.atomic
def bulletin_update(
    *, bulletin: Bulletin, by: User, title: str, number: str, body: str, is_public: bool
) -> Bulletin:
    _require(can_manage_region(by, bulletin.region))
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if bulletin.state != Bulletin.State.DRAFT:
        raise ValidationError(_("An issued bulletin can no longer be changed."))
    if not title.strip() or not body.strip():
        raise ValidationError(_("A bulletin needs a title and a text."))
    bulletin.title, bulletin.number, bulletin.body, bulletin.is_public = (
        title.strip(),
        number.strip(),
        body,
        is_public,
    )
    bulletin.save(update_fields=["title", "number", "body", "is_public"])
    record_event(bulletin, actor=by, verb="updated")
    return bulletin


def _named_units(bulletin: Bulletin) -> list[Unit]:
    return list(
        Unit.objects.filter(pk__in=bulletin.findings.values("lead_unit")).order_by("sort_order", "code", "pk")
    )


def _names(units) -> str:
    return "、".join(unit.name for unit in units)


def public_bulletin_path(bulletin: Bulletin) -> str:
    return reverse("public:public_bulletin_detail", args=[bulletin.pk])


def _notify_named_units(bulletin: Bulletin, title: str, body: str = "") -> None:
    notify(
        [person for unit in _named_units(bulletin) for person in unit_people(unit)],
        title=title,
        body=body,
        url=bulletin.get_absolute_url(),
    )


def bulletin_issue_check(*, bulletin: Bulletin, by: User) -> StepCheck:
    """What issuing does — who reads the bulletin, whether it goes on the public site, which units it names and who
    is notified — and what stands in its way."""
    _require(can_manage_bulletin(by, bulletin))
    check = StepCheck(action=_("Issue bulletin %(number)s") % {"number": bulletin.number})
    if bulletin.state != Bulletin.State.DRAFT:
        check.refusals.append(_("This bulletin has already been issued."))
    if not bulletin.title.strip() or not bulletin.body.strip():
        check.refusals.append(_("A bulletin needs a title and a text."))
    check.consequences.append(
        _(
            "It is issued as %(number)s “%(title)s” and can no longer be edited: a later change is a correction "
            "with a reason, and the earlier text stays on record."
        )
        % {"number": bulletin.number, "title": bulletin.title}
    )
    if bulletin.is_public:
        check.consequences.append(
            _("It is published on the public site at %(url)s, where anyone can read it without signing in.")
            % {"url": public_bulletin_path(bulletin)}
        )
    else:
        check.consequences.append(
            _(
                "It is issued internally: the offices, district coordinators and units of %(region)s read it; it "
                "is not on the public site. It can be published there later."
            )
            % {"region": bulletin.region.name}
        )
    units = _named_units(bulletin)
    if units:
        people = sum(len(unit_people(unit)) for unit in units)
        check.consequences.append(
            _("Units named in it: %(units)s. Their %(count)s people are notified.")
            % {"units": _names(units), "count": people}
        )
    else:
        check.missing.append(
            _("No finding is named in it: the ladder put none on the bulletin in the period.")
        )
    if not bulletin.figures:
        check.missing.append(
            _("Its table of figures is empty: no finding was recorded, verified or overdue in the period.")
        )
    return check


@transaction.atomic
def bulletin_issue(*, bulletin: Bulletin, by: User, confirmed: bool) -> Bulletin:
    """印发: internally, or publicly when the draft says so; confirmed after seeing bulletin_issue_check."""
    _require(can_manage_bulletin(by, bulletin))
    bulletin = Bulletin.objects.select_for_update().select_related("region").get(pk=bulletin.pk)
    bulletin_issue_check(bulletin=bulletin, by=by).require(confirmed=confirmed)
    now = timezone.now()
    bulletin.state, bulletin.issued_at, bulletin.issued_by = Bulletin.State.ISSUED, now, by
    fields = ["state", "issued_at", "issued_by"]
    if bulletin.is_public:
        bulletin.published_at, bulletin.published_by = now, by
        fields += ["published_at", "published_by"]
    bulletin.save(update_fields=fields)
    record_event(
        bulletin,
        actor=by,
        verb="bulletin_issued",
        comment=_("public") if bulletin.is_public else _("internal"),
    )
    _notify_named_units(
        bulletin, _("Your unit is named in bulletin %(number)s") % {"number": bulletin.number}
    )
    return bulletin


def bulletin_publish_check(*, bulletin: Bulletin, by: User) -> StepCheck:
    """What publishing an issued bulletin on the public site does."""
    _require(can_manage_bulletin(by, bulletin))
    check = StepCheck(
        action=_("Publish bulletin %(number)s on the public site") % {"number": bulletin.number}
    )
    if bulletin.state != Bulletin.State.ISSUED:
        check.refusals.append(_("Only an issued bulletin can be published; issue the draft first."))
    elif bulletin.is_public:
        check.refusals.append(_("This bulletin is already on the public site."))
    check.consequences.append(
        _("Anyone can read it at %(url)s without signing in; the public list of bulletins shows it.")
        % {"url": public_bulletin_path(bulletin)}
    )
    units = _named_units(bulletin)
    if units:
        check.consequences.append(
            _("The public reads the units named in it: %(units)s. They are told it is published.")
            % {"units": _names(units)}
        )
    if bulletin.is_withdrawn:
        check.consequences.append(
            _("It was withdrawn from the public site on %(date)s (%(reason)s); publishing puts it back.")
            % {
                "date": timezone.localdate(bulletin.withdrawn_at).isoformat(),
                "reason": bulletin.withdraw_reason,
            }
        )
    return check


@transaction.atomic
def bulletin_publish(*, bulletin: Bulletin, by: User, confirmed: bool) -> Bulletin:
    """公开发布 an internally issued (or withdrawn) bulletin; its own confirmed step."""
    _require(can_manage_bulletin(by, bulletin))
    bulletin = Bulletin.objects.select_for_update().select_related("region").get(pk=bulletin.pk)
    bulletin_publish_check(bulletin=bulletin, by=by).require(confirmed=confirmed)
    bulletin.is_public, bulletin.published_at, bulletin.published_by = True, timezone.now(), by
    # The withdrawal stays on the timeline; the fields describe only a withdrawal in force.
    bulletin.withdrawn_at, bulletin.withdrawn_by, bulletin.withdraw_reason = None, None, ""
    bulletin.save(
        update_fields=[
            "is_public",
            "published_at",
            "published_by",
            "withdrawn_at",
            "withdrawn_by",
            "withdraw_reason",
        ]
    )
    record_event(bulletin, actor=by, verb="bulletin_published", comment=public_bulletin_path(bulletin))
    _notify_named_units(
        bulletin,
        _("Bulletin %(number)s naming your unit is now on the public site") % {"number": bulletin.number},
    )
    return bulletin


@transaction.atomic
def bulletin_correct(
    *, bulletin: Bulletin, by: User, number: str, title: str, body: str, reason: str
) -> Bulletin:
    """更正 an issued bulletin: the earlier text is kept as a revision, the reason goes on the timeline (and on the
    public page when the bulletin is public), the units named are told. A draft is edited instead."""
    _require(can_manage_bulletin(by, bulletin))
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if bulletin.state != Bulletin.State.ISSUED:
        raise ValidationError(_("A draft is not corrected: edit it and save the draft."))
    reason = require_reason(reason)
    number, title, body = number.strip(), title.strip(), body.strip()
    if not number or not title or not body:
        raise ValidationError(_("A bulletin needs an issue number, a title and a text."))
    if len(body) > LONG_TEXT_MAX:
        raise ValidationError(_("Keep the text under %(max)s characters.") % {"max": LONG_TEXT_MAX})
    changed = [
        label
        for label, old, new in (
            (_("issue number"), bulletin.number, number),
            (_("title"), bulletin.title, title),
            (_("text"), bulletin.body.strip(), body),
        )
        if old != new
    ]
    if not changed:
        raise ValidationError(_("Nothing was changed: there is nothing to correct."))
    BulletinRevision.objects.create(
        bulletin=bulletin,
        version=bulletin.version,
        number=bulletin.number,
        title=bulletin.title,
        body=bulletin.body,
        reason=reason,
        corrected_by=by,
    )
    bulletin.number, bulletin.title, bulletin.body = number, title, body
    bulletin.version += 1
    bulletin.save(update_fields=["number", "title", "body", "version"])
    record_event(
        bulletin,
        actor=by,
        verb="bulletin_corrected",
        comment=_("Version %(version)s; corrected: %(parts)s")
        % {"version": bulletin.version, "parts": "、".join(str(part) for part in changed)}
        + f"\n{reason}",
    )
    _notify_named_units(
        bulletin, _("Bulletin %(number)s was corrected") % {"number": bulletin.number}, body=reason
    )
    return bulletin


@transaction.atomic
def bulletin_withdraw(*, bulletin: Bulletin, by: User, reason: str) -> Bulletin:
    """Take a bulletin off the public site with a reason. It stays issued and on record; its public address then says
    it was withdrawn (without the text or the reason, which may be internal). It can be published again."""
    _require(can_manage_bulletin(by, bulletin))
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    reason = require_reason(reason)
    if bulletin.state != Bulletin.State.ISSUED or not bulletin.is_public:
        raise ValidationError(_("Only a bulletin on the public site can be withdrawn from it."))
    bulletin.is_public = False
    bulletin.withdrawn_at, bulletin.withdrawn_by, bulletin.withdraw_reason = timezone.now(), by, reason
    bulletin.save(update_fields=["is_public", "withdrawn_at", "withdrawn_by", "withdraw_reason"])
    record_event(bulletin, actor=by, verb="bulletin_withdrawn", comment=reason)
    _notify_named_units(
        bulletin,
        _("Bulletin %(number)s was withdrawn from the public site") % {"number": bulletin.number},
        body=reason,
    )
    return bulletin
