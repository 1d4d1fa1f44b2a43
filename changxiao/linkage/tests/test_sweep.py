"""An unanswered order turns yellow (the provider reminded), red the day after its deadline (provider and the
managers over the ordering station told, on the timeline) and, three working days later, is escalated to the office
of the menu's jurisdiction — each once however often the sweep runs; an answered order is left alone."""

from datetime import timedelta

import pytest

from changxiao.core.deadlines import add_workdays
from changxiao.core.models import Notification, TimelineEvent
from changxiao.core.sweep import run_sweep
from changxiao.linkage import services
from changxiao.linkage.models import Order
from changxiao.linkage.tests import factories as f

STEP = ["linkage.order_answers"]


@pytest.fixture
def clock(monkeypatch):
    def move_to(day):
        monkeypatch.setattr("changxiao.linkage.sweep_steps.local_today", lambda: day)

    return move_to


def titles(user):
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_yellow_then_red_then_escalated_each_once(world, clock):
    order = f.order(world)
    due = order.reply_due
    clock(due)
    for _ in range(3):
        run_sweep(only=STEP)
    assert sum(f"须于{due:%Y-%m-%d}前答复" in t for t in titles(world.venue)) == 1
    clock(due + timedelta(days=1))
    for _ in range(3):
        run_sweep(only=STEP)
    assert sum("未在" in t for t in titles(world.venue)) == 1
    assert sum("未在" in t for t in titles(world.district)) == 1
    assert TimelineEvent.objects.for_object(order).filter(verb="order_overdue").count() == 1
    assert not Order.objects.get(pk=order.pk).escalated_on
    clock(add_workdays(due, 3))
    for _ in range(3):
        run_sweep(only=STEP)
    order.refresh_from_db()
    assert order.escalated_on == add_workdays(due, 3)
    assert sum("已督办" in t for t in titles(world.office)) == 1
    assert TimelineEvent.objects.for_object(order).filter(verb="order_escalated").count() == 1


def test_an_answered_order_is_not_chased(world, clock):
    order = f.order(world)
    services.order_accept(order=order, by=world.venue, scheduled_on=f.wished_day())
    clock(add_workdays(order.reply_due, 5))
    run_sweep(only=STEP)
    assert not titles(world.venue) or not any("答复" in t and "须于" in t for t in titles(world.venue))
    assert (
        not TimelineEvent.objects.for_object(order)
        .filter(verb__in=["order_overdue", "order_escalated"])
        .exists()
    )


def test_a_later_pass_does_not_visit_orders_already_escalated(world, clock):
    """An escalated order has had every step: a pass's queries do not grow with such orders (they stay unanswered)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    order = f.order(world)
    clock(add_workdays(order.reply_due, 3))
    run_sweep(only=STEP)
    with CaptureQueriesContext(connection) as one_order:
        assert run_sweep(only=STEP) == {"linkage.order_answers": 0}
    for _ in range(3):
        f.order(world)
    Order.objects.update(reply_due=order.reply_due)
    assert run_sweep(only=STEP) == {"linkage.order_answers": 6}  # overdue and escalated, each
    # The managers are told of the three orders late at once in one message each, naming them.
    (late,) = Notification.objects.filter(recipient=world.office, title="已提级督办：3个点单仍未答复")
    assert late.url == "/linkage/orders/?late=1" and len(late.body.splitlines()) == 3
    with CaptureQueriesContext(connection) as four_orders:
        assert run_sweep(only=STEP) == {"linkage.order_answers": 0}
    assert len(four_orders) == len(one_order)
