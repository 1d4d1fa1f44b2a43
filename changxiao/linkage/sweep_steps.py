"""Periodic work of the linkage, run by `manage.py sweep`: an order not yet answered turns yellow when its answer is
due within the due-soon working days (the provider is reminded), red the day after (the provider and the managers
of the ordering unit's jurisdiction are told, on the order's timeline), and after ESCALATE_AFTER_WORKDAYS more
working days it is escalated to the office of the menu's jurisdiction — each step once per deadline, however often
the sweep runs (core.reminders.claim_once)."""

from datetime import timedelta

from django.utils.translation import gettext as _

from changxiao.core.deadlines import DeadlineStatus, deadline_status, local_today, workdays_overdue
from changxiao.core.notifications import notify
from changxiao.core.reminders import claim_once, remind_once, unclaimed
from changxiao.core.sweep import sweep_step
from changxiao.core.timeline import record_event
from changxiao.orgs.recipients import region_managers, unit_people

from .choices import ESCALATE_AFTER_WORKDAYS, OrderState
from .models import Order


def _title(order: Order) -> dict:
    return {"code": order.code, "title": order.offering.title, "date": order.reply_due.isoformat()}


@sweep_step("linkage.order_answers", order=520)
def remind_and_escalate_unanswered_orders() -> int:
    today = local_today()
    done = 0
    unanswered = Order.objects.filter(state=OrderState.ORDERED, reply_due__lte=today + timedelta(days=10))
    # An order escalated for its deadline has had every step: left out in the database, though still unanswered.
    orders = (
        unclaimed(unanswered, kind="linkage_order_escalated", key_field="reply_due")
        .select_related("offering__provider", "offering__menu__region", "unit", "region")
        .order_by("reply_due", "pk")
    )
    for order in orders:
        status = deadline_status(order.reply_due, today=today)
        key = order.reply_due.isoformat()
        if status == DeadlineStatus.DUE_SOON:
            done += remind_once(
                order,
                kind="linkage_order_due_soon",
                key=key,
                recipients=unit_people(order.offering.provider),
                title=_("Order %(code)s (%(title)s) must be answered by %(date)s") % _title(order),
                url=order.get_absolute_url(),
            )
        elif status == DeadlineStatus.OVERDUE:
            if claim_once(order, kind="linkage_order_overdue", key=key):
                record_event(order, actor=None, verb="order_overdue", comment=key)
                notify(
                    [*unit_people(order.offering.provider), *region_managers(order.region)],
                    title=_("Order %(code)s (%(title)s) was not answered by %(date)s") % _title(order),
                    url=order.get_absolute_url(),
                )
                done += 1
            if workdays_overdue(order.reply_due, today=today) >= ESCALATE_AFTER_WORKDAYS and claim_once(
                order, kind="linkage_order_escalated", key=key
            ):
                Order.objects.filter(pk=order.pk).update(escalated_on=today)
                record_event(order, actor=None, verb="order_escalated", comment=key)
                notify(
                    region_managers(order.offering.menu.region),
                    title=_("Escalated: order %(code)s (%(title)s) still unanswered since %(date)s")
                    % _title(order),
                    url=order.get_absolute_url(),
                )
                done += 1
    return done
