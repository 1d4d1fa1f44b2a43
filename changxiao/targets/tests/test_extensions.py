"""延期申请: requested by the lead unit before the due date, decided by the office; both dates stay on record."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from changxiao.core.models import TimelineEvent
from changxiao.targets.models import ExtensionRequest, Task
from changxiao.targets.tests.factories import TaskFactory

DUE = date.today() + timedelta(days=10)


@pytest.fixture
def task(world):
    return TaskFactory(
        by=world.office,
        plan__year=date.today().year,
        lead_unit=world.venue_unit,
        title="建设数字文化馆",
        due_date=DUE,
        on=None,
    )


def ask(client, task, new_date, reason="设备招标延误"):
    return client.post(
        reverse("targets:extension_request", args=[task.pk]),
        {"extension-requested_due_date": new_date.isoformat(), "extension-reason": reason},
        follow=True,
    )


def decide(client, extension, decision, comment=""):
    return client.post(
        reverse("targets:extension_decide", args=[extension.pk]),
        {"decision": decision, "comment": comment},
        follow=True,
    )


def test_approved_extension_moves_the_due_date_and_keeps_the_old_one(world, login, task):
    new_date = DUE + timedelta(days=60)
    ask(login(world.venue), task, new_date)
    extension = ExtensionRequest.objects.get()
    assert world.office.notifications.filter(title__contains="建设数字文化馆").exists()
    todos = login(world.office).get(reverse("cockpit:workbench")).context["todos"]
    assert any("延期" in t.title and t.url == task.get_absolute_url() for t in todos)
    decide(login(world.office), extension, "approve", "同意延期")
    task.refresh_from_db()
    extension.refresh_from_db()
    assert task.due_date == new_date
    assert (extension.state, extension.current_due_date, extension.requested_due_date) == (
        "approved",
        DUE,
        new_date,
    )
    verbs = list(TimelineEvent.objects.for_object(task).values_list("verb", flat=True))
    assert verbs[:2] == ["extension_approved", "extension_requested"]
    page = login(world.venue).get(reverse("targets:task_detail", args=[task.pk])).content.decode()
    assert DUE.isoformat() in page and new_date.isoformat() in page


def test_refusal_needs_a_reason_and_keeps_the_date(world, login, task):
    ask(login(world.venue), task, DUE + timedelta(days=30))
    extension = ExtensionRequest.objects.get()
    office = login(world.office)
    response = decide(office, extension, "refuse")
    assert response.status_code == 400
    assert any("理由" in str(m) for m in response.context["messages"])
    decide(office, extension, "refuse", "请按期完成")
    task.refresh_from_db()
    extension.refresh_from_db()
    assert extension.state == "refused" and task.due_date == DUE
    # Already decided: the page comes back refused, with the message (it was a redirect before core.extensions).
    response = decide(office, extension, "approve")
    assert response.status_code == 400
    assert any("已审批" in str(m) for m in response.context["messages"])
    task.refresh_from_db()
    assert task.due_date == DUE


@pytest.mark.parametrize("days", [0, -5])
def test_new_date_must_be_later(world, login, task, days):
    response = ask(login(world.venue), task, DUE + timedelta(days=days), reason="招标延误说明")
    assert response.status_code == 400 and not ExtensionRequest.objects.exists()
    assert "招标延误说明" in response.content.decode()  # the reason typed comes back


@pytest.mark.parametrize("new_date", [date(9999, 12, 31), date.today() + timedelta(days=365 * 6)])
def test_an_extension_decades_ahead_is_refused(world, login, task, new_date):
    response = ask(login(world.venue), task, new_date)
    assert response.status_code == 400 and not ExtensionRequest.objects.exists()


def test_too_late_after_the_due_date(world, login, task):
    Task.objects.filter(pk=task.pk).update(due_date=date.today() - timedelta(days=1))
    response = ask(login(world.venue), task, date.today() + timedelta(days=30))
    assert response.status_code == 400 and "逾期" in response.content.decode()
    assert not ExtensionRequest.objects.exists()


def test_one_pending_request_at_a_time_and_only_the_lead_unit_asks(world, login, task):
    ask(login(world.venue), task, DUE + timedelta(days=30))
    ask(login(world.venue), task, DUE + timedelta(days=40))
    assert ExtensionRequest.objects.count() == 1
    assert ask(login(world.district), task, DUE + timedelta(days=40)).status_code == 403
    assert ask(login(world.outsider), task, DUE + timedelta(days=40)).status_code == 404
    extension = ExtensionRequest.objects.get()
    assert decide(login(world.venue), extension, "approve").status_code == 403


def test_cancelling_or_completing_a_task_answers_its_waiting_request(world, login, task):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from changxiao.targets.models import CompletionRequest
    from changxiao.targets.services import completion_accept, task_cancel, task_request_completion

    ask(login(world.venue), task, DUE + timedelta(days=30))
    task_request_completion(
        task=task,
        by=world.venue,
        summary="已上线运行",
        evidence=[SimpleUploadedFile("验收报告.pdf", b"%PDF-1.4\n%%EOF\n")],
    )
    completion_accept(completion=CompletionRequest.objects.get(), by=world.office)
    extension = ExtensionRequest.objects.get()
    assert (extension.state, extension.decided_by) == ("refused", world.office)
    assert "销号" in extension.decision_comment
    todos = login(world.office).get(reverse("cockpit:workbench")).context["todos"]
    assert not any("延期" in t.title for t in todos)

    other = TaskFactory(plan=task.plan, lead_unit=world.venue_unit, title="另一任务", due_date=DUE, on=None)
    ask(login(world.venue), other, DUE + timedelta(days=30))
    task_cancel(task=other, by=world.office, reason="重复录入", confirmed=True)
    extension = ExtensionRequest.objects.get(task=other)
    assert extension.state == "refused" and "重复录入" in extension.decision_comment
