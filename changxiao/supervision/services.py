"""Workflows of supervision: each checks permission, validates, and writes the timeline."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core.bounds import LONG_TEXT_MAX, check_deadline, check_record_date, check_text
from changxiao.core.confirmation import StepCheck
from changxiao.core.corrections import cancel_record, require_reason
from changxiao.core.deadlines import add_workdays, local_today
from changxiao.core.events import (
    FindingOpened,
    FindingOpenRequest,
    FindingOutcome,
    FindingOutcomeEvent,
    finding_outcome,
    publish,
)
from changxiao.core.extensions import ExtensionWorkflow, extension_settle_pending
from changxiao.core.notifications import notify
from changxiao.core.permissions import require
from changxiao.core.personal_data import redact_identifiers
from changxiao.core.timeline import changed_lines, record_event, register_verbs
from changxiao.core.uploads import attach_files
from changxiao.core.workflow import StateMachine
from changxiao.orgs.models import Region, Unit, User
from changxiao.orgs.permissions import can_manage_region
from changxiao.orgs.recipients import region_managers, unit_people

from .bulletins import draft_text, named_findings, period_figures
from .choices import (
    CLOSED_STATES,
    CLOSING_OUTCOMES,
    AccountabilityGround,
    AccountabilityMeasure,
    FindingState,
    InspectionKind,
)
from .models import (
    DUE_WORKDAYS_MAX,
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
    can_cancel_inspection,
    can_close,
    can_correct_accountability,
    can_edit_inspection,
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
        "finding_cancelled": gettext_lazy("cancelled the finding with its inspection"),
        "accountability_cancelled": gettext_lazy("cancelled an accountability record resting on it"),
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
        S.OPEN: frozenset({S.RECTIFYING, S.SUBMITTED, S.CANCELLED, *CLOSING_OUTCOMES}),
        S.RECTIFYING: frozenset({S.SUBMITTED, S.CANCELLED, *CLOSING_OUTCOMES}),
        S.SUBMITTED: frozenset({S.VERIFIED, S.RECTIFYING, *CLOSING_OUTCOMES}),
    },
)


def resolve_due_date(*, due_date: date | None, due_workdays: int | None, today: date | None = None) -> date:
    """A rectification deadline given as a date or as N working days from today: after today, within the window of
    core.bounds (a deadline years ahead is a slip of the keyboard)."""
    today = today or local_today()
    if due_date is None and due_workdays is None:
        raise ValidationError(_("Give the rectification deadline as a date or as a number of working days."))
    if due_date is None:
        if due_workdays < 1:
            raise ValidationError(_("The number of working days must be at least 1."))
        if due_workdays > DUE_WORKDAYS_MAX:
            raise ValidationError(
                {"due_workdays": _("At most %(max)s working days.") % {"max": DUE_WORKDAYS_MAX}}
            )
        return add_workdays(today, due_workdays)
    if due_date <= today:
        raise ValidationError(
            _("The rectification deadline %(date)s is not in the future.") % {"date": due_date.isoformat()}
        )
    # `earliest`: the services' today, which the demo sets back when it replays a year.
    check_deadline(due_date, field="due_date", earliest=today)
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
    require(can_start_inspection(by, region))
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
    check_happened(date, field="date")
    inspection.full_clean()
    inspection.save()
    inspection.team.set({*team, by})
    inspection.scope_regions.set(scope_regions)
    inspection.scope_units.set(scope_units)
    stored = attach_files(inspection, list(photos), by=by) if photos else []
    record_event(inspection, actor=by, verb="created", attachments=stored)
    return inspection


def check_happened(day: date, *, field: str) -> None:
    """A day something happened (an inspection, a decision): not after today as the services see it (the demo
    replays a year by setting their clock), and within the window of core.bounds."""
    if day > local_today():
        raise ValidationError({field: _("This date lies in the future: give the day it happened.")})
    check_record_date(day, field=field)


def _text(value: str) -> str:
    """A typed text as stored: browsers send a textarea's lines with CRLF; stored texts keep LF, so an unchanged
    text compares equal and no phantom change goes on the timeline."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


