"""延期申请 (deadline extensions), one workflow for everything with a due date.

Whoever acts for the responsible unit asks, before the due date passes, for a later date within core.bounds' window,
with a reason; one request waits at a time. Someone who may decide — never the person who asked — approves (the
object takes the new date, the old one stays on the request) or refuses with a reason. Each step locks the extended
object's row, moves the request through EXTENSION_MACHINE, writes the object's timeline and tells the other side.

The owning app describes its object once with an `ExtensionWorkflow` (who acts for it, who decides, its due-date
field, who is told, how it is named, when it is closed); tasks and findings use it today, and certificates, orders
and assessment phases can use it the same way. The pages use core.views_extensions and core/_extensions.html.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .bounds import TEXT_MAX, check_deadline, check_text
from .corrections import require_reason
from .deadlines import local_today
from .models import DeadlineExtension
from .notifications import notify
from .permissions import require
from .timeline import record_event, register_verbs
from .workflow import StateMachine

register_verbs(
    {
        "extension_requested": gettext_lazy("requested a deadline extension"),
        "extension_approved": gettext_lazy("approved the deadline extension"),
        "extension_refused": gettext_lazy("refused the deadline extension"),
    }
)

State = DeadlineExtension.State

EXTENSION_MACHINE = StateMachine(
    field="state",
    transitions={State.PENDING: frozenset({State.APPROVED, State.REFUSED})},
)


def _stays_open(target: models.Model) -> None:
    """The default: an object whose due date can always be extended while it is not overdue."""


@dataclass(frozen=True)
class ExtensionWorkflow:
    """How one kind of object takes part in the extension workflow; the owning app declares it once."""

    # The concrete DeadlineExtension model and its foreign key to the extended object.
    model: type[DeadlineExtension]
    target_field: str
    # Who may ask (acts for the responsible unit) and who may decide (the office over it), on the object.
    may_request: Callable[[object, models.Model], bool]
    may_decide: Callable[[object, models.Model], bool]
    # Who is told of a request (those who decide) and of a decision (the responsible unit's people).
    deciders: Callable[[models.Model], Iterable]
    requesters: Callable[[models.Model], Iterable]
    # The objects a person sees (the decision page of a request on any other object is a 404).
    visible: Callable[[object], models.QuerySet]
    # URL names: the request takes the object's pk, the decision the request's pk.
    request_url: str
    decide_url: str
    # Raises a ValidationError with the app's own words when the object is closed (cancelled, completed …).
    check_open: Callable[[models.Model], None] = _stays_open
    due_field: str = "due_date"
    label: Callable[[models.Model], str] = str
    # The request form's prefix on the object's page (a page with several forms keeps their fields apart).
    form_prefix: str | None = None

    @property
    def target_model(self) -> type[models.Model]:
        return self.model._meta.get_field(self.target_field).related_model

    def due_date(self, target: models.Model) -> date:
        return getattr(target, self.due_field)

    def extensions_of(self, target: models.Model) -> models.QuerySet:
        return self.model.objects.filter(**{self.target_field: target})

    def is_open(self, target: models.Model) -> bool:
        try:
            self.check_open(target)
        except ValidationError:
            return False
        return True

    def target_of(self, extension: DeadlineExtension) -> models.Model:
        return getattr(extension, self.target_field)

    def _lock(self, target_pk: int) -> models.Model:
        # The base manager: a row a default manager would hide (a cancelled one) is still the row to lock and check.
        return self.target_model._base_manager.select_for_update().get(pk=target_pk)


@transaction.atomic
def extension_request(
    *, workflow: ExtensionWorkflow, target: models.Model, by, requested_due_date: date, reason: str
) -> DeadlineExtension:
    """延期申请: by whoever acts for the responsible unit, before the due date passes, one waiting at a time."""
    require(workflow.may_request(by, target))
    target = workflow._lock(target.pk)
    workflow.check_open(target)
    current = workflow.due_date(target)
    today = local_today()
    if today > current:
        raise ValidationError(
            _(
                "An extension must be requested before the due date passes; %(date)s is already past (overdue)."
            )
            % {"date": current.isoformat()}
        )
    if requested_due_date is None or requested_due_date <= current:
        raise ValidationError(
            {
                "requested_due_date": _("The new date must be later than the current due date (%(date)s).")
                % {"date": current.isoformat()}
            }
        )
    # From the services' today (the demo sets it back when it replays a year) to core.bounds' horizon.
    check_deadline(requested_due_date, field="requested_due_date", earliest=today)
    reason = require_reason(reason)
    if workflow.extensions_of(target).filter(state=State.PENDING).exists():
        raise ValidationError(_("An extension request is already waiting for a decision."))
    extension = workflow.model.objects.create(
        **{workflow.target_field: target},
        reason=reason,
        current_due_date=current,
        requested_due_date=requested_due_date,
        requested_by=by,
    )
    record_event(target, actor=by, verb="extension_requested", comment=f"{extension.dates}\n{reason}")
    notify(
        workflow.deciders(target),
        title=_("Extension request to decide: %(object)s") % {"object": workflow.label(target)},
        body=reason,
        url=target.get_absolute_url(),
    )
    return extension


def _decide(
    workflow: ExtensionWorkflow, extension: DeadlineExtension, *, by, to: str, comment: str
) -> DeadlineExtension:
    target = workflow._lock(getattr(extension, f"{workflow.target_field}_id"))
    require(workflow.may_decide(by, target))
    extension = workflow.model.objects.select_for_update().get(pk=extension.pk)
    if extension.requested_by_id == by.pk:
        raise ValidationError(_("An extension is decided by someone other than the person who asked for it."))
    workflow.check_open(target)
    if extension.state != State.PENDING:
        raise ValidationError(_("This extension request has already been decided."))
    comment = check_text(comment, field="comment")
    if to == State.REFUSED and not comment:
        raise ValidationError({"comment": _("Give the reason for refusing.")})
    approve = to == State.APPROVED
    if approve and workflow.due_date(target) != extension.current_due_date:
        raise ValidationError(
            _(
                "The due date has changed since this request was made (it is now %(date)s): refuse it, and the "
                "unit may ask again from the new date."
            )
            % {"date": workflow.due_date(target).isoformat()}
        )
    extension.decided_by, extension.decided_at, extension.decision_comment = by, timezone.now(), comment
    verb = "extension_approved" if approve else "extension_refused"
    EXTENSION_MACHINE.apply(
        extension,
        to,
        by=by,
        verb=verb,
        comment=comment,
        update_fields=("decided_by", "decided_at", "decision_comment"),
    )
    if approve:
        setattr(target, workflow.due_field, extension.requested_due_date)
        target.save(update_fields=[workflow.due_field])
    record_event(target, actor=by, verb=verb, comment=f"{extension.dates}\n{comment}".strip())
    title = _("Extension approved: %(object)s") if approve else _("Extension refused: %(object)s")
    notify(
        workflow.requesters(target),
        title=title % {"object": workflow.label(target)},
        body=comment,
        url=target.get_absolute_url(),
    )
    return extension


@transaction.atomic
def extension_approve(
    *, workflow: ExtensionWorkflow, extension: DeadlineExtension, by, comment: str = ""
) -> DeadlineExtension:
    """The object takes the requested date; the date it had stays on the request and the timeline."""
    return _decide(workflow, extension, by=by, to=State.APPROVED, comment=comment)


@transaction.atomic
def extension_refuse(
    *, workflow: ExtensionWorkflow, extension: DeadlineExtension, by, comment: str
) -> DeadlineExtension:
    """The due date stays; the reason is required and goes to the unit that asked."""
    return _decide(workflow, extension, by=by, to=State.REFUSED, comment=comment)


def extension_settle_pending(*, workflow: ExtensionWorkflow, target: models.Model, by, comment: str) -> int:
    """A closed object has no due date left to extend: a request still waiting is answered with the closing (the
    caller closes the object in its own transaction and writes that step on the timeline)."""
    return (
        workflow.extensions_of(target)
        .filter(state=State.PENDING)
        .update(
            state=State.REFUSED,
            decided_by=by,
            decided_at=timezone.now(),
            # The closing's reason may fill the column by itself: the prefix must not make the closing fail.
            decision_comment=comment.strip()[:TEXT_MAX],
        )
    )
