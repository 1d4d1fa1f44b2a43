"""Completion and on-time rates of a plan's tasks, by mechanism, by district and by lead unit.

Counted over leaf tasks (a parent's progress is its sub-tasks'), as the caller may see them:
- completion rate = completed / all tasks;
- on-time rate = completed on or before the due date / tasks that are completed or past their due date.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q

from changxiao.orgs.districts import district_names

from .choices import Mechanism, TaskStatus
from .models import Task


@dataclass
class Rates:
    label: str
    total: int = 0
    completed: int = 0
    on_time: int = 0
    due: int = 0

    @property
    def completion_rate(self) -> float | None:
        return round(self.completed * 100 / self.total, 1) if self.total else None

    @property
    def on_time_rate(self) -> float | None:
        return round(self.on_time * 100 / self.due, 1) if self.due else None

    def add(self, other: dict) -> None:
        self.total += other["total"]
        self.completed += other["completed"]
        self.on_time += other["on_time"]
        self.due += other["due"]


def _counts(tasks, today: date, *group_by: str):
    completed = Q(status=TaskStatus.COMPLETED)
    return tasks.values(*group_by).annotate(
        total=Count("pk"),
        completed=Count("pk", filter=completed),
        on_time=Count("pk", filter=completed & Q(completed_on__lte=F("due_date"))),
        due=Count("pk", filter=completed | Q(due_date__lt=today)),
    )


def plan_statistics(tasks, today: date) -> dict[str, list[Rates]]:
    leaves = tasks.filter(children__isnull=True)
    overall = Rates(label="")
    by_mechanism = {m.value: Rates(label=str(m.label)) for m in Mechanism}
    for row in _counts(leaves, today, "mechanism"):
        by_mechanism[row["mechanism"]].add(row)
        overall.add(row)
    by_unit: dict[int, Rates] = {}
    by_district: dict[str, Rates] = {}
    place = ("lead_unit__name", "lead_unit__region__path", "lead_unit__region__name")
    counts = list(_counts(leaves, today, "lead_unit", *place))
    districts = district_names((row["lead_unit"], *(row[field] for field in place[1:])) for row in counts)
    for row in counts:
        unit = row["lead_unit"]
        by_unit.setdefault(unit, Rates(label=row["lead_unit__name"])).add(row)
        district = districts[unit]
        by_district.setdefault(district, Rates(label=district)).add(row)
    return {
        "overall": overall,
        "by_mechanism": [r for r in by_mechanism.values() if r.total],
        "by_district": sorted(by_district.values(), key=lambda r: r.label),
        "by_unit": sorted(by_unit.values(), key=lambda r: (-(r.total), r.label)),
    }


def visible_plan_tasks(user, plan):
    return Task.objects.visible_to(user).current().filter(plan=plan)