@transaction.atomic
def inspection_update(
    *,
    inspection: Inspection,
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
) -> Inspection:
    """Correct an inspection's details; each change is written on its timeline as 'field: old → new'."""
    require(can_edit_inspection(by, inspection))
    inspection = Inspection.objects.select_for_update().select_related("region").get(pk=inspection.pk)
    if inspection.is_cancelled:
        raise ValidationError(_("This inspection is cancelled: it is no longer changed."))
    if region.pk != inspection.region_id:
        require(can_start_inspection(by, region))
    check_happened(date, field="date")
    if inspection.team.filter(pk=by.pk).exists():
        # An inspector who corrects the team stays on it, as on recording: else the correction locks them out.
        team = list({*team, by})
    kinds = dict(InspectionKind.choices)
    rows = [
        (_("jurisdiction"), inspection.region.name, region.name),
        (_("kind of inspection"), kinds.get(inspection.kind, inspection.kind), kinds.get(kind, kind)),
        (_("title"), inspection.title, title.strip()),
        (_("date"), inspection.date, date),
        (_("inspectors"), {u.display_name for u in inspection.team.all()}, {u.display_name for u in team}),
        (_("observers"), inspection.observers, observers.strip()),
        (
            _("jurisdictions inspected"),
            {r.name for r in inspection.scope_regions.all()},
            {r.name for r in scope_regions},
        ),
        (_("units inspected"), {u.name for u in inspection.scope_units.all()}, {u.name for u in scope_units}),
        (_("checklist"), _text(inspection.checklist), _text(checklist)),
        (_("notes"), _text(inspection.notes), _text(notes)),
    ]
    changes = changed_lines(rows)
    if not changes:
        return inspection
    inspection.region, inspection.kind, inspection.title, inspection.date = region, kind, title.strip(), date
    inspection.observers, inspection.checklist, inspection.notes = (
        observers.strip(),
        _text(checklist),
        _text(notes),
    )
    inspection.full_clean()
    inspection.save()
    inspection.team.set(team)
    inspection.scope_regions.set(scope_regions)
    inspection.scope_units.set(scope_units)
    record_event(inspection, actor=by, verb="updated", comment="\n".join(changes))
    return inspection


def inspection_cancel_check(*, inspection: Inspection, by: User) -> StepCheck:
    """What cancelling an inspection recorded by mistake does to its findings, and what forbids it.

    The rule: the inspection and all its findings leave every list, count and figure (they stay on record, shown as
    cancelled). Its findings still open (not yet acted on beyond acknowledging) are closed as "cancelled with the
    inspection" with the same reason, and their units are told; findings closed earlier keep their outcome. It is
    refused while a finding has a rectification waiting for verification (review it first: the unit's submission
    must get an answer) or verified (an inspection with rectified results on record is corrected, not cancelled),
    and when a finding was raised from another channel, such as citizen feedback (that finding is closed instead, so
    that its source is told a real outcome)."""
    require(can_cancel_inspection(by, inspection))
    check = StepCheck(action=_("Cancel the inspection “%(title)s”") % {"title": inspection.title})
    findings = list(inspection.findings.select_related("lead_unit").order_by("number"))
    for finding in findings:
        if finding.state == S.SUBMITTED:
            check.refusals.append(
                _("Finding #%(number)s has a rectification waiting for verification: review it first.")
                % {"number": finding.number}
            )
        elif finding.state == S.VERIFIED:
            check.refusals.append(
                _(
                    "Finding #%(number)s was rectified and verified: an inspection with results on record is "
                    "corrected, not cancelled."
                )
                % {"number": finding.number}
            )
        if finding.source:
            check.refusals.append(
                _("Finding #%(number)s was raised from %(source)s: close that finding instead.")
                % {"number": finding.number, "source": finding.get_source_display()}
            )
    still_open = [f for f in findings if not f.is_closed]
    if still_open:
        check.consequences.append(
            _("%(count)s open findings are closed as cancelled with it; their units are told: %(units)s.")
            % {"count": len(still_open), "units": _names(dict.fromkeys(f.lead_unit for f in still_open))}
        )
    closed = len(findings) - len(still_open)
    if closed:
        check.consequences.append(
            _("%(count)s findings closed earlier keep their outcome.") % {"count": closed}
        )
    check.consequences.append(
        _(
            "The inspection and its findings leave every list, count and figure; they stay on record, shown as "
            "cancelled with the reason."
        )
    )
    return check


