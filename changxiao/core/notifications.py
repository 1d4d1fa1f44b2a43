"""Notifications: an in-app inbox plus email (and optional SMS) copies, each sent once by the sweep."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from changxiao.core.context_processors import site_short_name

from .models import Notification
from .sms import get_sms_backend


def notify(
    recipients: Iterable, *, title: str, body: str = "", url: str = "", email: bool = True, sms: bool = False
) -> list[Notification]:
    users = {u.pk: u for u in recipients if u is not None and u.is_active and not u.is_service_account}
    return Notification.objects.bulk_create(
        Notification(recipient=u, title=title[:200], body=body, url=url, send_email=email, send_sms=sms)
        for u in users.values()
    )


def send_pending_emails(limit: int = 500) -> int:
    """Email each unsent notification once; a row is claimed by a conditional UPDATE before sending."""
    sent = 0
    pending = Notification.objects.filter(send_email=True, emailed_at__isnull=True).select_related(
        "recipient"
    )
    for note in pending[:limit]:
        claimed = Notification.objects.filter(pk=note.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if not claimed:
            continue
        if not note.recipient.email:
            continue
        link = f"\n\n{settings.BASE_URL}{note.url}" if note.url else ""
        send_mail(
            subject=f"[{site_short_name()}] {note.title}",
            message=f"{note.body}{link}",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[note.recipient.email],
            fail_silently=True,
        )
        sent += 1
    return sent


def send_pending_sms(limit: int = 500) -> int:
    sent = 0
    backend = get_sms_backend()
    pending = Notification.objects.filter(send_sms=True, sms_sent_at__isnull=True).select_related("recipient")
    for note in pending[:limit]:
        claimed = Notification.objects.filter(pk=note.pk, sms_sent_at__isnull=True).update(
            sms_sent_at=timezone.now()
        )
        if not claimed or not note.recipient.phone:
            continue
        backend.send(note.recipient.phone, note.title)
        sent += 1
    return sent
