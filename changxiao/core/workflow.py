"""Explicit state machines: each stateful model declares its transitions in one place."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from .timeline import record_event


class IllegalTransition(ValidationError):
    """Raised when an object is asked to move to a state its machine does not allow from where it is: a validation
    error, so every view and API handler shows it as the refusal it is."""


@dataclass(frozen=True)
class StateMachine:
    field: str
    transitions: dict[str, frozenset[str]]

    def allowed(self, obj: models.Model) -> frozenset[str]:
        return self.transitions.get(getattr(obj, self.field), frozenset())

    def can(self, obj: models.Model, to: str) -> bool:
        return to in self.allowed(obj)

    def apply(
        self,
        obj: models.Model,
        to: str,
        *,
        by,
        verb: str = "transition",
        comment: str = "",
        attachments=(),
        update_fields: tuple[str, ...] = (),
    ):
        """Move obj to state `to`, save it and write the timeline event; the caller holds the transaction."""
        current = getattr(obj, self.field)
        if to not in self.transitions.get(current, frozenset()):
            choices = dict(obj._meta.get_field(self.field).choices)
            raise IllegalTransition(
                _("Cannot change from “%(from)s” to “%(to)s”.")
                % {"from": choices.get(current, current), "to": choices.get(to, to)}
            )
        setattr(obj, self.field, to)
        obj.save(update_fields=[self.field, *update_fields])
        return record_event(
            obj,
            actor=by,
            verb=verb,
            from_state=current,
            to_state=to,
            comment=comment,
            attachments=attachments,
        )
