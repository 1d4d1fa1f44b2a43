"""Who may see and change plans and tasks; used alike by views, templates and the API."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from changxiao.orgs.models import Unit
from changxiao.orgs.permissions import can_manage_region
from changxiao.orgs.scope import get_scope

from .models import CompletionRequest, ImplementationPlan, Milestone, ProgressReport, Task, WorkPlan


def can_manage_plan(user, plan: WorkPlan) -> bool:
    """The office (or district coordinator) of the plan's jurisdiction builds and edits it."""
    return can_manage_region(user, plan.region)


def can_update_progress(user, task: Task) -> bool:
    """The lead unit reports its task's progress; the plan's managers may correct it."""
    if task.lead_unit_id in get_scope(user).acting_unit_ids:
        return True
    return can_manage_plan(user, task.plan)


def can_report(user, task: Task) -> bool:
    """Progress reports come from the lead unit."""
    return task.lead_unit_id in get_scope(user).acting_unit_ids


def can_decide_completion(user, completion: CompletionRequest) -> bool:
    """Completion (销号) is the plan's office's decision, taken by someone other than the person who asked for it."""
    return can_manage_plan(user, completion.task.plan) and completion.requested_by_id != user.pk


def can_contribute(user, task: Task, unit) -> bool:
    """A cooperating unit's people add their unit's part to the lead unit's report."""
    return unit.pk in get_scope(user).acting_unit_ids and task.cooperating_units.filter(pk=unit.pk).exists()


def can_submit_implementation(user, work_plan: WorkPlan, unit) -> bool:
    """A unit with a part in the plan (leading or cooperating on a task) submits its implementation plan."""
    return unit in submitting_units(user, work_plan)


def submitting_units(user, work_plan: WorkPlan) -> list:
    """The user's units that may submit an implementation plan for the work plan."""
    return list(
        Unit.objects.filter(pk__in=get_scope(user).acting_unit_ids)
        .filter(Q(led_tasks__plan=work_plan) | Q(cooperating_tasks__plan=work_plan))
        .distinct()
    )


def get_implementation_for_user(user, pk: int) -> ImplementationPlan:
    return get_object_or_404(
        ImplementationPlan.objects.visible_to(user).select_related("work_plan__region", "unit"), pk=pk
    )


def get_plan_for_user(user, pk: int, *, write: bool = False) -> WorkPlan:
    plan = get_object_or_404(WorkPlan.objects.visible_to(user).select_related("region"), pk=pk)
    if write and not can_manage_plan(user, plan):
        raise PermissionDenied
    return plan


def get_task_for_user(user, pk: int, *, write: bool = False) -> Task:
    task = get_object_or_404(
        Task.objects.visible_to(user).select_related("plan__region", "lead_unit", "parent"), pk=pk
    )
    if write and not can_manage_plan(user, task.plan):
        raise PermissionDenied
    return task


def get_milestone_for_user(user, pk: int) -> Milestone:
    """A milestone of a task the person sees (another's: 404); who may mark it done is the step's check."""
    return get_object_or_404(Milestone.objects.filter(task__in=Task.objects.visible_to(user)), pk=pk)


def get_report_for_user(user, pk: int) -> ProgressReport:
    """A progress report the person sees (another unit's: 404); who may review, withdraw or add to it is the
    step's check."""
    return get_object_or_404(
        ProgressReport.objects.visible_to(user).select_related("task__plan__region"), pk=pk
    )


def get_completion_for_user(user, pk: int) -> CompletionRequest:
    """A completion request (销号申请) the person sees (another's: 404); can_decide_completion says who decides."""
    return get_object_or_404(
        CompletionRequest.objects.visible_to(user).select_related("task__plan__region"), pk=pk
    )
