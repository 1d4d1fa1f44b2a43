"""Completion and on-time rates by mechanism, district and lead unit; the Word task-assignment notice."""

import io
from datetime import date

import pytest
from django.urls import reverse
from docx import Document

from changxiao.targets.models import Task
from changxiao.targets.statistics import plan_statistics
from changxiao.targets.tests.factories import PlanFactory, TaskFactory

TODAY = date(2026, 11, 27)


@pytest.fixture
def plan(world):
    plan = PlanFactory(by=world.office, title="2026年计划")

    def add(title, lead, mechanism, due, completed_on=None, parent=None):
        task = TaskFactory(
            plan=plan,
            parent=parent,
            number=title,
            title=title,
            mechanism=mechanism,
            lead_unit=lead,
            due_date=due,
        )
        if completed_on:
            Task.objects.filter(pk=task.pk).update(status="completed", percent=100, completed_on=completed_on)
        return task

    add("按期完成", world.venue_unit, "supervision", date(2026, 6, 30), completed_on=date(2026, 6, 1))
    add("逾期完成", world.venue_unit, "supervision", date(2026, 6, 30), completed_on=date(2026, 7, 15))
    add("已逾期", world.outsider_unit, "linkage", date(2026, 9, 30))
    add("未到期", world.member_unit, "linkage", date(2026, 12, 31))
    parent = add("有子任务", world.office_unit, "organization", date(2026, 12, 31))
    add("子任务", world.station_unit, "organization", date(2026, 10, 31), parent=parent)
    return plan


def test_rates_by_mechanism_and_district(world, plan):
    stats = plan_statistics(Task.objects.filter(plan=plan), TODAY)
    overall = stats["overall"]
    # Leaf tasks only: the parent is counted through its sub-task.
    assert (overall.total, overall.completed, overall.on_time, overall.due) == (5, 2, 1, 4)
    assert overall.completion_rate == 40.0 and overall.on_time_rate == 25.0
    mechanisms = {r.label: (r.total, r.completion_rate, r.on_time_rate) for r in stats["by_mechanism"]}
    assert mechanisms["督查机制"] == (2, 100.0, 50.0)
    assert mechanisms["城乡联动共创机制"] == (2, 0.0, 0.0)
    districts = {r.label: r.total for r in stats["by_district"]}
    assert districts == {"姑苏区": 3, "昆山市": 1, "苏州市": 1}


def test_statistics_page_is_scoped(world, login, plan):
    response = login(world.office).get(reverse("targets:plan_statistics", args=[plan.pk]))
    assert response.status_code == 200 and response.context["overall"].total == 5
    assert 'data-chart="mechanism-chart-data"' in response.content.decode()
    # The 姑苏区 district counts only what it sees: tasks led by units of its district.
    response = login(world.district).get(reverse("targets:plan_statistics", args=[plan.pk]))
    assert response.context["overall"].total == 3
    assert (
        login(world.member2 if hasattr(world, "member2") else world.inspector)
        .get(reverse("targets:plan_statistics", args=[plan.pk]))
        .status_code
        == 404
    )


def test_task_assignment_notice(world, login, plan):
    response = login(world.office).get(reverse("targets:plan_notice", args=[plan.pk]))
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "2026年计划" in text and "共6项" in text
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert {"按期完成", "姑苏区文化馆", "2026年6月30日"} <= cells  # dates as official documents write them
    assert login(world.venue).get(reverse("targets:plan_notice", args=[plan.pk])).status_code == 403


def test_the_statistics_page_reads_in_fixed_queries_however_many_units_lead(world, login, plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    office = login(world.office)
    url = reverse("targets:plan_statistics", args=[plan.pk])
    office.get(url)
    with CaptureQueriesContext(connection) as few:
        office.get(url)
    for unit in (world.district_unit, world.inspection_unit, world.other_member_unit):
        TaskFactory(
            plan=plan,
            number=unit.code,
            title=unit.name,
            mechanism="organization",
            lead_unit=unit,
            due_date=date(2026, 12, 31),
        )
    with CaptureQueriesContext(connection) as more:
        response = office.get(url)
    units = {r.label for r in response.context["by_unit"]}
    assert {"姑苏区文体旅局", "市督查组", "市教育局"} <= units and len(more) == len(few)