@transaction.atomic
def inspection_cancel(*, inspection: Inspection, by: User, reason: str, confirmed: bool) -> Inspection:
    """作废 an inspection recorded by mistake; see inspection_cancel_check for what becomes of its findings."""
    require(can_cancel_inspection(by, inspection))
    reason = require_reason(reason)
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.is_cancelled:
        raise ValidationError(_("This record is already cancelled."))
    inspection_cancel_check(inspection=inspection, by=by).require(confirmed=confirmed)
    for finding in inspection.findings.select_for_update().exclude(state__in=CLOSED_STATES):
        finding.closing_reason = reason
        FINDING_MACHINE.apply(
            finding,
            S.CANCELLED,
            by=by,
            verb="finding_cancelled",
            comment=reason,
            update_fields=("closing_reason",),
        )
        _settle_pending_extensions(finding, by=by, comment=reason)
        notify(
            unit_people(finding.lead_unit),
            title=_("Finding cancelled with its inspection: %(finding)s") % {"finding": finding},
            body=reason,
            url=finding.get_absolute_url(),
        )
    cancel_record(inspection, by=by, reason=reason)
    return inspection


def _settle_pending_extensions(finding: Finding, *, by: User, comment: str) -> None:
    extension_settle_pending(
        workflow=FINDING_EXTENSIONS,
        target=finding,
        by=by,
        comment=_("The finding was closed: %(reason)s") % {"reason": comment},
    )


def _check_finding_open(finding: Finding) -> None:
    if finding.is_closed:
        raise ValidationError(_("This finding is closed."))


# 延期申请 on a finding (core.extensions): the responsible unit asks, the office decides, the deadline moves and the
# escalation ladder follows the new date.
FINDING_EXTENSIONS = ExtensionWorkflow(
    model=FindingExtension,
    target_field="finding",
    may_request=can_rectify,
    may_decide=can_close,
    deciders=lambda finding: region_managers(finding.inspection.region),
    requesters=lambda finding: unit_people(finding.lead_unit),
    visible=lambda user: Finding.objects.visible_to(user).select_related("inspection__region", "lead_unit"),
    request_url="supervision:extension_request",
    decide_url="supervision:extension_decide",
    check_open=_check_finding_open,
)


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
    source: str = "",
    source_ref: str = "",
    source_url: str = "",
) -> Finding:
    """Record a finding; one raised from another channel names it (`source`, `source_ref`, `source_url`), and that
    channel is then told the finding's outcome (see _tell_outcome)."""
    require(can_run_inspection(by, inspection))
    if inspection.is_cancelled:
        raise ValidationError(_("This inspection is cancelled: no finding is recorded on it."))
    if lead_unit in co_units:
        raise ValidationError(_("The responsible unit cannot also be a co-responsible unit."))
    # The source's page is linked from the finding's page: a path of this site, nothing else.
    if source_url and (not source_url.startswith("/") or source_url.startswith("//")):
        raise ValueError(f"source_url must be a path of this site, not {source_url!r}")
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
        source=source,
        source_ref=source_ref,
        source_url=source_url,
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


# The inspection kind that records the findings another channel raises (core.events.finding_open), by channel.
SOURCE_INSPECTION_KINDS = {
    Finding.Source.FEEDBACK: InspectionKind.FEEDBACK,
    # A funding rule not met, or a publicity share short of its minimum (funding's checks): a special inspection.
    Finding.Source.FUNDING: InspectionKind.SPECIAL,
    # A facility breaking an opening rule (the portal's check of the directory): a special inspection.
    Finding.Source.PORTAL: InspectionKind.SPECIAL,
    # A media report of a problem (舆论监督, recorded by publicity): media oversight.
    Finding.Source.MEDIA: InspectionKind.MEDIA,
}


