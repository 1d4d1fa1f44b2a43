"""Figures published for the assessment: on-time task completion and implementation plans submitted on time,
per unit and per jurisdiction and year, each traceable to its records."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from changxiao.core.metrics import MetricValue, all_metrics, get_metric
from changxiao.targets.implementation import MeasureData, implementation_submit
from changxiao.targets.metrics import IMPLEMENTATION_ON_TIME, TASK_ON_TIME
from changxiao.targets.models import ImplementationPlan, Task
from changxiao.targets.tests.factories import PlanFactory, TaskFactory

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("changxiao.targets.metrics.local_today", lambda: TODAY)


@pytest.fixture
def plan(world):
    return PlanFactory(by=world.office, title="计划", implementation_plans_due=date(2026, 3, 31))


def make_task(world, plan, *, lead, due, completed_on=None, title="任务"):
    task = TaskFactory(plan=plan, title=title, lead_unit=lead, due_date=due)
    if completed_on:
        Task.objects.filter(pk=task.pk).update(status="completed", percent=100, completed_on=completed_on)
    return task


@pytest.fixture
def tasks(world, plan):
    venue = world.venue_unit  # in 姑苏区
    return [
        make_task(
            world, plan, lead=venue, due=date(2026, 6, 30), completed_on=date(2026, 6, 20), title="按时"
        ),
        make_task(
            world, plan, lead=venue, due=date(2026, 6, 30), completed_on=date(2026, 7, 5), title="逾期完成"
        ),
        make_task(world, plan, lead=venue, due=date(2026, 9, 30), title="逾期未完成"),
        make_task(world, plan, lead=venue, due=date(2026, 12, 31), title="未到期"),
        make_task(world, plan, lead=world.member_unit, due=date(2026, 5, 31), completed_on=date(2026, 5, 1)),
    ]


def test_rate_rounds_and_has_no_value_without_records():
    assert MetricValue.rate(1, 3).value == Decimal("33.3")
    assert MetricValue.rate(2, 3).value == Decimal("66.7")
    assert MetricValue.rate(0, 0).value is None


def test_task_on_time_rate_per_unit_and_jurisdiction(world, tasks):
    metric = get_metric(TASK_ON_TIME)
    venue = metric.value_for(world.venue_unit, 2026)
    assert (venue.numerator, venue.denominator, venue.value) == (1, 3, Decimal("33.3"))
    gusu = metric.value_for(world.gusu, 2026)
    assert (gusu.numerator, gusu.denominator) == (1, 3)
    city = metric.value_for(world.city, 2026)
    assert (city.numerator, city.denominator, city.value) == (2, 4, Decimal("50.0"))
    assert metric.value_for(world.city, 2025).value is None


def test_records_page_lists_exactly_the_counted_tasks(world, login, tasks):
    value = get_metric(TASK_ON_TIME).value_for(world.venue_unit, 2026)
    response = login(world.office).get(value.records_url)
    assert response.status_code == 200
    titles = {task.title for task in response.context["page"]}
    assert titles == {"按时", "逾期完成", "逾期未完成"}
    assert response.context["value"].value == Decimal("33.3")


def test_records_are_scoped_to_the_viewer(world, login, tasks):
    url = get_metric(TASK_ON_TIME).value_for(world.city, 2026).records_url
    # The member department sees the city but only its own task among the counted ones.
    response = login(world.member).get(url)
    assert [t.title for t in response.context["page"]] == ["任务"]
    # A unit outside cannot name 姑苏区 at all.
    url = get_metric(TASK_ON_TIME).value_for(world.venue_unit, 2026).records_url
    assert login(world.outsider).get(url).status_code == 404


def test_implementation_plan_on_time_rate(world, plan, tasks):
    make_task(world, plan, lead=world.district_unit, due=date(2026, 12, 31), title="区级任务")
    implementation_submit(
        work_plan=plan,
        unit=world.member_unit,
        by=world.member,
        title="实施方案",
        summary="",
        document=SimpleUploadedFile("方案.pdf", b"%PDF-1.4\n%%EOF\n"),
        measures=[MeasureData(text="举措")],
    )
    ImplementationPlan.objects.update(on_time=True)
    metric = get_metric(IMPLEMENTATION_ON_TIME)
    city = metric.value_for(world.city, 2026)
    # Two units owe a plan (the department and the district bureau); the bureau has not submitted by the due date.
    assert (city.numerator, city.denominator, city.value) == (1, 2, Decimal("50.0"))
    assert metric.value_for(world.member_unit, 2026).value == Decimal("100.0")
    assert metric.value_for(world.gusu, 2026).value == Decimal("0.0")


def test_metrics_page_shows_every_metric_and_sub_jurisdictions(world, login, tasks):
    response = login(world.office).get(reverse("cockpit:metrics"), {"subject": f"region-{world.city.pk}"})
    assert response.status_code == 200
    codes = [metric.code for metric, _value in response.context["rows"]]
    assert codes == [m.code for m in all_metrics()]
    assert TASK_ON_TIME in codes and IMPLEMENTATION_ON_TIME in codes
    children = {
        child.name: [value for _metric, value in values] for child, values in response.context["children"]
    }
    assert "姑苏区" in children
    page = response.content.decode()
    assert "任务按时完成率" in page
    response = login(world.office).get(
        reverse("cockpit:metrics"), {"subject": f"unit-{world.venue_unit.pk}", "year": "2026"}
    )
    assert response.context["subject"] == world.venue_unit


def test_metrics_page_refuses_a_subject_out_of_scope(world, login, tasks):
    response = login(world.outsider).get(reverse("cockpit:metrics"), {"subject": f"region-{world.gusu.pk}"})
    assert response.status_code == 404
    response = login(world.outsider).get(reverse("cockpit:metrics"), {"subject": "region-x", "year": "1900"})
    assert response.status_code == 200
