"""Notifications: an in-app inbox plus email (and optional SMS) copies, each sent at least once, almost always once.

The copies of one `notify` go out in one background task (core.tasks) once the step that notified commits; the sweep
sends whatever a task did not (the queue down, every attempt failed, a worker killed). Each copy is leased before it
is sent: a conditional UPDATE sets its claim (`email_claimed_at` / `sms_claimed_at`) when it is unsent and unclaimed
or its claim is older than NOTIFICATION_LEASE_MINUTES, and only then is it sent; `emailed_at` / `sms_sent_at` is
written after the send succeeded. So a task run twice, or beside the sweep, sends a copy once; a worker killed between
the claim and the send leaves a claim that expires, and the next task attempt or the sweep sends the copy then.

A copy whose sending failed is handed back at once when the task will try again; after a last attempt (or in the
sweep) its claim stays, so the sweep tries it again when the lease has expired — never faster than once a lease, and
only for NOTIFICATION_GIVE_UP_HOURS after the notification was made: an address that refuses for days (a mailbox
closed, a number no longer in use) is not tried for ever; the inbox copy stays.

Exactly once is impossible: a worker killed after the mail server accepted a message but before `emailed_at` was
written (a window of one database write) leaves the copy unsent in the database, and it is sent again once the lease
expires. That copy arrives twice; no copy is lost.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from changxiao.core.context_processors import site_short_name

from .models import Notification
from .sms import get_sms_backend
from .tasks import background_label, enqueue, final_attempt


@dataclass(frozen=True)
class Message:
    """One notification to some people: what `notify_many` sends in a batch."""

    recipients: Iterable
    title: str
    body: str = ""
    url: str = ""
    email: bool = True
    sms: bool = False


def notify(
    recipients: Iterable, *, title: str, body: str = "", url: str = "", email: bool = True, sms: bool = False
) -> list[Notification]:
    return notify_many([Message(recipients, title=title, body=body, url=url, email=email, sms=sms)])


def notify_many(messages: Iterable[Message]) -> list[Notification]:
    """Every message's inbox copies in one INSERT, and their email and SMS copies in one background task (a sweep
    telling thousands of units of thousands of items sends them in batches, not one task an item)."""
    notes = []
    for message in messages:
        users = {
            u.pk: u for u in message.recipients if u is not None and u.is_active and not u.is_service_account
        }
        notes.extend(
            Notification(
                recipient=u,
                title=message.title[:200],
                body=message.body,
                url=message.url,
                send_email=message.email,
                send_sms=message.sms,
            )
            for u in users.values()
        )
    notes = Notification.objects.bulk_create(notes)
    delivered = [note.pk for note in notes if note.send_email or note.send_sms]
    if delivered:
        enqueue(deliver_notifications, delivered)
    return notes


@background_label(_("Notification emails and text messages"))
def deliver_notifications(ids: list[int]) -> int:
    """Send the email and SMS copies of these notifications that are still unsent."""
    notes = Notification.objects.filter(pk__in=ids)
    return _send_emails(notes, limit=len(ids)) + _send_sms(notes, limit=len(ids))


def send_pending_emails(limit: int = 500) -> int:
    return _send_emails(Notification.objects.all(), limit)


def send_pending_sms(limit: int = 500) -> int:
    return _send_sms(Notification.objects.all(), limit)


def _unsent(notes: QuerySet, channel: str) -> QuerySet:
    """The copies of this channel still to send: wanted, not sent, not given up, and not claimed or their claim's
    lease expired."""
    wanted, claimed, sent = _FIELDS[channel]
    now = timezone.now()
    expired = now - timedelta(minutes=settings.NOTIFICATION_LEASE_MINUTES)
    return notes.filter(
        Q(**{f"{claimed}__isnull": True}) | Q(**{f"{claimed}__lt": expired}),
        created_at__gte=now - timedelta(hours=settings.NOTIFICATION_GIVE_UP_HOURS),
        **{wanted: True, f"{sent}__isnull": True},
    )


# channel → (asked for, claimed at, sent at)
_FIELDS = {
    "email": ("send_email", "email_claimed_at", "emailed_at"),
    "sms": ("send_sms", "sms_claimed_at", "sms_sent_at"),
}


def _send_each(pending: Iterable[Notification], channel: str, send) -> int:
    """Lease each row (a conditional UPDATE of its claim), send it, mark it sent; hand the lease back if sending
    failed and the task will try again. Every row is tried; the first failure is raised at the end, so the task is
    retried for the ones that failed."""
    _, claimed_field, sent_field = _FIELDS[channel]
    sent = 0
    failure: Exception | None = None
    for note in pending:
        claimed_at = timezone.now()
        claimed = _unsent(Notification.objects.filter(pk=note.pk), channel).update(
            **{claimed_field: claimed_at}
        )
        if not claimed:
            continue
        try:
            delivered = send(note)
        except Exception as exc:
            if not final_attempt():
                Notification.objects.filter(pk=note.pk, **{claimed_field: claimed_at}).update(
                    **{claimed_field: None}
                )
            failure = failure or exc
            continue
        # A killed worker's window: the message is out, this write not yet made (sent again after the lease).
        Notification.objects.filter(pk=note.pk).update(**{sent_field: timezone.now()})
        sent += int(delivered)
    if failure is not None:
        raise failure
    return sent


def _send_emails(notes: QuerySet, limit: int = 500) -> int:
    pending = list(_unsent(notes, "email").select_related("recipient")[:limit])
    if not pending:  # no connection to the mail server for nothing
        return 0
    # One connection to the mail server for the batch (a connection a message was a TLS handshake a copy); one that
    # failed is dropped, and the copies after it open their own.
    with get_connection() as connection:

        def send(note: Notification) -> bool:
            if not note.recipient.email:
                return False
            link = f"\n\n{settings.BASE_URL}{note.url}" if note.url else ""
            try:
                send_mail(
                    subject=f"[{site_short_name()}] {note.title}",
                    message=f"{note.body}{link}",
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=[note.recipient.email],
                    connection=connection,
                )
            except Exception:
                connection.close()
                raise
            return True

        return _send_each(pending, "email", send)


def _send_sms(notes: QuerySet, limit: int = 500) -> int:
    backend = get_sms_backend()

    def send(note: Notification) -> bool:
        if not note.recipient.phone:
            return False
        backend.send(note.recipient.phone, note.title)
        return True

    pending = _unsent(notes, "sms").select_related("recipient")
    return _send_each(pending[:limit], "sms", send)
