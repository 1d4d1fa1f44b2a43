"""The escalation ladder (督办): blue reminder → yellow warning → red 督办单 → bulletin → accountability proposal.

Each rung is claimed by inserting an EscalationStep under a unique constraint, in the same transaction as its
actions, so it happens exactly once per finding and deadline even when sweeps overlap; if an action fails the
claim is rolled back and the next sweep retries it."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core.deadlines import workdays_between
from changxiao.core.notifications import notify
from changxiao.core.timeline import record_event, register_verbs
from changxiao.core.uploads import attach_files
from changxiao.orgs.models import Region
from changxiao.orgs.recipients import region_managers, unit_people
from changxiao.orgs.scope import ancestor_paths

from .choices import EscalationLevel, FindingState
from .models import EscalationPolicy, EscalationStep, Finding
from .notices import supervision_notice


@dataclass(frozen=True)
class Recipients:
    """Whom a rung tells: a unit's people, a region's managers (orgs.recipients), each asked once in a pass."""

    unit: Callable
    managers: Callable


L = EscalationLevel

register_verbs(
    {
        "escalated_blue": gettext_lazy("sent a blue reminder"),
        "escalated_yellow": gettext_lazy("sent a yellow warning"),
        "escalated_red": gettext_lazy("issued a red supervision notice (督办单)"),
        "escalated_bulletin": gettext_lazy("put on the next bulletin"),
        "escalated_accountability": gettext_lazy("proposed accountability to the office"),
    }
)

# Findings the responsible unit still has to act on; a submitted rectification pauses the ladder.
ESCALATING_STATES = (FindingState.OPEN, FindingState.RECTIFYING)


def policy_for(region: Region) -> EscalationPolicy:
    """The policy of the region or of the nearest region above it; the defaults when none is set."""
    policies = list(
        EscalationPolicy.objects.filter(region__path__in=ancestor_paths(region.path)).select_related("region")
    )
    if not policies:
        return EscalationPolicy(region=region)
    return max(policies, key=lambda p: len(p.region.path))


def due_levels(due: date, policy: EscalationPolicy, today: date) -> list[str]:
    """The rungs reached on ``today`` for a deadline. Rungs that a late sweep would send stale (a reminder after the
    deadline has passed) are not returned."""
    if today < due:
        return [L.BLUE] if workdays_between(today, due) <= policy.remind_workdays_before else []
    if today == due:
        return [L.YELLOW]
    overdue = workdays_between(due, today)
    levels = []
    if overdue >= 1:
        levels.append(L.RED)
    if overdue >= policy.bulletin_after_workdays:
        levels.append(L.BULLETIN)
    if overdue >= policy.accountability_after_workdays:
        levels.append(L.ACCOUNTABILITY)
    return levels


def _climb(
    finding: Finding, level: str, *, policy: EscalationPolicy, today: date, recipients: Recipients
) -> bool:
    """Climb one rung for the finding's current deadline; False when it was already climbed."""
    try:
        with transaction.atomic():
            EscalationStep.objects.create(
                finding=finding, level=level, due_date=finding.due_date, reached_on=today
            )
            _act(finding, level, policy=policy, today=today, recipients=recipients)
    except IntegrityError:
        return False
    return True


def _act(
    finding: Finding, level: str, *, policy: EscalationPolicy, today: date, recipients: Recipients
) -> None:
    # The message is also the body of the 督办单: the date as the reader's language writes it (2026年3月12日).
    due = formats.date_format(finding.due_date, "DATE_FORMAT")
    unit = recipients.unit(finding.lead_unit)
    managers = recipients.managers(finding.inspection.region)
    url = finding.get_absolute_url()
    subject = f"{finding.inspection.title} #{finding.number}"
    attachments = []
    if level == L.BLUE:
        message = _("The rectification deadline %(date)s is approaching.") % {"date": due}
        notify(unit, title=_("Blue reminder: %(finding)s") % {"finding": subject}, body=message, url=url)
    elif level == L.YELLOW:
        message = _("The rectification is due today (%(date)s) and has not been submitted.") % {"date": due}
        notify(unit, title=_("Yellow warning: %(finding)s") % {"finding": subject}, body=message, url=url)
    elif level == L.RED:
        overdue = workdays_between(finding.due_date, today)
        message = _(
            "The rectification was due on %(date)s and is %(days)s working day(s) overdue. Complete it at once "
            "and report the result; explain the delay in writing."
        ) % {"date": due, "days": overdue}
        document = supervision_notice(finding, colour="red", message=message)
        name = f"督办单-{finding.inspection_id}-{finding.number}-{finding.due_date:%Y%m%d}.docx"
        attachments = attach_files(finding, [SimpleUploadedFile(name, document)], by=None)
        notify(
            [*unit, *managers],
            title=_("Red supervision notice (督办单): %(finding)s") % {"finding": subject},
            body=message,
            url=url,
        )
    elif level == L.BULLETIN:
        message = _("Overdue by %(days)s working days or more: the finding goes on the next bulletin.") % {
            "days": policy.bulletin_after_workdays
        }
        notify(
            [*unit, *managers],
            title=_("To be named in the bulletin: %(finding)s") % {"finding": subject},
            url=url,
        )
    else:
        message = _("Overdue by %(days)s working days or more: accountability is proposed.") % {
            "days": policy.accountability_after_workdays
        }
        notify(
            managers,
            title=_("Accountability proposed: %(unit)s") % {"unit": finding.lead_unit.name},
            body=subject,
            url=url,
        )
    record_event(finding, actor=None, verb=f"escalated_{level}", comment=message, attachments=attachments)


def run_ladder(today: date) -> int:
    """Climb every rung due today for every finding still waiting for its unit; returns the rungs climbed.

    Rungs already climbed are skipped from one query; the unique constraint still decides when two sweeps race."""
    climbed = 0
    # Whom to tell, asked once a unit and region in a pass (a province's pass tells the same units many times).
    recipients = Recipients(unit=cache(unit_people), managers=cache(region_managers))
    policies: dict[int, EscalationPolicy] = {}
    levels_for: dict[tuple[int, date], list[str]] = {}
    findings = Finding.objects.filter(
        state__in=ESCALATING_STATES, due_date__lte=_horizon(today)
    ).select_related("inspection__region", "lead_unit")
    claimed = set(
        EscalationStep.objects.filter(finding__in=findings, due_date=F("finding__due_date")).values_list(
            "finding_id", "level"
        )
    )
    for finding in findings.iterator(chunk_size=500):
        region = finding.inspection.region
        policy = policies.setdefault(region.pk, policy_for(region))
        key = (region.pk, finding.due_date)
        if key not in levels_for:
            levels_for[key] = due_levels(finding.due_date, policy, today)
        for level in levels_for[key]:
            if (finding.pk, level) not in claimed:
                climbed += _climb(finding, level, policy=policy, today=today, recipients=recipients)
    return climbed


def _horizon(today: date) -> date:
    """No policy reminds more than 60 working days ahead: about 90 calendar days."""
    from datetime import timedelta

    return today + timedelta(days=90)
