"""Tasks and milestones due for my unit, reports and implementation plans to submit or review, on the workbench."""

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from changxiao.core.deadlines import local_today
from changxiao.core.workbench import Todo, register_provider
from changxiao.orgs.scope import get_scope, inside

from .choices import TaskStatus
from .implementation import due_date_of, expected_units
from .models import (
    CompletionRequest,
    ExtensionRequest,
    ImplementationPlan,
    Milestone,
    ProgressReport,
    Task,
    WorkPlan,
)

# How far ahead the workbench looks for due dates.
HORIZON_DAYS = 30
MAX_ITEMS = 20


@register_provider
def my_open_tasks(user):
    unit_ids = get_scope(user).acting_unit_ids
    if not unit_ids:
        return
    horizon = local_today() + timedelta(days=HORIZON_DAYS)
    tasks = (
        Task.objects.filter(lead_unit_id__in=unit_ids, due_date__lte=horizon, children__isnull=True)
        .open()
        .exclude(status=TaskStatus.AWAITING_ACCEPTANCE)
        .select_related("plan")
        .order_by("due_date")[:MAX_ITEMS]
    )
    for task in tasks:
        yield Todo(
            title=str(task),
            detail=_("%(plan)s · %(percent)d%% done") % {"plan": task.plan.title, "percent": task.percent},
            url=task.get_absolute_url(),
            source=_("Tasks"),
            due=task.due_date,
        )
    milestones = (
        Milestone.objects.filter(
            task__lead_unit_id__in=unit_ids,
            task__cancelled_at__isnull=True,
            done_on__isnull=True,
            due_date__lte=horizon,
        )
        .select_related("task")
        .order_by("due_date")[:MAX_ITEMS]
    )
    for milestone in milestones:
        yield Todo(
            title=_("Milestone: %(title)s") % {"title": milestone.title},
            detail=str(milestone.task),
            url=milestone.task.get_absolute_url(),
            source=_("Tasks"),
            due=milestone.due_date,
        )


def _in_managed_plans(queryset, scope):
    """Rows whose task belongs to a plan of a jurisdiction the person manages."""
    if scope.is_superuser:
        return queryset
    condition = inside(scope.managing_paths, "task__plan__region__path")
    return queryset.filter(condition)


@register_provider
def reports_to_review(user):
    """Reports waiting for the office that manages the plan."""
    scope = get_scope(user)
    if not scope.managing_paths and not scope.is_superuser:
        return
    reports = _in_managed_plans(ProgressReport.objects.awaiting_review().select_related("task"), scope)
    for report in reports.order_by("submitted_at")[:MAX_ITEMS]:
        yield Todo(
            title=_("Review the progress report: %(task)s (%(period)s)")
            % {"task": report.task, "period": report.period},
            url=report.task.get_absolute_url(),
            source=_("Progress reports"),
        )


@register_provider
def completions_to_accept(user):
    """Completion requests (销号申请) waiting for the office that manages the plan; not the requester's own."""
    scope = get_scope(user)
    if not scope.managing_paths and not scope.is_superuser:
        return
    pending = CompletionRequest.objects.pending().exclude(requested_by=user).select_related("task")
    for completion in _in_managed_plans(pending, scope).order_by("requested_at")[:MAX_ITEMS]:
        yield Todo(
            title=_("Accept or return the completion: %(task)s") % {"task": completion.task},
            detail=completion.summary[:120],
            url=completion.task.get_absolute_url(),
            source=_("Tasks"),
        )


@register_provider
def returned_reports(user):
    """Reports the office returned to my unit for revision."""
    unit_ids = get_scope(user).acting_unit_ids
    reports = ProgressReport.objects.filter(
        state=ProgressReport.State.RETURNED, task__lead_unit_id__in=unit_ids
    ).select_related("task")
    for report in reports.order_by("reviewed_at")[:MAX_ITEMS]:
        yield Todo(
            title=_("Revise the returned report: %(task)s (%(period)s)")
            % {"task": report.task, "period": report.period},
            detail=report.review_comment,
            url=report.task.get_absolute_url(),
            source=_("Progress reports"),
            due=report.task.due_date,
        )


@register_provider
def extensions_to_decide(user):
    scope = get_scope(user)
    if not scope.managing_paths and not scope.is_superuser:
        return
    # Not one's own request (someone else decides it), nor one on a task cancelled meanwhile.
    pending = (
        ExtensionRequest.objects.filter(state=ExtensionRequest.State.PENDING, task__cancelled_at__isnull=True)
        .exclude(requested_by=user)
        .select_related("task")
    )
    for extension in _in_managed_plans(pending, scope).order_by("requested_at")[:MAX_ITEMS]:
        yield Todo(
            title=_("Decide the extension request: %(task)s") % {"task": extension.task},
            detail=extension.dates,
            url=extension.task.get_absolute_url(),
            source=_("Deadline extensions"),
            due=extension.current_due_date,
        )


def _missing_implementation_plans(unit_ids, today):
    """(work plan, unit) pairs of this or later years where one of my units owes an implementation plan."""
    plans = WorkPlan.objects.filter(year__gte=today.year, tasks__lead_unit_id__in=unit_ids).distinct()
    for plan in plans.order_by("year", "pk")[:MAX_ITEMS]:
        submitted = set(plan.implementation_plans.values_list("unit_id", flat=True))
        for unit in expected_units(plan).filter(pk__in=unit_ids).exclude(pk__in=submitted):
            yield plan, unit


@register_provider
def implementation_plans_to_submit(user):
    unit_ids = get_scope(user).acting_unit_ids
    if not unit_ids:
        return
    for plan, unit in _missing_implementation_plans(unit_ids, local_today()):
        yield Todo(
            title=_("Submit the implementation plan: %(plan)s") % {"plan": plan.title},
            detail=unit.name,
            url=reverse("targets:implementation_submit", args=[plan.pk]) + f"?unit={unit.pk}",
            source=_("Implementation plans"),
            due=due_date_of(plan),
        )
    returned = ImplementationPlan.objects.filter(
        unit_id__in=unit_ids, state=ImplementationPlan.State.RETURNED
    ).select_related("work_plan", "unit")
    for plan in returned[:MAX_ITEMS]:
        yield Todo(
            title=_("Revise the returned implementation plan: %(plan)s") % {"plan": plan.work_plan.title},
            detail=plan.unit.name,
            url=plan.get_absolute_url(),
            source=_("Implementation plans"),
        )


@register_provider
def implementation_plans_to_review(user):
    scope = get_scope(user)
    if not scope.managing_paths and not scope.is_superuser:
        return
    waiting = ImplementationPlan.objects.filter(state=ImplementationPlan.State.SUBMITTED)
    if not scope.is_superuser:
        condition = inside(scope.managing_paths, "work_plan__region__path")
        waiting = waiting.filter(condition)
    for plan in waiting.select_related("work_plan", "unit").order_by("first_submitted_on")[:MAX_ITEMS]:
        yield Todo(
            title=_("Review the implementation plan of %(unit)s") % {"unit": plan.unit.name},
            detail=plan.work_plan.title,
            url=plan.get_absolute_url(),
            source=_("Implementation plans"),
        )