@transaction.atomic
def finding_open_from_source(*, request: FindingOpenRequest) -> FindingOpened:
    """Take on a problem another channel raises (core.events.finding_open, handled in apps.py): an inspection of the
    channel's kind, dated today, with one finding against the responsible unit that names the channel's record — in
    the caller's transaction, with the permission of the person who raised it, who must be able to start an
    inspection in the region. The channel hears the finding's outcome through core.events.finding_outcome."""
    if request.source not in SOURCE_INSPECTION_KINDS:
        raise ValueError(f"findings are not raised from {request.source!r}: add it to Finding.Source")
    by = User.objects.get(pk=request.by_id)
    unit = Unit.objects.get(pk=request.unit_id)
    inspection = inspection_create(
        by=by,
        region=Region.objects.get(pk=request.region_id),
        kind=SOURCE_INSPECTION_KINDS[request.source],
        title=request.title,
        date=local_today(),
        scope_units=[unit],
        notes=request.notes,
    )
    finding = finding_add(
        inspection=inspection,
        by=by,
        # Citizen text: no phone, identity number, address of mail or chat, nor the person's own name or phone.
        description=redact_identifiers(request.description, known=request.personal),
        lead_unit=unit,
        requirement=request.requirement,
        severity=request.severity,
        place=request.place,
        due_workdays=request.due_workdays,
        source=request.source,
        source_ref=request.source_ref,
        source_url=request.source_url,
    )
    return FindingOpened(finding_id=finding.pk, reference=str(finding), url=finding.get_absolute_url())


@transaction.atomic
def finding_acknowledge(*, finding: Finding, by: User) -> Finding:
    """签收: the responsible unit acknowledges the finding and starts rectifying."""
    require(can_rectify(by, finding))
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    FINDING_MACHINE.apply(finding, S.RECTIFYING, by=by, verb="finding_acknowledged")
    return finding


@transaction.atomic
def rectification_submit(*, finding: Finding, by: User, measures: str, evidence: list) -> Rectification:
    require(can_rectify(by, finding))
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.is_closed:
        raise ValidationError(_("This finding is closed: no rectification can be submitted for it."))
    if finding.state == S.SUBMITTED:
        raise ValidationError(_("A rectification is already waiting for verification."))
    if not measures.strip():
        raise ValidationError(_("Describe the measures taken."))
    check_text(measures, field="measures", maximum=LONG_TEXT_MAX)
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
def rectification_accept(
    *, rectification: Rectification, by: User, comment: str = "", reinspected: bool = False
) -> Rectification:
    """The inspector (or the office) verifies the rectification: the finding is closed as rectified."""
    return _rectification_review(rectification, by=by, accept=True, comment=comment, reinspected=reinspected)


@transaction.atomic
def rectification_return(
    *, rectification: Rectification, by: User, comment: str, reinspected: bool = False
) -> Rectification:
    """The rectification goes back to the unit with the reason; it rectifies further and submits again."""
    return _rectification_review(rectification, by=by, accept=False, comment=comment, reinspected=reinspected)


