"""Correction with a trail: a record entered by mistake is cancelled with a reason (not deleted); a submitted one is
withdrawn or replaced by a new version with a reason. Both leave an event on the object's timeline."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .bounds import TEXT_MAX
from .models import Cancellable
from .timeline import record_event, register_verbs

register_verbs(
    {
        "cancelled": gettext_lazy("cancelled the record"),
        "withdrawn": gettext_lazy("withdrew the submission"),
        "corrected": gettext_lazy("corrected the record"),
    }
)


def require_reason(reason: str, *, field: str = "reason") -> str:
    """The reason a correction, cancellation or withdrawal is made: required and bounded."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: _("Give the reason.")})
    if len(reason) > TEXT_MAX:
        raise ValidationError({field: _("Keep the reason under %(max)s characters.") % {"max": TEXT_MAX}})
    return reason


def cancel_record(obj: Cancellable, *, by, reason: str) -> Cancellable:
    """Cancel a mistaken record; the caller has checked permission and holds the transaction."""
    reason = require_reason(reason)
    if obj.is_cancelled:
        raise ValidationError(_("This record is already cancelled."))
    obj.cancelled_at, obj.cancelled_by, obj.cancel_reason = timezone.now(), by, reason
    obj.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
    record_event(obj, actor=by, verb="cancelled", comment=reason)
    return obj
