"""Periodic work of the linkage, run by `manage.py sweep`: an order not yet answered turns yellow when its answer is
due within the due-soon working days (the provider is reminded), red the day after (the provider and the managers
of the ordering unit's jurisdiction are told, on the order's timeline), and after ESCALATE_AFTER_WORKDAYS more
working days it is escalated to the office of the menu's jurisdiction — each step once per deadline, however often
the sweep runs (core.reminders.send_reminders)."""

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from changxiao.core.deadlines import DeadlineStatus, deadline_status, local_today, workdays_overdue
from changxiao.core.notifications import Message
from changxiao.core.reminders import Digest, Reminder, send_reminders, unclaimed
from changxiao.core.sweep import sweep_step
from changxiao.orgs.recipients import Recipients

from .choices import ESCALATE_AFTER_WORKDAYS, OrderState
from .models import Order


def _title(order: Order) -> dict:
    return {"code": order.code, "title": order.offering.title, "date": order.reply_due.isoformat()}


@sweep_step("linkage.order_answers", order=520)
def remind_and_escalate_unanswered_orders() -> int:
    today = local_today()
    recipients = Recipients()
    unanswered = Order.objects.filter(state=OrderState.ORDERED, reply_due__lte=today + timedelta(days=10))
    # An order escalated for its deadline has had every step: left out in the database, though still unanswered.
    orders = (
        unclaimed(unanswered, kind="linkage_order_escalated", key_field="reply_due")
        .select_related("offering__provider", "offering__menu__region", "unit", "region")
        .order_by("reply_due", "pk")
    )

    # The managers are told of a batch's late orders in one message (core.reminders.Digest).
    late = reverse("linkage:orders") + "?late=1"
    digests = {
        "overdue": Digest(
            title=lambda count: (
                ngettext(
                    "%(count)s order was not answered by its deadline",
                    "%(count)s orders were not answered by their deadline",
                    count,
                )
                % {"count": count}
            ),
            url=late,
        ),
        "escalated": Digest(
            title=lambda count: (
                ngettext(
                    "Escalated: %(count)s order still unanswered",
                    "Escalated: %(count)s orders still unanswered",
                    count,
                )
                % {"count": count}
            ),
            url=late,
        ),
    }

    def reminders(order: Order) -> list[Reminder]:
        status = deadline_status(order.reply_due, today=today)
        key = order.reply_due.isoformat()
        url = order.get_absolute_url()
        provider = recipients.unit_people(order.offering.provider)
        if status == DeadlineStatus.DUE_SOON:
            title = _("Order %(code)s (%(title)s) must be answered by %(date)s") % _title(order)
            return [Reminder(order, "linkage_order_due_soon", key, Message(provider, title, url=url))]
        if status != DeadlineStatus.OVERDUE:
            return []
        title = _("Order %(code)s (%(title)s) was not answered by %(date)s") % _title(order)
        overdue = Reminder(
            order,
            "linkage_order_overdue",
            key,
            Message(provider, title, url=url),
            event="order_overdue",
            comment=key,
            managers=recipients.region_managers(order.region),
            digest=digests["overdue"],
        )
        if workdays_overdue(order.reply_due, today=today) < ESCALATE_AFTER_WORKDAYS:
            return [overdue]
        title = _("Escalated: order %(code)s (%(title)s) still unanswered since %(date)s") % _title(order)
        escalated = Reminder(
            order,
            "linkage_order_escalated",
            key,
            Message([], title, url=url),
            event="order_escalated",
            comment=key,
            managers=recipients.region_managers(order.offering.menu.region),
            digest=digests["escalated"],
        )
        return [overdue, escalated]

    def mark_escalated(sent: list[Reminder]) -> None:
        escalated = [r.obj.pk for r in sent if r.kind == "linkage_order_escalated"]
        Order.objects.filter(pk__in=escalated).update(escalated_on=today)

    # The overdue reminder of an order whose deadline it was already sent for is claimed no more (claims are once).
    return send_reminders(
        (r for order in orders.iterator() for r in reminders(order)), on_sent=mark_escalated
    )
