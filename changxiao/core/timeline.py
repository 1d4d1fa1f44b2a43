"""Timeline events: the accountability record shown on every object's page."""

from collections.abc import Iterable
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Attachment, TimelineEvent

# Labels of timeline verbs; each app adds its own with register_verbs().
VERB_LABELS: dict[str, str] = {
    "created": _("created"),
    "updated": _("updated"),
    "deactivated": _("deactivated"),
    "reactivated": _("reactivated"),
    "attached": _("attached files"),
    "transition": _("changed state"),
}


def register_verbs(labels: dict[str, str]) -> None:
    VERB_LABELS.update(labels)


def verb_label(verb: str) -> str:
    return VERB_LABELS.get(verb, verb)


def record_event(
    obj: models.Model,
    *,
    actor,
    verb: str,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    attachments: Iterable[Attachment] = (),
) -> TimelineEvent:
    event = TimelineEvent.objects.create(
        content_object=obj,
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
    )
    attachment_ids = [a.pk for a in attachments]
    if attachment_ids:
        Attachment.objects.filter(pk__in=attachment_ids).update(event=event)
    return event


def timeline_for(obj: models.Model):
    return TimelineEvent.objects.for_object(obj).prefetch_related("attachments")


def changed_fields_comment(form, exclude: set[str] = frozenset()) -> str:
    """A readable 'field: old → new' summary of a ModelForm's changes, for the timeline."""
    lines = []
    for name in form.changed_data:
        if name in exclude:
            continue
        field = form.fields[name]
        old = form.initial.get(name, "")
        new = form.cleaned_data.get(name, "")
        lines.append(f"{field.label}: {_display(field, old)} → {_display(field, new)}")
    return "\n".join(lines)


def _display(field, value) -> str:
    if value in (None, ""):
        return "—"
    choices = getattr(field, "choices", None)
    if choices and not isinstance(value, models.Model):
        for key, label in choices:
            if str(key) == str(value):
                return str(label)
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


def shown_value(value) -> str:
    """A value as the timeline shows it in a 'field: old → new' line written by a service (no form at hand)."""
    if value in (None, ""):
        return "—"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        return "、".join(sorted(str(item) for item in value)) or "—"
    return str(value)


def changed_lines(rows) -> list[str]:
    """'label: old → new' for each (label, old, new) row whose value changed."""
    return [f"{label}: {shown_value(old)} → {shown_value(new)}" for label, old, new in rows if old != new]


def state_label(event: TimelineEvent, value: str) -> str:
    """The display label of a state recorded on an event, read from the choices of the object's model fields
    (so a finding's "submitted" reads 整改待核查); values that are no state (e.g. "50%") are shown as they are."""
    if not value:
        return ""
    model = ContentType.objects.get_for_id(event.content_type_id).model_class()
    for field in model._meta.fields if model else ():
        if field.choices:
            labels = dict(field.flatchoices)
            if value in labels:
                return str(labels[value])
    return value
