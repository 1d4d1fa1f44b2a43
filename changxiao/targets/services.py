"""Workflows of the target-responsibility system: each checks permission and writes the timeline."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core.notifications import notify
from changxiao.core.timeline import record_event, register_verbs
from changxiao.core.uploads import attach_files
from changxiao.core.workflow import StateMachine
from changxiao.orgs.models import Region, Unit, User
from changxiao.orgs.permissions import can_manage_region
from changxiao.orgs.recipients import region_managers, unit_people

from .choices import DEFAULT_PERCENT, TaskStatus, status_for_percent
from .models import (
    ExtensionRequest,
    Milestone,
    ProgressEntry,
    ProgressReport,
    ReportContribution,
    Task,
    WorkPlan,
)
from .permissions import can_contribute, can_manage_plan, can_report, can_update_progress

register_verbs(
    {
        "task_added": gettext_lazy("added a task"),
        "progress_updated": gettext_lazy("updated progress"),
        "progress_rolled_up": gettext_lazy("progress recomputed from sub-tasks"),
        "milestone_added": gettext_lazy("added a milestone"),
        "milestone_done": gettext_lazy("completed a milestone"),
        "report_submitted": gettext_lazy("submitted a progress report"),
        "report_resubmitted": gettext_lazy("resubmitted a revised progress report"),
        "report_returned": gettext_lazy("returned the progress report"),
        "report_accepted": gettext_lazy("accepted the progress report"),
        "report_contribution": gettext_lazy("added a cooperating unit's contribution"),
        "marked_overdue": gettext_lazy("marked overdue"),
        "extension_requested": gettext_lazy("requested a deadline extension"),
        "extension_approved": gettext_lazy("approved the deadline extension"),
        "extension_refused": gettext_lazy("refused the deadline extension"),
    }
)

REPORT_MACHINE = StateMachine(
    field="state",
    transitions={
        ProgressReport.State.SUBMITTED: frozenset(
            {ProgressReport.State.RETURNED, ProgressReport.State.ACCEPTED}
        ),
        ProgressReport.State.RETURNED: frozenset({ProgressReport.State.SUBMITTED}),
    },
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@transaction.atomic
def plan_create(
    *,
    by: User,
    region: Region,
    year: int,
    title: str,
    source_document: str = "",
    report_schedule: str,
    implementation_plans_due=None,
) -> WorkPlan:
    _require(can_manage_region(by, region))
    plan = WorkPlan(
        region=region,
        year=year,
        title=title,
        source_document=source_document,
        report_schedule=report_schedule,
        implementation_plans_due=implementation_plans_due,
        created_by=by,
    )
    plan.full_clean()
    plan.save()
    record_event(plan, actor=by, verb="created")
    return plan


@transaction.atomic
def plan_update(*, plan: WorkPlan, by: User, changes_comment: str) -> WorkPlan:
    _require(can_manage_plan(by, plan))
    plan.save()
    if changes_comment:
        record_event(plan, actor=by, verb="updated", comment=changes_comment)
    return plan


def _check_task(task: Task) -> None:
    if task.due_date and task.due_date < task.plan.first_day:
        raise ValidationError({"due_date": _("The due date falls before the plan's year.")})
    if task.parent_id and task.parent.plan_id != task.plan_id:
        raise ValidationError({"parent": _("A sub-task belongs to the same plan as its parent.")})


@transaction.atomic
def task_create(*, by: User, task: Task, cooperating_units: list[Unit]) -> Task:
    _require(can_manage_plan(by, task.plan))
    _check_task(task)
    task.percent = DEFAULT_PERCENT[task.status]
    task.full_clean()
    task.save()
    task.cooperating_units.set(cooperating_units)
    record_event(task, actor=by, verb="created")
    record_event(task.plan, actor=by, verb="task_added", comment=str(task))
    if task.parent_id:
        _roll_up(task.parent, by=by)
    return task


@transaction.atomic
def task_update(*, task: Task, by: User, cooperating_units: list[Unit], changes_comment: str) -> Task:
    _require(can_manage_plan(by, task.plan))
    _check_task(task)
    old_parent_id = Task.objects.filter(pk=task.pk).values_list("parent_id", flat=True).get()
    task.save()
    task.cooperating_units.set(cooperating_units)
    if changes_comment:
        record_event(task, actor=by, verb="updated", comment=changes_comment)
    if old_parent_id != task.parent_id:
        # Moving a task changes the progress of the parent it left and of the one it joined.
        for parent in Task.objects.filter(pk__in=[p for p in (old_parent_id, task.parent_id) if p]):
            _roll_up(parent, by=by)
    return task


def _apply_progress(
    task: Task, *, percent: int, status: str, by: User | None, source: str, note: str = ""
) -> None:
    task.percent = percent
    task.status = status
    task.completed_on = (
        timezone.localdate()
        if status == TaskStatus.COMPLETED and not task.completed_on
        else (task.completed_on if status == TaskStatus.COMPLETED else None)
    )
    task.save(update_fields=["percent", "status", "completed_on"])
    ProgressEntry.objects.create(
        task=task, percent=percent, status=status, source=source, note=note, created_by=by
    )


def _roll_up(parent: Task, *, by: User | None) -> None:
    """A parent's progress is the weighted mean of its sub-tasks; it climbs to the top of the tree."""
    children = list(parent.children.only("percent", "weight"))
    if not children:
        return
    total_weight = sum((c.weight for c in children), Decimal(0))
    percent = int(round(sum((c.weight * c.percent for c in children), Decimal(0)) / total_weight))
    status = status_for_percent(percent)
    if (percent, status) != (parent.percent, parent.status):
        before = parent.percent
        _apply_progress(parent, percent=percent, status=status, by=by, source=ProgressEntry.Source.ROLLUP)
        record_event(parent, actor=by, verb="progress_rolled_up", comment=f"{before}% → {percent}%")
    if parent.parent_id:
        _roll_up(parent.parent, by=by)


