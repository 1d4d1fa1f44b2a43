"""Periodic work of the feedback channel, run by `manage.py sweep`; each reminder goes out once."""

from datetime import timedelta
from functools import cache

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from changxiao.core.deadlines import DeadlineStatus, deadline_status, local_today
from changxiao.core.notifications import notify
from changxiao.core.reminders import claim_once, remind_once, unclaimed
from changxiao.core.sweep import sweep_step
from changxiao.core.timeline import record_event
from changxiao.orgs.recipients import region_managers, unit_people

from .models import FeedbackItem


@sweep_step("feedback.deadlines", order=400)
def remind_and_mark_overdue() -> int:
    """Tell the handling unit when an answer turns due soon, and unit and office once it is overdue."""
    today = local_today()
    done = 0
    # Whom to tell, asked once a unit and region in a pass: a province's pass tells the same units of thousands of items.
    people, managers = cache(unit_people), cache(region_managers)
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
    for item in upcoming | overdue:
        status = deadline_status(item.answer_due, today=today)
        if status == DeadlineStatus.DUE_SOON:
            done += remind_once(
                item,
                kind="feedback_due_soon",
                key=item.answer_due.isoformat(),
                recipients=people(item.unit),
                title=_("Feedback %(code)s must be answered by %(date)s")
                % {"code": item.code, "date": item.answer_due.isoformat()},
                url=item.get_absolute_url(),
            )
        elif status == DeadlineStatus.OVERDUE and claim_once(
            item, kind="feedback_overdue", key=item.answer_due.isoformat()
        ):
            record_event(item, actor=None, verb="feedback_overdue", comment=item.answer_due.isoformat())
            notify(
                [*people(item.unit), *managers(item.region)],
                title=_("Feedback %(code)s not answered by %(date)s")
                % {"code": item.code, "date": item.answer_due.isoformat()},
                url=item.get_absolute_url(),
            )
            done += 1
    unacknowledged = FeedbackItem.objects.open().filter(
        unit__isnull=False, acknowledged_on__isnull=True, acknowledge_due__lt=today
    )
    unacknowledged = unclaimed(unacknowledged, kind="feedback_not_acknowledged", key_field="acknowledge_due")
    for item in unacknowledged.select_related("unit"):
        done += remind_once(
            item,
            kind="feedback_not_acknowledged",
            key=item.acknowledge_due.isoformat(),
            recipients=people(item.unit),
            title=_("Feedback %(code)s has not been acknowledged") % {"code": item.code},
            url=item.get_absolute_url(),
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
