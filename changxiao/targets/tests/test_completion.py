"""Completion (销号) is the office's decision on evidence; corrections leave a trail; a read-only leader writes nothing.

The symptoms these tests start from: a lead unit typed 100 in 填报进度 and its task turned 已完成/按期完成 with no
evidence and no acceptance; a leader of the office's unit was offered and accepted progress and plan forms; tasks and
plans could not be cancelled; a due date in 2020 or 9999 was accepted.
"""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from changxiao.core.deadlines import local_today
from changxiao.core.models import Attachment, Notification, TimelineEvent
from changxiao.targets.metrics import TASK_ON_TIME, task_on_time_rate
from changxiao.targets.models import CompletionRequest, ProgressEntry, Task, WorkPlan
from changxiao.targets.services import task_create
from changxiao.targets.tests.factories import PlanFactory, TaskFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def plan(world):
    return PlanFactory(by=world.office, title="2026年计划")


@pytest.fixture
def task(world, plan):
    return TaskFactory(plan=plan, lead_unit=world.venue_unit, title="建设数字文化馆")


def ask(client, task, summary="数字文化馆已上线运行", files=("验收报告.pdf",)):
    return client.post(
        reverse("targets:completion_request", args=[task.pk]),
        {
            "completion-summary": summary,
            "completion-evidence": [SimpleUploadedFile(name, PDF) for name in files],
        },
    )


def decide(client, completion, decision, comment=""):
    return client.post(
        reverse("targets:completion_decide", args=[completion.pk]), {"decision": decision, "comment": comment}
    )


def test_completion_is_requested_with_evidence_and_accepted_by_the_office(world, login, task):
    assert ask(login(world.venue), task).status_code == 302
    task.refresh_from_db()
    completion = CompletionRequest.objects.get()
    assert (task.status, task.percent, task.completed_on) == ("awaiting_acceptance", 0, None)
    assert Attachment.objects.for_object(completion).get().original_name == "验收报告.pdf"
    assert Notification.objects.filter(recipient=world.office, title__contains="建设数字文化馆").exists()
    # Waiting for the office, the task is neither completed nor the unit's overdue to-do.
    assert not Task.objects.overdue(date(2027, 1, 5)).exists()
    todos = login(world.office).get(reverse("cockpit:workbench")).context["todos"]
    assert any("销号" in t.title or "完成" in t.title for t in todos)

    assert decide(login(world.office), completion, "accept", "材料齐全").status_code == 302
    task.refresh_from_db()
    completion.refresh_from_db()
    assert completion.state == "accepted" and completion.decided_by == world.office
    # Completed on the day it was asked, not the day the office got round to it.
    assert (task.status, task.percent, task.completed_on) == ("completed", 100, local_today())
    assert ProgressEntry.objects.filter(task=task, source="acceptance").exists()
    verbs = list(TimelineEvent.objects.for_object(task).values_list("verb", flat=True))
    assert verbs[:2] == ["completion_accepted", "completion_requested"]


def test_a_request_without_evidence_or_summary_is_refused_and_keeps_what_was_typed(world, login, task):
    response = ask(login(world.venue), task, files=())
    assert response.status_code == 400
    assert "数字文化馆已上线运行" in response.content.decode()
    response = ask(login(world.venue), task, summary="  ")
    assert response.status_code == 400
    response = ask(login(world.venue), task, files=("照片.exe",))
    assert response.status_code == 400
    task.refresh_from_db()
    assert task.status == "not_started" and not CompletionRequest.objects.exists()
    assert not Attachment.objects.exists()


def test_the_office_returns_a_request_with_its_reason(world, login, task):
    ask(login(world.venue), task)
    completion = CompletionRequest.objects.get()
    refused = decide(login(world.office), completion, "return")  # a return needs a reason
    assert refused.status_code == 400
    decide(login(world.office), completion, "return", "缺少运行数据")
    task.refresh_from_db()
    completion.refresh_from_db()
    assert completion.state == "returned" and task.status == "not_started"
    assert Notification.objects.filter(recipient=world.venue, body="缺少运行数据").exists()
    # The unit asks again with more evidence.
    assert ask(login(world.venue), task, files=("运行数据.pdf",)).status_code == 302
    assert CompletionRequest.objects.filter(state="submitted").count() == 1