@transaction.atomic
def task_record_progress(
    *, task: Task, by: User, percent: int | None, status: str | None = None, note: str = ""
) -> Task:
    """Record progress: the percent, or the status's default percent; a completed task is closed."""
    _require(can_update_progress(by, task))
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.status == TaskStatus.COMPLETED:
        raise ValidationError(_("This task is completed: its progress can no longer change."))
    if task.children.exists():
        raise ValidationError(_("This task's progress is computed from its sub-tasks."))
    if percent is None:
        if status is None:
            raise ValidationError(_("Give a percent or a status."))
        percent = DEFAULT_PERCENT[status]
    if not 0 <= percent <= 100:
        raise ValidationError(_("The percent must be between 0 and 100."))
    status = status_for_percent(percent) if status is None or percent in (0, 100) else status
    before = task.percent
    _apply_progress(
        task, percent=percent, status=status, by=by, source=ProgressEntry.Source.UPDATE, note=note
    )
    record_event(
        task,
        actor=by,
        verb="progress_updated",
        from_state=f"{before}%",
        to_state=f"{percent}%",
        comment=note,
    )
    if task.parent_id:
        _roll_up(task.parent, by=by)
    return task


@transaction.atomic
def milestone_add(*, task: Task, by: User, title: str, due_date) -> Milestone:
    _require(can_manage_plan(by, task.plan))
    if due_date < task.plan.first_day:
        raise ValidationError({"due_date": _("The due date falls before the plan's year.")})
    milestone = Milestone.objects.create(task=task, title=title, due_date=due_date)
    record_event(task, actor=by, verb="milestone_added", comment=f"{title} ({due_date:%Y-%m-%d})")
    return milestone


@transaction.atomic
def milestone_mark_done(*, milestone: Milestone, by: User) -> Milestone:
    _require(can_update_progress(by, milestone.task))
    if milestone.done_on:
        return milestone
    milestone.done_on = timezone.localdate()
    milestone.save(update_fields=["done_on"])
    record_event(milestone.task, actor=by, verb="milestone_done", comment=milestone.title)
    return milestone


