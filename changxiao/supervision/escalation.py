"""The escalation ladder (督办): blue reminder → yellow warning → red 督办单 → bulletin → accountability proposal.

Each rung is claimed by inserting an EscalationStep under a unique constraint, in the same transaction as its
actions (its timeline event and notifications), so it happens exactly once per finding and deadline even when sweeps
overlap; if an action fails the claim is rolled back and the next sweep retries it. The sweep claims rungs a batch at a
time (core.sweep.SWEEP_BATCH), and a batch of which another sweep claimed a part is claimed again one rung at a time.

A red rung's 督办单 is a Word document (about 20 ms to build): the background worker builds it after the rung's
transaction commits and attaches it to the rung's timeline event, once (issue_red_notices); the sweep builds those no
task built (issue_lost_notices). A province's first pass climbs tens of thousands of rungs at once."""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from changxiao.core.deadlines import workdays_between
from changxiao.core.models import Attachment, TimelineEvent
from changxiao.core.notifications import Message, notify_many
from changxiao.core.reminders import Digest, Reminder, messages_of
from changxiao.core.sweep import SWEEP_BATCH, in_batches
from changxiao.core.tasks import background_label, enqueue
from changxiao.core.timeline import register_verbs
from changxiao.core.uploads import attach_files
from changxiao.orgs import recipients as orgs_recipients
from changxiao.orgs.models import Region
from changxiao.orgs.scope import ancestor_paths

from .choices import EscalationLevel, FindingState
from .models import EscalationPolicy, EscalationStep, Finding
from .notices import supervision_notice

logger = logging.getLogger(__name__)


class Recipients(orgs_recipients.Recipients):
    """Whom a pass tells (orgs.recipients), and each region's policy, asked once a region in a pass."""

    def __init__(self) -> None:
        super().__init__()
        self._policies: dict[int, EscalationPolicy] = {}

    def policy(self, region: Region) -> EscalationPolicy:
        if region.pk not in self._policies:
            self._policies[region.pk] = policy_for(region)
        return self._policies[region.pk]


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


def _climb(rungs: list[tuple[Finding, str]], *, today: date, recipients: Recipients) -> int:
    """Claim the rungs (finding, level) in one INSERT and act on them in the same transaction; when another sweep
    claimed one of them meanwhile, each is claimed alone. Returns the rungs climbed."""
    try:
        with transaction.atomic():
            steps = EscalationStep.objects.bulk_create(
                EscalationStep(finding=finding, level=level, due_date=finding.due_date, reached_on=today)
                for finding, level in rungs
            )
            _act(steps, today=today, recipients=recipients)
    except IntegrityError:
        if len(rungs) == 1:
            return 0
        return sum(_climb([rung], today=today, recipients=recipients) for rung in rungs)
    return len(steps)


def _act(steps: list[EscalationStep], *, today: date, recipients: Recipients) -> None:
    """Each rung's timeline event and notifications — the office and district coordinators told of a batch's rungs of a
    level in one message (core.reminders.Digest); a red rung's 督办单 is built in the background (issue_red_notices)."""
    overdue = reverse("supervision:finding_list") + "?due=overdue"
    digests = {level: Digest(title=title, url=overdue) for level, title in DIGEST_TITLES.items()}
    reminders = [_rung(step, today=today, recipients=recipients, digests=digests) for step in steps]
    events = TimelineEvent.objects.bulk_create(
        TimelineEvent(content_object=r.obj, verb=r.event, comment=r.comment) for r in reminders
    )
    notify_many(messages_of(reminders))
    for step, event in zip(steps, events, strict=True):
        step.event = event
    EscalationStep.objects.bulk_update(steps, ["event"])
    red = [step.pk for step in steps if step.level == L.RED]
    if red:
        enqueue(issue_red_notices, red)


# What the office reads of several rungs of a level in a batch (one message instead of one a finding).
DIGEST_TITLES = {
    L.RED: lambda count: (
        ngettext(
            "%(count)s finding got a red supervision notice (督办单)",
            "%(count)s findings got a red supervision notice (督办单)",
            count,
        )
        % {"count": count}
    ),
    L.BULLETIN: lambda count: (
        ngettext(
            "%(count)s finding is to be named in the bulletin",
            "%(count)s findings are to be named in the bulletin",
            count,
        )
        % {"count": count}
    ),
    L.ACCOUNTABILITY: lambda count: (
        ngettext(
            "Accountability proposed for %(count)s finding",
            "Accountability proposed for %(count)s findings",
            count,
        )
        % {"count": count}
    ),
}