def test_nobody_decides_their_own_request(world, login, plan):
    """A task led by the office itself: the person who asked does not accept it."""
    task = TaskFactory(plan=plan, lead_unit=world.office_unit, title="召开领导小组全体会议")
    assert ask(login(world.office), task).status_code == 302
    completion = CompletionRequest.objects.get()
    assert decide(login(world.office), completion, "accept").status_code == 403
    task.refresh_from_db()
    assert task.status == "awaiting_acceptance"


@pytest.mark.parametrize("persona", ["venue", "district", "member", "inspector", "leader", "outsider"])
def test_only_the_plans_office_decides(world, login, task, persona):
    ask(login(world.venue), task)
    completion = CompletionRequest.objects.get()
    response = decide(login(getattr(world, persona)), completion, "accept")
    assert response.status_code in (403, 404)
    task.refresh_from_db()
    assert task.status == "awaiting_acceptance"


def test_an_accepted_completion_is_withdrawn_with_a_reason(world, login, task):
    login(world.venue).post(reverse("targets:task_progress", args=[task.pk]), {"percent": 80})
    ask(login(world.venue), task)
    decide(login(world.office), CompletionRequest.objects.get(), "accept")
    office = login(world.office)
    assert (
        office.post(reverse("targets:task_reopen", args=[task.pk]), {"reopen-reason": ""}).status_code == 400
    )
    office.post(reverse("targets:task_reopen", args=[task.pk]), {"reopen-reason": "验收后发现系统未上线"})
    task.refresh_from_db()
    assert (task.status, task.percent, task.completed_on) == ("in_progress", 80, None)
    assert TimelineEvent.objects.for_object(task).filter(verb="completion_withdrawn").exists()
    assert CompletionRequest.objects.get().state == "accepted"  # the decision stays on record


def test_a_leader_of_the_offices_unit_is_offered_and_allowed_nothing(world, login, plan):
    """The leader belongs to the office's unit; a task led by that unit must still take nothing from the leader."""
    task = TaskFactory(plan=plan, lead_unit=world.office_unit, title="召开领导小组全体会议")
    client = login(world.leader)
    page = client.get(reverse("targets:task_detail", args=[task.pk])).content.decode()
    assert 'method="post"' not in page.split("</header>", 1)[1]
    posts = {
        "targets:task_progress": {"percent": 50},
        "targets:report_submit": {"report-period": "2026-Q3", "report-percent": 50, "report-narrative": "x"},
        "targets:extension_request": {"extension-requested_due_date": "2027-03-31", "extension-reason": "x"},
        "targets:completion_request": {"completion-summary": "x"},
        "targets:task_cancel": {"cancel-reason": "x"},
    }
    for name, data in posts.items():
        assert client.post(reverse(name, args=[task.pk]), data).status_code == 403, name
    assert (
        client.post(reverse("targets:plan_cancel", args=[plan.pk]), {"cancel-reason": "x"}).status_code == 403
    )
    task.refresh_from_db()
    assert (task.percent, task.status) == (0, "not_started")
    assert not CompletionRequest.objects.exists() and not task.reports.exists()