def _rectification_review(
    rectification: Rectification, *, by: User, accept: bool, comment: str, reinspected: bool
) -> Rectification:
    finding = Finding.objects.select_for_update().get(pk=rectification.finding_id)
    require(can_verify(by, finding))
    rectification = Rectification.objects.select_for_update().get(pk=rectification.pk)
    if rectification.state != Rectification.State.SUBMITTED or finding.state != S.SUBMITTED:
        raise ValidationError(_("This rectification has already been reviewed."))
    if not accept and not comment.strip():
        raise ValidationError(_("Say why the rectification is returned."))
    check_text(comment, field="comment")
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
        _tell_outcome(finding, FindingOutcome.RECTIFIED)
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
    require(can_close(by, finding))
    if outcome not in CLOSING_OUTCOMES:
        raise ValidationError(_("Choose how the finding is closed."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for closing the finding."))
    check_text(reason, field="reason")
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
    _settle_pending_extensions(finding, by=by, comment=reason.strip())
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
            source=finding.source,
            source_ref=finding.source_ref,
            source_url=finding.source_url,
        )
        Finding.objects.filter(pk=successor.pk).update(reassigned_from=finding)
        record_event(finding, actor=by, verb="finding_reassigned", comment=reassign_to.name)
        _tell_outcome(finding, FindingOutcome.REASSIGNED, successor=successor)
    else:
        _tell_outcome(finding, CLOSING_OUTCOME_TOLD[outcome])
    return finding


# What a closing without verified rectification tells the finding's source (a reassignment that names the new unit
# is told as REASSIGNED, with the new finding).
CLOSING_OUTCOME_TOLD = {
    S.CLOSED_UNRECTIFIED: FindingOutcome.NOT_RECTIFIED,
    S.DUPLICATE: FindingOutcome.DUPLICATE,
    S.REASSIGNED: FindingOutcome.NOT_RESPONSIBLE,
}


def _tell_outcome(finding: Finding, outcome: str, *, successor: Finding | None = None) -> None:
    """Tell the channel a finding was raised from (core.events.finding_outcome, on commit) how it ended: public
    facts only — the units' names and the dates, never the comments of the decision or who took it."""
    if not finding.source:
        return
    if successor is not None:
        summary = _("%(outcome)s: %(unit)s, to be rectified by %(date)s") % {
            "outcome": FindingOutcome(outcome).label,
            "unit": successor.lead_unit.name,
            "date": successor.due_date.isoformat(),
        }
    else:
        summary = _("%(outcome)s (%(unit)s)") % {
            "outcome": FindingOutcome(outcome).label,
            "unit": finding.lead_unit.name,
        }
    publish(
        finding_outcome,
        FindingOutcomeEvent(
            finding_id=finding.pk,
            source=finding.source,
            source_ref=finding.source_ref,
            outcome=str(outcome),
            decided_on=local_today(),
            unit_name=finding.lead_unit.name,
            successor_id=successor.pk if successor else None,
            successor_unit_name=successor.lead_unit.name if successor else "",
            successor_due_date=successor.due_date if successor else None,
            summary=summary,
        ),
    )


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


def accountability_duplicates(
    *,
    unit: Unit,
    ground: str,
    measure: str,
    decided_on: date,
    person_name: str = "",
    findings: list[Finding] = (),
    exclude: Accountability | None = None,
) -> tuple[list[Accountability], list[Accountability]]:
    """Standing records a new (or corrected) one may duplicate: (identical, similar).

    Identical — the same unit, person, ground, measure and decision date — is the same decision entered twice and is
    refused. Similar — the same unit, ground and decision date, or a finding already covered by a standing record —
    may be a further decision (a talk, then an interview on the same findings), so it is saved only when the office
    confirms, having seen the records. Cancelled records duplicate nothing."""
    standing = Accountability.objects.current().filter(unit=unit).select_related("unit")
    if exclude is not None:
        standing = standing.exclude(pk=exclude.pk)
    identical = list(
        standing.filter(
            person_name=person_name.strip(), ground=ground, measure=measure, decided_on=decided_on
        ).order_by("pk")
    )
    similar_condition = Q(ground=ground, decided_on=decided_on)
    if findings:
        similar_condition |= Q(findings__in=[f.pk for f in findings])
    similar = list(
        standing.filter(similar_condition).exclude(pk__in=[r.pk for r in identical]).distinct().order_by("pk")
    )
    return identical, similar


def _check_accountability(*, unit: Unit, decided_on: date, findings) -> None:
    if decided_on > local_today():
        raise ValidationError({"decided_on": _("The decision date cannot be in the future.")})
    check_record_date(decided_on, field="decided_on")
    for finding in findings:
        if finding.lead_unit_id != unit.pk and not finding.co_units.filter(pk=unit.pk).exists():
            raise ValidationError(
                _("Finding %(finding)s is not against %(unit)s.") % {"finding": finding, "unit": unit.name}
            )


def _refuse_duplicates(identical, similar, *, confirmed: bool) -> None:
    if identical:
        raise ValidationError(
            _(
                "This decision is already recorded (%(record)s, decided on %(date)s): correct that record instead "
                "of entering it again."
            )
            % {"record": identical[0], "date": identical[0].decided_on.isoformat()},
            code="duplicate",
        )
    if similar and not confirmed:
        raise ValidationError(
            _(
                "A standing record concerns the same unit, ground and decision date, or the same findings: check "
                "it, and save only if this is a separate decision."
            ),
            code="possible_duplicate",
        )


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
    confirmed: bool = False,
) -> Accountability:
    """Record a 问责 decision. `confirmed`: the office has seen the similar standing records
    (accountability_duplicates) and this is a separate decision; an identical one is refused whatever is confirmed."""
    require(can_record_accountability(by, region))
    _check_accountability(unit=unit, decided_on=decided_on, findings=findings)
    identical, similar = accountability_duplicates(
        unit=unit,
        ground=ground,
        measure=measure,
        decided_on=decided_on,
        person_name=person_name,
        findings=findings,
    )
    _refuse_duplicates(identical, similar, confirmed=confirmed)
    record = Accountability(
        region=region,
        unit=unit,
        person_name=person_name.strip(),
        person_post=person_post.strip(),
        ground=ground,
        ground_detail=_text(ground_detail),
        measure=measure,
        measure_detail=measure_detail.strip(),
        decided_by=decided_by.strip(),
        decided_on=decided_on,
        recorded_by=by,
    )
    record.full_clean()
    record.save()
    record.findings.set(findings)
    comment = record.get_measure_display()
    if similar:
        comment += "\n" + _("Saved as a separate decision beside: %(records)s") % {
            "records": "、".join(f"#{r.pk}" for r in similar)
        }
    record_event(record, actor=by, verb="created", comment=comment)
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
def accountability_correct(
    *,
    record: Accountability,
    by: User,
    reason: str,
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
    """更正 a 问责 record: the changes and the reason go on its timeline, the unit (both units, when it changes) is
    told. Its jurisdiction stays: a record in the wrong one is cancelled and recorded anew."""
    require(can_correct_accountability(by, record))
    reason = require_reason(reason)
    record = Accountability.objects.select_for_update().select_related("unit").get(pk=record.pk)
    if record.is_cancelled:
        raise ValidationError(_("This record is cancelled: it is no longer changed."))
    _check_accountability(unit=unit, decided_on=decided_on, findings=findings)
    identical, _similar = accountability_duplicates(
        unit=unit,
        ground=ground,
        measure=measure,
        decided_on=decided_on,
        person_name=person_name,
        exclude=record,
    )
    _refuse_duplicates(identical, [], confirmed=True)
    grounds, measures = dict(AccountabilityGround.choices), dict(AccountabilityMeasure.choices)
    before_unit = record.unit
    rows = [
        (_("unit concerned"), record.unit.name, unit.name),
        (_("person concerned"), record.person_name, person_name.strip()),
        (_("post"), record.person_post, person_post.strip()),
        (_("ground"), grounds.get(record.ground, record.ground), grounds.get(ground, ground)),
        (_("facts"), _text(record.ground_detail), _text(ground_detail)),
        (_("findings it rests on"), {str(f) for f in record.findings.all()}, {str(f) for f in findings}),
        (_("measure"), measures.get(record.measure, record.measure), measures.get(measure, measure)),
        (_("measure, details"), record.measure_detail, measure_detail.strip()),
        (_("decided by"), record.decided_by, decided_by.strip()),
        (_("decided on"), record.decided_on, decided_on),
    ]
    changes = changed_lines(rows)
    if not changes:
        raise ValidationError(_("Nothing was changed: there is nothing to correct."))
    record.unit, record.person_name, record.person_post = unit, person_name.strip(), person_post.strip()
    record.ground, record.ground_detail, record.measure = ground, _text(ground_detail), measure
    record.measure_detail, record.decided_by, record.decided_on = (
        measure_detail.strip(),
        decided_by.strip(),
        decided_on,
    )
    record.full_clean()
    record.save()
    record.findings.set(findings)
    record_event(record, actor=by, verb="corrected", comment="\n".join([*changes, reason]))
    people = unit_people(unit) + (unit_people(before_unit) if before_unit.pk != unit.pk else [])
    notify(
        people,
        title=_("Accountability record corrected: %(unit)s") % {"unit": unit.name},
        body=reason,
        url=record.get_absolute_url(),
    )
    return record


def accountability_cancel_check(*, record: Accountability, by: User) -> StepCheck:
    require(can_correct_accountability(by, record))
    check = StepCheck(
        action=_("Cancel the accountability record of %(unit)s (%(measure)s, %(date)s)")
        % {
            "unit": record.unit.name,
            "measure": record.get_measure_display(),
            "date": record.decided_on.isoformat(),
        }
    )
    check.consequences.append(
        _(
            "It leaves the accountability lists and the figure of accountability actions of %(unit)s for "
            "%(year)s; it stays on record, shown as cancelled with the reason."
        )
        % {"unit": record.unit.name, "year": record.decided_on.year}
    )
    check.consequences.append(_("%(unit)s is told.") % {"unit": record.unit.name})
    return check


@transaction.atomic
def accountability_cancel(
    *, record: Accountability, by: User, reason: str, confirmed: bool
) -> Accountability:
    """作废 a 问责 record entered by mistake (a duplicate, the wrong unit); the findings it rested on say so too."""
    require(can_correct_accountability(by, record))
    reason = require_reason(reason)
    record = Accountability.objects.select_for_update().select_related("unit").get(pk=record.pk)
    accountability_cancel_check(record=record, by=by).require(confirmed=confirmed)
    cancel_record(record, by=by, reason=reason)
    for finding in record.findings.all():
        record_event(finding, actor=by, verb="accountability_cancelled", comment=reason)
    notify(
        unit_people(record.unit),
        title=_("Accountability record cancelled: %(unit)s") % {"unit": record.unit.name},
        body=reason,
        url=record.get_absolute_url(),
    )
    return record


@transaction.atomic
def bulletin_generate(*, by: User, region: Region, period_start: date, period_end: date) -> Bulletin:
    """Compute the period's figures and named findings, and write a draft the office then edits."""
    require(can_manage_region(by, region))
    if period_end < period_start:
        raise ValidationError(_("The period ends before it starts."))
    if period_end > local_today():
        raise ValidationError(_("A bulletin covers a period that has ended (up to today)."))
    check_record_date(period_start, field="period_start")
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
    require(can_manage_region(by, bulletin.region))
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
    require(can_manage_bulletin(by, bulletin))
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
    require(can_manage_bulletin(by, bulletin))
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
    require(can_manage_bulletin(by, bulletin))
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
    require(can_manage_bulletin(by, bulletin))
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
    require(can_manage_bulletin(by, bulletin))
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if bulletin.state != Bulletin.State.ISSUED:
        raise ValidationError(_("A draft is not corrected: edit it and save the draft."))
    reason = require_reason(reason)
    number, title, body = number.strip(), title.strip(), _text(body)
    if not number or not title or not body:
        raise ValidationError(_("A bulletin needs an issue number, a title and a text."))
    if len(body) > LONG_TEXT_MAX:
        raise ValidationError(_("Keep the text under %(max)s characters.") % {"max": LONG_TEXT_MAX})
    changed = [
        label
        for label, old, new in (
            (_("issue number"), bulletin.number, number),
            (_("title"), bulletin.title, title),
            (_("text"), _text(bulletin.body), body),
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
    require(can_manage_bulletin(by, bulletin))
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