def plan_managers(plan: WorkPlan) -> list[User]:
    return region_managers(plan.region)


@transaction.atomic
def report_submit(
    *, task: Task, by: User, period: str, percent: int, narrative: str, files: list = ()
) -> ProgressReport:
    """The lead unit reports for a period; a returned report of that period is revised and resubmitted."""
    _require(can_report(by, task))
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.status == TaskStatus.COMPLETED:
        raise ValidationError(_("This task is completed: no more progress reports are taken."))
    if not 0 <= percent <= 100:
        raise ValidationError(_("The percent must be between 0 and 100."))
    if not narrative.strip():
        raise ValidationError(_("Describe the progress of the period."))
    report = ProgressReport.objects.filter(task=task, period=period).first()
    if report is None:
        report = ProgressReport.objects.create(
            task=task, period=period, percent=percent, narrative=narrative, submitted_by=by
        )
        verb = "report_submitted"
    elif report.state == ProgressReport.State.RETURNED:
        report.percent, report.narrative, report.submitted_by = percent, narrative, by
        report.submitted_at, report.revision = timezone.now(), report.revision + 1
        report.save(update_fields=["percent", "narrative", "submitted_by", "submitted_at", "revision"])
        REPORT_MACHINE.apply(report, ProgressReport.State.SUBMITTED, by=by, verb="report_resubmitted")
        verb = "report_resubmitted"
    else:
        raise ValidationError(
            _(
                "A report for %(period)s was already submitted; it can be revised only if the office returns it."
            )
            % {"period": period}
        )
    stored = attach_files(report, list(files), by=by) if files else []
    record_event(task, actor=by, verb=verb, comment=f"{period} · {percent}%\n{narrative}", attachments=stored)
    notify(
        plan_managers(task.plan),
        title=_("Progress report to review: %(task)s (%(period)s)") % {"task": task, "period": period},
        url=task.get_absolute_url(),
    )
    return report


@transaction.atomic
def report_return(*, report: ProgressReport, by: User, comment: str) -> ProgressReport:
    _require(can_manage_plan(by, report.task.plan))
    if not comment.strip():
        raise ValidationError(_("Say what must be revised."))
    report.reviewed_by, report.reviewed_at, report.review_comment = by, timezone.now(), comment
    REPORT_MACHINE.apply(
        report,
        ProgressReport.State.RETURNED,
        by=by,
        comment=comment,
        update_fields=("reviewed_by", "reviewed_at", "review_comment"),
    )
    record_event(report.task, actor=by, verb="report_returned", comment=f"{report.period}: {comment}")
    notify(
        unit_people(report.task.lead_unit),
        title=_("Progress report returned for revision: %(task)s (%(period)s)")
        % {"task": report.task, "period": report.period},
        body=comment,
        url=report.task.get_absolute_url(),
    )
    return report


@transaction.atomic
def report_accept(*, report: ProgressReport, by: User, comment: str = "") -> ProgressReport:
    """Accepting a report makes its percent the task's progress; 100 % completes the task."""
    _require(can_manage_plan(by, report.task.plan))
    task = Task.objects.select_for_update().get(pk=report.task_id)
    report.reviewed_by, report.reviewed_at, report.review_comment = by, timezone.now(), comment
    REPORT_MACHINE.apply(
        report,
        ProgressReport.State.ACCEPTED,
        by=by,
        comment=comment,
        update_fields=("reviewed_by", "reviewed_at", "review_comment"),
    )
    if task.status != TaskStatus.COMPLETED and not task.children.exists():
        before = task.percent
        _apply_progress(
            task,
            percent=report.percent,
            status=status_for_percent(report.percent),
            by=by,
            source=ProgressEntry.Source.REPORT,
            note=f"{report.period}",
        )
        record_event(
            task,
            actor=by,
            verb="report_accepted",
            from_state=f"{before}%",
            to_state=f"{report.percent}%",
            comment=comment,
        )
        if task.parent_id:
            _roll_up(task.parent, by=by)
    else:
        record_event(task, actor=by, verb="report_accepted", comment=comment)
    notify(
        unit_people(task.lead_unit),
        title=_("Progress report accepted: %(task)s (%(period)s)") % {"task": task, "period": report.period},
        url=task.get_absolute_url(),
    )
    return report