def test_a_mistaken_task_is_cancelled_after_confirmation_and_leaves_the_figures(world, login, plan):
    done = TaskFactory(plan=plan, lead_unit=world.venue_unit, title="已完成", due_date=date(2026, 6, 30))
    mistaken = TaskFactory(
        plan=plan, lead_unit=world.venue_unit, title="录错的任务", due_date=date(2026, 6, 30)
    )
    Task.objects.filter(pk=done.pk).update(status="completed", percent=100, completed_on=date(2026, 6, 1))
    before = task_on_time_rate(world.venue_unit, 2026)
    assert (before.numerator, before.denominator) == (1, 2)

    office = login(world.office)
    url = reverse("targets:task_cancel", args=[mistaken.pk])
    assert office.post(url, {"cancel-reason": ""}).status_code == 400  # a reason is required
    first = office.post(url, {"cancel-reason": "重复录入"})
    assert first.status_code == 200 and first.templates[0].name == "core/confirm.html"
    mistaken.refresh_from_db()
    assert not mistaken.is_cancelled  # nothing happens before the confirmation
    confirmed = office.post(url, {"cancel-reason": "重复录入", "confirmed": "1"})
    assert confirmed.status_code == 302
    mistaken.refresh_from_db()
    assert mistaken.is_cancelled and mistaken.cancel_reason == "重复录入"
    after = task_on_time_rate(world.venue_unit, 2026)
    assert (after.numerator, after.denominator) == (1, 1)
    board = office.get(reverse("targets:plan_detail", args=[plan.pk]))
    assert [t.title for t in board.context["page"]] == ["已完成"] and board.context["counts"]["total"] == 1
    # It stays on record, readable, and takes nothing more.
    page = office.get(reverse("targets:task_detail", args=[mistaken.pk]))
    assert page.status_code == 200 and "重复录入" in page.content.decode()
    response = login(world.venue).post(reverse("targets:task_progress", args=[mistaken.pk]), {"percent": 10})
    assert response.status_code in (400, 403)
    assert TASK_ON_TIME in reverse("targets:metric_records", args=[TASK_ON_TIME])


def test_a_mistaken_plan_is_cancelled_with_its_tasks(world, login, plan, task):
    office = login(world.office)
    url = reverse("targets:plan_cancel", args=[plan.pk])
    first = office.post(url, {"cancel-reason": "计划重复创建"})
    assert first.templates[0].name == "core/confirm.html"
    assert "1" in first.content.decode()  # the number of tasks cancelled with it
    office.post(url, {"cancel-reason": "计划重复创建", "confirmed": "1"})
    plan.refresh_from_db()
    task.refresh_from_db()
    assert plan.is_cancelled and task.is_cancelled
    listing = office.get(reverse("targets:plan_list"))
    assert list(listing.context["plans"]) == [] and list(listing.context["cancelled_plans"]) == [plan]
    assert not WorkPlan.objects.current().exists()


@pytest.mark.parametrize(
    "due,accepted",
    [
        (date(2020, 1, 1), False),
        (date(9999, 12, 31), False),
        (None, True),  # a month ahead
    ],
)
def test_task_due_dates_lie_within_a_sensible_window(world, plan, due, accepted):
    from django.core.exceptions import ValidationError

    due = due or local_today() + timedelta(days=30)
    task = Task(plan=plan, title="任务", mechanism="linkage", lead_unit=world.venue_unit, due_date=due)
    if accepted:
        task_create(by=world.office, task=task, cooperating_units=[])
    else:
        with pytest.raises(ValidationError):
            task_create(by=world.office, task=task, cooperating_units=[])
    assert Task.objects.filter(title="任务").exists() is accepted


def test_editing_a_task_keeps_its_stored_past_deadline(world, login, plan):
    """A deadline already passed stays as it is when something else of the task is edited."""
    task = TaskFactory(plan=plan, lead_unit=world.venue_unit, due_date=date(2026, 3, 31))
    response = login(world.office).post(
        reverse("targets:task_edit", args=[task.pk]),
        {
            "title": "改过的名称",
            "mechanism": "guarantee",
            "lead_unit": world.venue_unit.pk,
            "weight": "1",
            "due_date": "2026-03-31",
            "sort_order": 0,
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.title == "改过的名称" and task.due_date == date(2026, 3, 31)


def test_cancelling_a_plan_without_a_reason_offers_nothing_to_confirm(world, login, plan, task):
    response = login(world.office).post(
        reverse("targets:plan_cancel", args=[plan.pk]), {"cancel-reason": " "}
    )
    page = response.content.decode()
    assert response.status_code == 400 and 'name="confirmed"' in page and "确认</button>" not in page
    plan.refresh_from_db()
    assert not plan.is_cancelled
    shown = login(world.office).post(
        reverse("targets:plan_cancel", args=[plan.pk]), {"cancel-reason": "重复创建"}
    )
    assert "作废原因：重复创建" in shown.content.decode() and "2026 2026" not in shown.content.decode()
