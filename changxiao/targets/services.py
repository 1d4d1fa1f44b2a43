"""Workflows of the target-responsibility system: each checks permission and writes the timeline."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core.timeline import record_event, register_verbs
from changxiao.orgs.models import Region, Unit, User
from changxiao.orgs.permissions import can_manage_region

from .choices import DEFAULT_PERCENT, TaskStatus, status_for_percent
from .models import Milestone, ProgressEntry, Task, WorkPlan
from .permissions import can_manage_plan, can_update_progress

register_verbs(
    {
        "task_added": gettext_lazy("added a task"),
        "progress_updated": gettext_lazy("updated progress"),
        "progress_rolled_up": gettext_lazy("progress recomputed from sub-tasks"),
        "milestone_added": gettext_lazy("added a milestone"),
        "milestone_done": gettext_lazy("completed a milestone"),
    }
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@transaction.atomic
def plan_create(
    *, by: User, region: Region, year: int, title: str, source_document: str = "", report_schedule: str
) -> WorkPlan:
    _require(can_manage_region(by, region))
    plan = WorkPlan(
        region=region,
        year=year,
        title=title,
        source_document=source_document,
        report_schedule=report_schedule,
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
    task.save()
    task.cooperating_units.set(cooperating_units)
    if changes_comment:
        record_event(task, actor=by, verb="updated", comment=changes_comment)
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