@transaction.atomic
def report_contribute(*, report: ProgressReport, by: User, unit: Unit, text: str) -> ReportContribution:
    """A cooperating unit adds its part to the lead unit's report while it is under review."""
    _require(can_contribute(by, report.task, unit))
    if report.state == ProgressReport.State.ACCEPTED:
        raise ValidationError(_("This report is accepted: contributions are closed."))
    if not text.strip():
        raise ValidationError(_("Describe your unit's contribution."))
    contribution = ReportContribution.objects.create(report=report, unit=unit, text=text, created_by=by)
    record_event(
        report.task, actor=by, verb="report_contribution", comment=f"{unit.name} · {report.period}\n{text}"
    )
    return contribution


EXTENSION_MACHINE = StateMachine(
    field="state",
    transitions={
        ExtensionRequest.State.PENDING: frozenset(
            {ExtensionRequest.State.APPROVED, ExtensionRequest.State.REFUSED}
        ),
    },
)


@transaction.atomic
def extension_request(*, task: Task, by: User, requested_due_date, reason: str) -> ExtensionRequest:
    """延期申请: only the lead unit, only before the due date has passed, one pending request at a time."""
    _require(can_report(by, task))
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.status == TaskStatus.COMPLETED:
        raise ValidationError(_("This task is completed."))
    if timezone.localdate() > task.due_date:
        raise ValidationError(
            _("An extension must be requested before the due date; this task is already overdue.")
        )
    if requested_due_date <= task.due_date:
        raise ValidationError(_("The new date must be later than the current due date."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the extension."))
    if task.extension_requests.filter(state=ExtensionRequest.State.PENDING).exists():
        raise ValidationError(_("An extension request for this task is already waiting for a decision."))
    extension = ExtensionRequest.objects.create(
        task=task,
        reason=reason,
        current_due_date=task.due_date,
        requested_due_date=requested_due_date,
        requested_by=by,
    )
    record_event(
        task,
        actor=by,
        verb="extension_requested",
        comment=f"{task.due_date:%Y-%m-%d} → {requested_due_date:%Y-%m-%d}\n{reason}",
    )
    notify(
        plan_managers(task.plan),
        title=_("Extension request to decide: %(task)s") % {"task": task},
        url=task.get_absolute_url(),
    )
    return extension


@transaction.atomic
def extension_decide(
    *, extension: ExtensionRequest, by: User, approve: bool, comment: str = ""
) -> ExtensionRequest:
    """The office approves (the task takes the new date; the old one stays on record) or refuses with a reason."""
    _require(can_manage_plan(by, extension.task.plan))
    if not approve and not comment.strip():
        raise ValidationError(_("Give the reason for refusing."))
    extension.decided_by, extension.decided_at, extension.decision_comment = by, timezone.now(), comment
    to = ExtensionRequest.State.APPROVED if approve else ExtensionRequest.State.REFUSED
    EXTENSION_MACHINE.apply(
        extension, to, by=by, comment=comment, update_fields=("decided_by", "decided_at", "decision_comment")
    )
    task = extension.task
    if approve:
        task.due_date = extension.requested_due_date
        task.save(update_fields=["due_date"])
    record_event(
        task,
        actor=by,
        verb="extension_approved" if approve else "extension_refused",
        comment=f"{extension.current_due_date:%Y-%m-%d} → {extension.requested_due_date:%Y-%m-%d}\n{comment}".strip(),
    )
    notify(
        unit_people(task.lead_unit),
        title=(_("Extension approved: %(task)s") if approve else _("Extension refused: %(task)s"))
        % {"task": task},
        body=comment,
        url=task.get_absolute_url(),
    )
    return extension
