"""Reminders sent exactly once: the unique ReminderLog row is claimed before anyone is told."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast

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


def unclaimed(queryset: models.QuerySet, *, kind: str, key_field: str = "") -> models.QuerySet:
    """The rows of ``queryset`` not yet claimed for ``kind`` (with the key their ``key_field`` gives, a date as ISO
    text as the callers write it), in the database: a sweep then visits what is still to be sent instead of every
    row it ever reminded of (the open overdue feedback items of a province, each asked again every pass)."""
    logs = ReminderLog.objects.filter(
        content_type=ContentType.objects.get_for_model(queryset.model),
        object_id=Cast(OuterRef("pk"), CharField()),
        kind=kind,
    )
    if key_field:
        logs = logs.filter(key=Cast(OuterRef(key_field), CharField()))
    return queryset.filter(~Exists(logs))


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