def _rung(step: EscalationStep, *, today: date, recipients: Recipients, digests: dict) -> Reminder:
    """What a rung tells and to whom, and the comment of its timeline event (a red rung's is its 督办单's body)."""
    finding, level = step.finding, step.level
    policy = recipients.policy(finding.inspection.region)
    # The message is also the body of the 督办单: the date as the reader's language writes it (2026年3月12日).
    due = formats.date_format(finding.due_date, "DATE_FORMAT")
    unit = recipients.unit_people(finding.lead_unit)
    managers = recipients.region_managers(finding.inspection.region)
    url = finding.get_absolute_url()
    subject = f"{finding.inspection.title} #{finding.number}"

    def rung(message: Message, comment: str, *, told: list | tuple = ()) -> Reminder:
        return Reminder(
            finding,
            f"escalated_{level}",
            finding.due_date.isoformat(),
            message,
            event=f"escalated_{level}",
            comment=comment,
            managers=told,
            digest=digests.get(level),
        )

    if level == L.BLUE:
        message = _("The rectification deadline %(date)s is approaching.") % {"date": due}
        title = _("Blue reminder: %(finding)s") % {"finding": subject}
        return rung(Message(unit, title, body=message, url=url), message)
    if level == L.YELLOW:
        message = _("The rectification is due today (%(date)s) and has not been submitted.") % {"date": due}
        title = _("Yellow warning: %(finding)s") % {"finding": subject}
        return rung(Message(unit, title, body=message, url=url), message)
    if level == L.RED:
        overdue = workdays_between(finding.due_date, today)
        message = _(
            "The rectification was due on %(date)s and is %(days)s working day(s) overdue. Complete it at once "
            "and report the result; explain the delay in writing."
        ) % {"date": due, "days": overdue}
        title = _("Red supervision notice (督办单): %(finding)s") % {"finding": subject}
        return rung(Message(unit, title, body=message, url=url), message, told=managers)
    if level == L.BULLETIN:
        message = _("Overdue by %(days)s working days or more: the finding goes on the next bulletin.") % {
            "days": policy.bulletin_after_workdays
        }
        title = _("To be named in the bulletin: %(finding)s") % {"finding": subject}
        return rung(Message(unit, title, url=url), message, told=managers)
    message = _("Overdue by %(days)s working days or more: accountability is proposed.") % {
        "days": policy.accountability_after_workdays
    }
    title = _("Accountability proposed: %(unit)s") % {"unit": finding.lead_unit.name}
    return rung(Message([], title, body=subject, url=url), message, told=managers)


@background_label(gettext_lazy("Red supervision notices (督办单)"))
def issue_red_notices(step_ids: list[int]) -> int:
    """Build the 督办单 of these red rungs and attach it to each rung's timeline event, each once: the notice is claimed
    by a conditional UPDATE of its rung in the transaction that stores it (a second run, or the sweep beside a task,
    stores nothing). Every rung is tried; the first failure is raised at the end, so the task is tried again."""
    issued = 0
    failure: Exception | None = None
    steps = EscalationStep.objects.filter(
        pk__in=step_ids, level=L.RED, notice__isnull=True, event__isnull=False
    ).select_related("finding__inspection__region", "finding__lead_unit", "event")
    for step in steps:
        try:
            issued += _issue_notice(step)
        except Exception as exc:
            logger.exception("The 督办单 of escalation step %s could not be built", step.pk)
            failure = failure or exc
    if failure is not None:
        raise failure
    return issued


def _issue_notice(step: EscalationStep) -> bool:
    finding = step.finding
    document = supervision_notice(
        finding, colour="red", message=step.event.comment, issued_on=step.reached_on
    )
    name = f"督办单-{finding.inspection_id}-{finding.number}-{finding.due_date:%Y%m%d}.docx"
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            stored = attach_files(finding, [SimpleUploadedFile(name, document)], by=None)
            if not EscalationStep.objects.filter(pk=step.pk, notice__isnull=True).update(notice=stored[0]):
                raise _AlreadyIssued
            Attachment.objects.filter(pk=stored[0].pk).update(event=step.event)
    except _AlreadyIssued:
        stored[0].file.delete(save=False)
        return False
    return True


class _AlreadyIssued(Exception):
    """Another run stored the notice first: this run's copy is rolled back."""


def issue_lost_notices(now) -> int:
    """The notices of red rungs that no task built in TASK_LOST_AFTER_MINUTES (the queue lost the task, or every
    attempt failed): built by the sweep, oldest first, a batch a pass."""
    stale = EscalationStep.objects.filter(
        level=L.RED,
        notice__isnull=True,
        event__isnull=False,
        created_at__lt=now - timedelta(minutes=settings.TASK_LOST_AFTER_MINUTES),
    ).order_by("created_at", "pk")
    return issue_red_notices(list(stale.values_list("pk", flat=True)[:SWEEP_BATCH]))


def run_ladder(today: date) -> int:
    """Climb every rung due today for every finding still waiting for its unit, a batch of rungs a transaction;
    returns the rungs climbed.

    Rungs already climbed are skipped from one query; the unique constraint still decides when two sweeps race."""
    recipients = Recipients()
    levels_for: dict[tuple[int, date], list[str]] = {}
    findings = Finding.objects.filter(
        state__in=ESCALATING_STATES, due_date__lte=_horizon(today)
    ).select_related("inspection__region", "lead_unit")
    claimed = set(
        EscalationStep.objects.filter(finding__in=findings, due_date=F("finding__due_date")).values_list(
            "finding_id", "level"
        )
    )

    def due(finding: Finding) -> list[str]:
        key = (finding.inspection.region_id, finding.due_date)
        if key not in levels_for:
            levels_for[key] = due_levels(
                finding.due_date, recipients.policy(finding.inspection.region), today
            )
        return levels_for[key]

    rungs = (
        (finding, level)
        for finding in findings.iterator(chunk_size=SWEEP_BATCH)
        for level in due(finding)
        if (finding.pk, level) not in claimed
    )
    return sum(_climb(batch, today=today, recipients=recipients) for batch in in_batches(rungs))


def _horizon(today: date) -> date:
    """No policy reminds more than 60 working days ahead: about 90 calendar days."""
    return today + timedelta(days=90)
