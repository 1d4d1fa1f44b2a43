"""With the clock moved forward: reminders before the answer deadline, overdue marking once, phone numbers erased
after the retention period; the workbench shows what to answer and what to route."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from changxiao.core.models import Notification, TimelineEvent
from changxiao.core.sweep import run_sweep
from changxiao.feedback import services
from changxiao.feedback.models import FeedbackItem, RoutingRule
from changxiao.feedback.tests.factories import FeedbackFactory, shipped_category

STEPS = ["feedback.deadlines", "feedback.retention"]


@pytest.fixture
def item(world, monkeypatch):
    monkeypatch.setattr("changxiao.feedback.services.local_today", lambda: date(2026, 11, 2))
    RoutingRule.objects.create(owner=world.city, region=world.gusu, unit=world.venue_unit)
    return FeedbackFactory(
        category=shipped_category("开放时间"),
        region=world.gusu,
        content="希望周一也开放",
        phone="13812345678",
    )


@pytest.fixture
def clock(monkeypatch):
    def move_to(day: date) -> None:
        monkeypatch.setattr("changxiao.feedback.sweep_steps.local_today", lambda: day)

    return move_to


def titles(user):
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("title", flat=True))


def test_due_soon_then_overdue_each_once(world, item, clock):
    assert item.answer_due == date(2026, 11, 23)  # 15 working days
    clock(date(2026, 11, 19))
    for _ in range(3):
        run_sweep(only=STEPS)
    assert sum("须于2026-11-23前答复" in t for t in titles(world.venue)) == 1
    clock(date(2026, 11, 24))
    for _ in range(3):
        run_sweep(only=STEPS)
    assert sum("未按时答复" in t for t in titles(world.venue)) == 1
    assert sum("未按时答复" in t for t in titles(world.office)) == 1
    assert TimelineEvent.objects.for_object(item).filter(verb="feedback_overdue").count() == 1
    assert sum("尚未签收" in t for t in titles(world.venue)) == 1


def test_answered_items_are_not_reminded(world, item, clock):
    services.reply_add(item=item, by=world.venue, text="已安排周一开放", public=True)
    clock(date(2026, 11, 30))
    assert run_sweep(only=["feedback.deadlines"]) == {"feedback.deadlines": 0}


def test_phone_numbers_are_erased_after_the_retention_period(world, item, settings):
    settings.FEEDBACK_PHONE_RETENTION_DAYS = 30
    run_sweep(only=["feedback.retention"])
    item.refresh_from_db()
    assert item.phone_masked
    FeedbackItem.objects.filter(pk=item.pk).update(submitted_at=timezone.now() - timedelta(days=31))
    run_sweep(only=["feedback.retention"])
    item.refresh_from_db()
    assert (item.phone_encrypted, item.phone_masked) == ("", "")


def test_workbench_shows_feedback_to_answer_and_to_route(world, login, item):
    todos = login(world.venue).get(reverse("cockpit:workbench")).context["todos"]
    assert any(item.code in t.title for t in todos)
    FeedbackFactory(kind="praise", category=item.category, region=world.kunshan, content="昆山图书馆服务很好")
    todos = login(world.office).get(reverse("cockpit:workbench")).context["todos"]
    assert any(t.count == 1 and "分办" in t.title for t in todos)


def test_a_later_pass_does_not_visit_items_already_reminded(world, item, clock):
    """The overdue and not-acknowledged items claimed once are left out in the database: a pass's queries do not grow
    with the open overdue items (a province's sweep asked each of them again every pass)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    clock(date(2026, 11, 24))
    run_sweep(only=["feedback.deadlines"])
    with CaptureQueriesContext(connection) as one_item:
        assert run_sweep(only=["feedback.deadlines"]) == {"feedback.deadlines": 0}
    for n in range(3):
        FeedbackFactory(category=item.category, region=world.gusu, content=f"第{n}条：希望周一也开放")
    FeedbackItem.objects.update(acknowledge_due=item.acknowledge_due, answer_due=item.answer_due)
    assert run_sweep(only=["feedback.deadlines"]) == {
        "feedback.deadlines": 6
    }  # overdue and not acknowledged, each
    with CaptureQueriesContext(connection) as four_items:
        assert run_sweep(only=["feedback.deadlines"]) == {"feedback.deadlines": 0}
    assert len(four_items) == len(one_item)


def test_the_office_is_told_of_the_overdue_items_of_a_pass_in_one_message(world, item, clock, login):
    """The handling unit is told of each item; the office and the district of the batch's items in one message that
    names them and opens the overdue queue (a province's first pass marks thousands overdue)."""
    others = [
        FeedbackFactory(category=item.category, region=world.gusu, content=f"第{n}条：希望周一也开放")
        for n in range(2)
    ]
    FeedbackItem.objects.update(answer_due=item.answer_due)
    clock(date(2026, 11, 24))
    run_sweep(only=["feedback.deadlines"])
    assert sum("未按时答复" in t for t in titles(world.venue)) == 3
    for manager in (world.office, world.district):
        (digest,) = Notification.objects.filter(recipient=manager, title__contains="未在答复期限内答复")
        assert digest.title == "3件群众诉求未在答复期限内答复"
        assert all(i.code in digest.body for i in (item, *others))
        assert digest.url == reverse("feedback:queue") + "?flag=overdue"
        assert not any("未按时答复" in t for t in titles(manager))
    assert len(login(world.office).get(digest.url).context["page"].object_list) == 3
