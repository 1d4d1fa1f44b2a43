"""Reminders sent exactly once: the unique ReminderLog row is claimed before anyone is told.

`remind_once` sends one; `send_reminders` sends many, a batch at a time: a batch's claims, timeline events and
notifications are three INSERTs and one background delivery in one transaction (a province's sweep has hundreds of
thousands of items to remind of): the batch's claims made before are read in one query and left out, and a batch of
which another run claimed a part meanwhile is claimed again one by one."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from .models import ReminderLog, TimelineEvent
from .notifications import Message, notify_many
from .sweep import in_batches


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
    """One reminder (send_reminders sends many)."""
    message = Message(recipients, title, body=body, url=url)
    return bool(send_reminders([Reminder(obj, kind, key, message)]))


@dataclass(frozen=True)
class Digest:
    """How the reminders of a batch to one of their `managers` read as one message when there are several: the title
    for a count, the page that lists them; the body names each (DIGEST_LINES at most)."""

    title: Callable[[int], str]
    url: str


# Reminders named in a digest's body; the rest are counted ("… and 12 more").
DIGEST_LINES = 30


@dataclass(frozen=True)
class Reminder:
    """A reminder about `obj`, sent once for (kind, key): the message, and the verb (with its comment) recorded on the
    object's timeline when one is given. `managers` (the office, district coordinators) are told too, once a batch in a
    `digest` when a batch has several reminders of the kind for them — an office is not sent three thousand messages
    when a province's first pass marks three thousand items overdue — and by the message itself when it has one."""

    obj: models.Model
    kind: str
    key: str
    message: Message
    event: str = ""
    comment: str = ""
    managers: Iterable = ()
    digest: Digest | None = None


def send_reminders(
    reminders: Iterable[Reminder], *, on_sent: Callable[[list[Reminder]], None] | None = None
) -> int:
    """Send the reminders not yet sent, a batch (core.sweep.SWEEP_BATCH) in a transaction; returns how many were sent.
    `on_sent` is called in each batch's transaction with the reminders sent in it (to mark their objects)."""
    sent = 0
    for batch in in_batches(reminders):
        with transaction.atomic():
            claimed = _claim_many(batch)
            TimelineEvent.objects.bulk_create(
                TimelineEvent(content_object=r.obj, verb=r.event, comment=r.comment)
                for r in claimed
                if r.event
            )
            notify_many(messages_of(claimed))
            if on_sent is not None and claimed:
                on_sent(claimed)
        sent += len(claimed)
    return sent


def messages_of(reminders: list[Reminder]) -> list[Message]:
    """Each reminder's message, and one message a manager and kind: the reminder's own when it is alone, else its
    digest (a step that claims its reminders itself, as the escalation ladder does, sends these)."""
    told: dict[tuple, list[Reminder]] = defaultdict(list)
    people = {}
    for reminder in reminders:
        already = {person.pk for person in reminder.message.recipients if person is not None}
        for person in reminder.managers:
            if person is not None and person.pk not in already:
                people[person.pk] = person
                told[(person.pk, reminder.kind)].append(reminder)
    messages = [r.message for r in reminders]
    for (pk, _kind), about in told.items():
        first = about[0]
        if len(about) == 1 or first.digest is None:
            messages.extend(replace(r.message, recipients=[people[pk]]) for r in about)
            continue
        lines = [r.message.title for r in about[:DIGEST_LINES]]
        if len(about) > DIGEST_LINES:
            lines.append(_("… and %(count)s more") % {"count": len(about) - DIGEST_LINES})
        messages.append(
            Message([people[pk]], first.digest.title(len(about)), body="\n".join(lines), url=first.digest.url)
        )
    return messages


def _claim_many(reminders: list[Reminder]) -> list[Reminder]:
    """Claim the batch's reminders not claimed before (read in one query) in one INSERT."""
    claims = {
        (ContentType.objects.get_for_model(r.obj).pk, str(r.obj.pk), r.kind, r.key): r for r in reminders
    }
    made = ReminderLog.objects.filter(
        content_type__in={key[0] for key in claims},
        object_id__in={key[1] for key in claims},
        kind__in={key[2] for key in claims},
    ).values_list("content_type", "object_id", "kind", "key")
    for key in made:
        claims.pop(key, None)
    try:
        with transaction.atomic():
            ReminderLog.objects.bulk_create(
                ReminderLog(content_type_id=ct, object_id=object_id, kind=kind, key=key)
                for ct, object_id, kind, key in claims
            )
    except IntegrityError:  # another run claimed some of them meanwhile
        return [r for r in claims.values() if claim_once(r.obj, kind=r.kind, key=r.key)]
    return list(claims.values())
