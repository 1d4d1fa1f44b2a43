"""Reminders sent exactly once: the unique ReminderLog row is claimed before anyone is told."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction

from .models import ReminderLog
from .notifications import notify


def claim_once(obj: models.Model, *, kind: str, key: str = "") -> bool:
    """True the first time (obj, kind, key) is claimed, False ever after — whoever runs it, however often."""
    try:
        with transaction.atomic():
            ReminderLog.objects.create(
                content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk), kind=kind, key=key
            )
    except IntegrityError:
        return False
    return True


def remind_once(
    obj: models.Model,
    *,
    kind: str,
    key: str = "",
    recipients: Iterable,
    title: str,
    body: str = "",
    url: str = "",
) -> bool:
    if not claim_once(obj, kind=kind, key=key):
        return False
    notify(recipients, title=title, body=body, url=url)
    return True
