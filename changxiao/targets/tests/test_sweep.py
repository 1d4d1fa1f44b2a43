"""With the clock moved forward, the sweep reminds and marks overdue — each exactly once, however often it runs."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from changxiao.core.models import Notification, TimelineEvent
from changxiao.core.sweep import run_sweep
from changxiao.targets.models import Milestone, Task
from changxiao.targets.services import report_submit
from changxiao.targets.tests.factories import TaskFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
STEPS = ["targets.due_soon", "targets.overdue", "targets.reports_due"]


@pytest.fixture
def task(world):
    task = TaskFactory(
        by=world.office,
        title="开展免费开放自查",
        lead_unit=world.venue_unit,
        due_date=date(2026, 10, 30),
        created_at=datetime(2026, 1, 5, 9, tzinfo=SHANGHAI),
    )
    Milestone.objects.create(task=task, title="完成自查报告", due_date=date(2026, 9, 30))
    return task


@pytest.fixture
def clock(monkeypatch):
    def move_to(day: date) -> None:
        monkeypatch.setattr("changxiao.targets.sweep_steps.local_today", lambda: day)

    return move_to


def titles(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("title", flat=True))


def test_due_soon_reminders_go_out_once(world, task, clock):
    clock(date(2026, 9, 28))  # Monday: the milestone is due in 2 working days
    for _ in range(3):
        run_sweep(only=["targets.due_soon"])
    assert titles(world.venue) == ["工作节点2026-09-30到期：完成自查报告"]
    clock(date(2026, 10, 28))  # the task is due in 2 working days
    run_sweep(only=["targets.due_soon"])
    call_command("sweep", "--only", "targets.due_soon")
    assert titles(world.venue)[1:] == ["任务将于2026-10-30到期：开展免费开放自查"]


def test_overdue_tasks_are_marked_once_and_the_office_is_told(world, task, clock):
    clock(date(2026, 11, 2))
    for _ in range(3):
        run_sweep(only=STEPS)
    events = TimelineEvent.objects.for_object(task).filter(verb="marked_overdue")
    assert events.count() == 1
    assert sum("逾期" in t for t in titles(world.venue)) == 1
    assert sum("逾期" in t for t in titles(world.office)) == 1


def test_a_missing_quarterly_report_is_reminded_once_per_period(world, task, clock):
    clock(date(2026, 10, 9))  # 2026-Q3 has ended without a report
    run_sweep(only=STEPS)
    run_sweep(only=STEPS)
    assert sum("2026-Q3" in t for t in titles(world.venue)) == 1


def test_no_reminder_when_the_report_was_submitted(world, task, clock):
    report_submit(task=task, by=world.venue, period="2026-Q3", percent=50, narrative="完成一半")
    clock(date(2026, 10, 9))
    run_sweep(only=STEPS)
    assert not any("2026-Q3" in t for t in titles(world.venue))


def test_completed_tasks_get_no_reminders(world, task, clock):
    Task.objects.filter(pk=task.pk).update(status="completed", percent=100, completed_on=date(2026, 9, 1))
    clock(date(2026, 12, 1))
    assert run_sweep(only=STEPS) == {"targets.due_soon": 0, "targets.overdue": 0, "targets.reports_due": 0}


def test_a_task_created_after_a_period_ended_is_not_reminded_for_it(world, task, clock):
    Task.objects.filter(pk=task.pk).update(created_at=datetime(2026, 10, 15, 9, tzinfo=SHANGHAI))
    clock(date(2026, 10, 20))  # 2026-Q3 ended before the task existed
    run_sweep(only=STEPS)
    assert not any("2026-Q3" in t for t in titles(world.venue))


def test_a_task_created_during_a_period_is_reminded_for_it(world, task, clock):
    Task.objects.filter(pk=task.pk).update(created_at=datetime(2026, 9, 15, 9, tzinfo=SHANGHAI))
    clock(date(2026, 10, 20))
    run_sweep(only=STEPS)
    assert sum("2026-Q3" in t for t in titles(world.venue)) == 1
