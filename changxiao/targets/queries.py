"""The list queries of target responsibility, shared by the list pages and their Excel exports (exports.py): the
same scoped, filtered rows on the page and in the file."""

from django.db.models import Count, OuterRef, Q, Subquery

from changxiao.orgs.models import Unit

from . import implementation
from .choices import TaskStatus
from .forms import TaskFilterForm
from .models import ImplementationPlan, ImplementationPlanVersion, Task, WorkPlan
from .permissions import get_plan_for_user


def plans_for_list(user, params=None):
    """The standing plans a person sees, with their standing tasks' counts; shared by the page and its Excel
    export."""
    standing = Q(tasks__cancelled_at__isnull=True)
    return (
        WorkPlan.objects.visible_to(user)
        .current()
        .select_related("region")
        .annotate(
            task_count=Count("tasks", filter=standing, distinct=True),
            completed_count=Count(
                "tasks", filter=standing & Q(tasks__status=TaskStatus.COMPLETED), distinct=True
            ),
        )
        .order_by("-year", "title")
    )


def tasks_for_board(user, params, plan: WorkPlan | None = None):
    """The standing tasks a person sees (cancelled ones are on the plan's timeline and their own pages)."""
    tasks = (
        Task.objects.visible_to(user)
        .current()
        .select_related("lead_unit", "plan", "parent")
        .prefetch_related("cooperating_units")
    )
    if plan is not None:
        tasks = tasks.filter(plan=plan)
    return (
        TaskFilterForm(params, user=user, plan=plan)
        .filter(tasks)
        .order_by("plan", "sort_order", "number", "pk")
    )


def implementation_rows(user, work_plan: WorkPlan):
    """The units that submitted or are expected to submit, each with its plan's figures; one query.

    Shared by the list page and its Excel export."""
    plans = ImplementationPlan.objects.visible_to(user).filter(work_plan=work_plan)
    mine = plans.filter(unit=OuterRef("pk"))
    expected = implementation.expected_units(work_plan).values("pk")
    return (
        Unit.objects.visible_to(user)
        .filter(Q(pk__in=expected) | Q(pk__in=plans.values("unit")))
        .annotate(
            implementation_id=Subquery(mine.values("pk")[:1]),
            implementation_state=Subquery(mine.values("state")[:1]),
            first_submitted_on=Subquery(mine.values("first_submitted_on")[:1]),
            on_time=Subquery(mine.values("on_time")[:1]),
            version_count=Subquery(
                ImplementationPlanVersion.objects.filter(implementation_plan__in=mine)
                .values("implementation_plan")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            ),
        )
        .order_by("sort_order", "code")
    )


def implementation_rows_for_export(user, params):
    """The scoped rows of a work plan's implementation plans, for the Excel export."""
    plan_id = params.get("plan", "")
    work_plan = get_plan_for_user(user, int(plan_id)) if plan_id.isdecimal() else None
    return implementation_rows(user, work_plan) if work_plan else Unit.objects.none()
