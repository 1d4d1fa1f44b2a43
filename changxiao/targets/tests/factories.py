"""Work plans and their tasks for tests, made by `plan_create` and `task_create` as the office makes them.

plan = PlanFactory(by=world.office)                      # 苏州市's 2026 plan, as on 2026-01-05
task = TaskFactory(plan=plan, lead_unit=world.venue_unit)  # due at the end of the plan's year
task = TaskFactory(by=world.office, lead_unit=world.member_unit, cooperating_units=[world.station_unit])
"""

from datetime import date

import factory

from changxiao.core.tests.factories import ServiceFactory, home_region
from changxiao.targets.models import Task, WorkPlan
from changxiao.targets.services import plan_create, task_create
from conftest import YEAR_START


class PlanFactory(ServiceFactory):
    """The 2026 work plan of the jurisdiction whose office `by` is (required)."""

    class Meta:
        model = WorkPlan

    region = factory.LazyAttribute(lambda o: home_region(o.by))
    year = 2026
    title = "2026年长效管理工作计划"
    report_schedule = "quarterly"
    on = YEAR_START

    @classmethod
    def make(cls, **fields) -> WorkPlan:
        return plan_create(**fields)


class TaskFactory(ServiceFactory):
    """A task led by `lead_unit` (required), added by the plan's office to `plan`, or to a new plan of `by`'s
    jurisdiction; any other Task field (parent, number, weight, due_date …) may be given."""

    class Meta:
        model = Task

    plan = factory.SubFactory(PlanFactory, by=factory.SelfAttribute("..by"), on=factory.SelfAttribute("..on"))
    by = factory.LazyAttribute(lambda o: o.plan.created_by)
    title = "开展常态化督查"
    mechanism = "supervision"
    due_date = factory.LazyAttribute(lambda o: date(o.plan.year, 12, 31))
    cooperating_units = ()
    on = YEAR_START

    @classmethod
    def make(cls, *, by, cooperating_units, **fields) -> Task:
        return task_create(by=by, task=Task(**fields), cooperating_units=list(cooperating_units))
