"""Figures the target-responsibility system publishes for the assessment (see core.metrics).

Each figure is computed from exactly the rows its records page lists, so every number can be checked."""

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from changxiao.core.deadlines import local_today
from changxiao.core.metrics import Metric, MetricValue, records_url, register_metric, subject_kind
from changxiao.orgs.models import Unit
from changxiao.orgs.scope import within

from .implementation import due_date_of, expected_units
from .models import ImplementationPlan, Task, WorkPlan

TASK_ON_TIME = "targets.task_on_time_rate"
IMPLEMENTATION_ON_TIME = "targets.implementation_plan_on_time_rate"


def counted_tasks(subject, year: int, user=None) -> QuerySet[Task]:
    """The tasks (leaf tasks of the year's plans) led by the subject whose outcome is known: completed, or
    past their due date. A task not yet due and not done does not count either way."""
    tasks = Task.objects.current().filter(plan__year=year, children__isnull=True)
    if user is not None:
        tasks = tasks.visible_to(user)
    if subject_kind(subject) == "unit":
        tasks = tasks.filter(lead_unit=subject)
    else:
        tasks = tasks.filter(within(subject, "lead_unit__region__path"))
    return tasks.filter(Q(completed_on__isnull=False) | Q(due_date__lt=local_today())).distinct()


def on_time_filter() -> Q:
    return Q(completed_on__isnull=False, completed_on__lte=F("due_date"))


def task_on_time_rate(subject, year: int, user=None) -> MetricValue:
    tasks = counted_tasks(subject, year, user)
    return MetricValue.rate(
        tasks.filter(on_time_filter()).count(),
        tasks.count(),
        records_url("targets:metric_records", subject, year, TASK_ON_TIME),
    )


def counted_implementation_plans(subject, year: int, user=None) -> list[dict]:
    """One row per (work plan of the year, expected unit of the subject) whose outcome is known: submitted,
    or past the due date."""
    plans = WorkPlan.objects.filter(year=year).order_by("pk")
    units = Unit.objects.all()
    if user is not None:
        plans = plans.visible_to(user)
        units = units.visible_to(user)
    units = units.filter(pk=subject.pk) if subject_kind(subject) == "unit" else units.filter(within(subject))
    today = local_today()
    rows = []
    for plan in plans:
        due = due_date_of(plan)
        submitted = {p.unit_id: p for p in ImplementationPlan.objects.filter(work_plan=plan)}
        for unit in expected_units(plan).filter(pk__in=units.values("pk")):
            implementation = submitted.get(unit.pk)
            if implementation is None and today <= due:
                continue
            rows.append(
                {
                    "plan": plan,
                    "unit": unit,
                    "due": due,
                    "implementation": implementation,
                    "on_time": bool(implementation and implementation.on_time),
                }
            )
    return rows


def implementation_on_time_rate(subject, year: int, user=None) -> MetricValue:
    rows = counted_implementation_plans(subject, year, user)
    return MetricValue.rate(
        sum(row["on_time"] for row in rows),
        len(rows),
        records_url("targets:metric_records", subject, year, IMPLEMENTATION_ON_TIME),
    )


register_metric(
    Metric(
        code=TASK_ON_TIME,
        name=_("Tasks completed on time"),
        unit_of_measure="%",
        description=_(
            "Share of the year's tasks, led by the unit or by units of the jurisdiction, that were completed by "
            "their due date (after any approved extension). Tasks not yet due and not done are not counted."
        ),
        compute=task_on_time_rate,
    )
)

register_metric(
    Metric(
        code=IMPLEMENTATION_ON_TIME,
        name=_("Implementation plans submitted on time"),
        unit_of_measure="%",
        description=_(
            "Share of the implementation plans owed for the year's work plans that were first submitted by the "
            "due date. Plans not yet due and not submitted are not counted."
        ),
        compute=implementation_on_time_rate,
    )
)
