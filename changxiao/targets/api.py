"""API of the target-responsibility system: tasks visible to the caller, and progress reports."""

from datetime import date
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from changxiao.core.api_types import QueryText

from . import services
from .choices import REPORTED_PERCENT_MAX, Mechanism, TaskStatus, periods_of_year
from .models import Task
from .permissions import get_task_for_user

router = Router(tags=["targets"])


class TaskOut(Schema):
    id: int
    plan_id: int
    plan_title: str = Field(alias="plan.title")
    parent_id: int | None
    number: str
    title: str
    mechanism: Mechanism
    lead_unit_id: int
    lead_unit_name: str = Field(alias="lead_unit.name")
    weight: float
    due_date: date
    status: TaskStatus
    percent: int
    completed_on: date | None


class TaskDetailOut(TaskOut):
    description: str
    deliverables: str
    cooperating_unit_ids: list[int]


class TaskFilter(FilterSchema):
    plan_id: int | None = None
    mechanism: Mechanism | None = None
    status: TaskStatus | None = None
    lead_unit_id: int | None = None
    q: Annotated[QueryText | None, FilterLookup(["title__icontains", "number__startswith"])] = None


@router.get("/tasks", response=list[TaskOut], summary="Tasks visible to the caller")
@paginate
def list_tasks(request, filters: Query[TaskFilter]):
    tasks = (
        Task.objects.visible_to(request.auth)
        .current()
        .select_related("plan", "lead_unit")
        .order_by("plan", "sort_order", "pk")
    )
    return filters.filter(tasks)


@router.get("/tasks/{task_id}", response=TaskDetailOut, summary="One task (404 outside the caller's scope)")
def get_task(request, task_id: int):
    task = get_task_for_user(request.auth, task_id)
    task.cooperating_unit_ids = list(task.cooperating_units.values_list("pk", flat=True))
    return task


class ReportIn(Schema):
    period: Annotated[str, Field(max_length=7, examples=["2026-Q3"])]
    percent: Annotated[int, Field(ge=0, le=REPORTED_PERCENT_MAX)]
    narrative: Annotated[str, Field(min_length=1, max_length=5000)]


class ReportOut(Schema):
    id: int
    task_id: int
    period: str
    percent: int
    state: str
    revision: int


@router.post(
    "/tasks/{task_id}/reports", response={201: ReportOut}, summary="Submit (or resubmit) a progress report"
)
def submit_report(request, task_id: int, payload: ReportIn):
    task = get_task_for_user(request.auth, task_id)
    if payload.period not in periods_of_year(task.plan.report_schedule, task.plan.year, date.today()):
        raise HttpError(422, "This is not a reporting period of the plan that has started.")
    try:
        report = services.report_submit(task=task, by=request.auth, **payload.dict())
    except PermissionDenied as exc:
        raise HttpError(403, "Only the lead unit reports on this task.") from exc
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc
    return Status(201, report)
