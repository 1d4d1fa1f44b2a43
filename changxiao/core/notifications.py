"""Notifications: an in-app inbox plus email (and optional SMS) copies, each sent once.

The copies of one `notify` go out in one background task (core.tasks) once the step that notified commits; the sweep
sends whatever a task did not (the queue down, every attempt failed). Each copy is claimed by a conditional UPDATE
before it is sent, so a task run twice, or beside the sweep, sends it once; a copy whose sending failed is handed
back, to be sent by the task's next attempt, unless that attempt was the last (then the failure is on the
background-work page and the copy is not sent again by itself).
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from changxiao.core.context_processors import site_short_name

from .models import Notification
from .sms import get_sms_backend
from .tasks import background_label, enqueue, final_attempt


def notify(
    recipients: Iterable, *, title: str, body: str = "", url: str = "", email: bool = True, sms: bool = False
) -> list[Notification]:
    users = {u.pk: u for u in recipients if u is not None and u.is_active and not u.is_service_account}
    notes = Notification.objects.bulk_create(
        Notification(recipient=u, title=title[:200], body=body, url=url, send_email=email, send_sms=sms)
        for u in users.values()
    )
    if notes and (email or sms):
        enqueue(deliver_notifications, [note.pk for note in notes])
    return notes


@background_label(_("Notification emails and text messages"))
def deliver_notifications(ids: list[int]) -> int:
    """Send the email and SMS copies of these notifications that are still unsent."""
    notes = Notification.objects.filter(pk__in=ids)
    return _send_emails(notes) + _send_sms(notes)


def send_pending_emails(limit: int = 500) -> int:
    return _send_emails(Notification.objects.all(), limit)


def send_pending_sms(limit: int = 500) -> int:
    return _send_sms(Notification.objects.all(), limit)


def _send_each(pending: QuerySet, claimed_field: str, send) -> int:
    """Claim each row (claimed_field NULL → now), send it, hand it back if sending failed and may be tried again.
    Every row is tried; the first failure is raised at the end, so the task is retried for the ones that failed."""
    sent = 0
    failure: Exception | None = None
    for note in pending:
        claimed = Notification.objects.filter(pk=note.pk, **{f"{claimed_field}__isnull": True}).update(
            **{claimed_field: timezone.now()}
        )
        if not claimed:
            continue
        try:
            if send(note):
                sent += 1
        except Exception as exc:
            if not final_attempt():
                Notification.objects.filter(pk=note.pk).update(**{claimed_field: None})
            failure = failure or exc
    if failure is not None:
        raise failure
    return sent


def _send_emails(notes: QuerySet, limit: int = 500) -> int:
    def send(note: Notification) -> bool:
        if not note.recipient.email:
            return False
        link = f"\n\n{settings.BASE_URL}{note.url}" if note.url else ""
        send_mail(
            subject=f"[{site_short_name()}] {note.title}",
            message=f"{note.body}{link}",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[note.recipient.email],
        )
        return True

    pending = notes.filter(send_email=True, emailed_at__isnull=True).select_related("recipient")
    return _send_each(pending[:limit], "emailed_at", send)


def _send_sms(notes: QuerySet, limit: int = 500) -> int:
    backend = get_sms_backend()

    def send(note: Notification) -> bool:
        if not note.recipient.phone:
            return False
        backend.send(note.recipient.phone, note.title)
        return True

    pending = notes.filter(send_sms=True, sms_sent_at__isnull=True).select_related("recipient")
    return _send_each(pending[:limit], "sms_sent_at", send)
