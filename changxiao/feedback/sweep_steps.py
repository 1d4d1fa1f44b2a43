"""Periodic work of the feedback channel, run by `manage.py sweep`; each reminder goes out once."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from changxiao.core.deadlines import DeadlineStatus, deadline_status, local_today
from changxiao.core.notifications import Message
from changxiao.core.reminders import Digest, Reminder, send_reminders, unclaimed
from changxiao.core.sweep import sweep_step
from changxiao.orgs.recipients import Recipients

from .models import FeedbackItem


@sweep_step("feedback.deadlines", order=400)
def remind_and_mark_overdue() -> int:
    """Tell the handling unit when an answer turns due soon, and unit and office once it is overdue (the office and the
    district coordinators of a batch's overdue items in one message: core.reminders.Digest)."""
    today = local_today()
    recipients = Recipients()
    people, managers = recipients.unit_people, recipients.region_managers
    items = (
        FeedbackItem.objects.open()
        .filter(unit__isnull=False, answered_on__isnull=True)
        .select_related("unit", "region")
    )
    # Items already reminded of (due soon) or marked overdue for their deadline are left out in the database: they
    # stay open until answered, and a province has tens of thousands of them.
    overdue = unclaimed(items.filter(answer_due__lt=today), kind="feedback_overdue", key_field="answer_due")
    upcoming = unclaimed(
        items.filter(answer_due__gte=today, answer_due__lte=today + timedelta(days=10)),
        kind="feedback_due_soon",
        key_field="answer_due",
    )

    # The office and district coordinators are told of the items of a batch in one message.
    overdue_digest = Digest(
        title=lambda count: (
            ngettext(
                "%(count)s feedback item was not answered by its deadline",
                "%(count)s feedback items were not answered by their deadline",
                count,
            )
            % {"count": count}
        ),
        url=reverse("feedback:queue") + "?flag=overdue",
    )

    def reminder(item: FeedbackItem) -> Reminder | None:
        due = item.answer_due.isoformat()
        status = deadline_status(item.answer_due, today=today)
        if status == DeadlineStatus.DUE_SOON:
            title = _("Feedback %(code)s must be answered by %(date)s") % {"code": item.code, "date": due}
            return Reminder(
                item, "feedback_due_soon", due, Message(people(item.unit), title, url=item.get_absolute_url())
            )
        if status == DeadlineStatus.OVERDUE:
            title = _("Feedback %(code)s not answered by %(date)s") % {"code": item.code, "date": due}
            return Reminder(
                item,
                "feedback_overdue",
                due,
                Message(people(item.unit), title, url=item.get_absolute_url()),
                event="feedback_overdue",
                comment=due,
                managers=managers(item.region),
                digest=overdue_digest,
            )
        return None

    done = send_reminders(r for r in map(reminder, (upcoming | overdue).iterator()) if r is not None)
    unacknowledged = FeedbackItem.objects.open().filter(
        unit__isnull=False, acknowledged_on__isnull=True, acknowledge_due__lt=today
    )
    unacknowledged = unclaimed(unacknowledged, kind="feedback_not_acknowledged", key_field="acknowledge_due")
    done += send_reminders(
        Reminder(
            item,
            "feedback_not_acknowledged",
            item.acknowledge_due.isoformat(),
            Message(
                people(item.unit),
                _("Feedback %(code)s has not been acknowledged") % {"code": item.code},
                url=item.get_absolute_url(),
            ),
        )
        for item in unacknowledged.select_related("unit").iterator()
    )
    return done


@sweep_step("feedback.retention", order=410)
def erase_old_phone_numbers() -> int:
    """Citizens' phone numbers are kept FEEDBACK_PHONE_RETENTION_DAYS after submission, then erased."""
    cutoff = timezone.now() - timedelta(days=settings.FEEDBACK_PHONE_RETENTION_DAYS)
    return (
        FeedbackItem.objects.filter(submitted_at__lt=cutoff)
        .exclude(phone_encrypted="", phone_masked="")
        .update(phone_encrypted="", phone_masked="")
    )
