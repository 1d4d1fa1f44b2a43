"""Events between apps: the declared seams through which one app tells another what happened.

An app never imports another app to tell it something, and never reads another app's tables to find out: the app
where a thing happens publishes an event declared here, and the apps that care listen. Each event is

- a `django.dispatch.Signal` declared in this module (the seam: both sides import core, neither imports the other),
- sent with one argument, `event`: a frozen dataclass of primary keys and plain data (strings, dates), never a model
  instance of the sending app, so that a receiver needs nothing of the sender's code to use it.

Why a Signal and not a home-made registry: Django's Signal is the registry everyone knows (connect, dispatch_uid,
send_robust). What STYLE.md forbids is logic hidden in signals — model signals (post_save …) firing from wherever a
row is saved — and this use keeps every step visible:

- the sender calls `publish(signal, event)` explicitly, in the service that takes the decision, inside that
  service's transaction; the event is delivered only once the transaction commits (`transaction.on_commit`), so a
  decision rolled back tells nobody, and each decision tells once;
- a receiver is connected explicitly in its app's `AppConfig.ready()` with a `dispatch_uid`, and does one thing:
  call one named service of its own app, which checks, writes in its own transaction and records its own timeline;
- a receiver that fails does not undo the sender's decision, which is already committed, nor keep the event from the
  other receivers: the failure is logged as an error with the event, for the operators to replay by hand
  (`<signal>.send(sender=..., event=...)` in a shell: receivers are idempotent).

A replay of history in one transaction (the demo data, `core.demo`) has no commit between the days it replays;
`delivered_at_once()` makes events reach their receivers at once there, as they would have after each day's commit.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from functools import partial

from django.db import models, transaction
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

_at_once: ContextVar[bool] = ContextVar("events_delivered_at_once", default=False)


@contextmanager
def delivered_at_once() -> Iterator[None]:
    """Deliver the events published inside the block at once, not on commit (replays of history only)."""
    token = _at_once.set(True)
    try:
        yield
    finally:
        _at_once.reset(token)


def _deliver(signal: Signal, event) -> None:
    for receiver, result in signal.send_robust(sender=type(event), event=event):
        if isinstance(result, Exception):
            logger.error(
                "receiver %s failed on %r",
                getattr(receiver, "__qualname__", receiver),
                event,
                exc_info=result,
            )


def publish(signal: Signal, event) -> None:
    """Send `event` to the signal's receivers once the current transaction commits (at once outside one)."""
    if _at_once.get():
        _deliver(signal, event)
    else:
        transaction.on_commit(partial(_deliver, signal, event))


# --- A finding's outcome (supervision → the channel the finding was raised from) ------------------------------


class FindingOutcome(models.TextChoices):
    """How a finding raised from another channel (a citizen's feedback …) ended, in words that channel can pass on.

    There is no "cancelled with its inspection": supervision refuses to cancel an inspection with such a finding —
    the office closes the finding with one of these outcomes instead, so that its source always hears a real one."""

    RECTIFIED = "rectified", _("Rectified and verified")
    NOT_RECTIFIED = "not_rectified", _("Closed without rectification")
    DUPLICATE = "duplicate", _("Duplicate of a problem already under supervision")
    NOT_RESPONSIBLE = "not_responsible", _("Not the responsible unit's duty; supervision ended")
    # Not an end: the same problem goes on as a new finding against the unit named, whose outcome is told in turn.
    REASSIGNED = "reassigned", _("Reassigned to another responsible unit")


FINAL_OUTCOMES = frozenset(set(FindingOutcome) - {FindingOutcome.REASSIGNED})


@dataclass(frozen=True)
class FindingOutcomeEvent:
    """What supervision decided on a finding, for the channel named by `source` (e.g. "feedback") to tell its own
    record `source_ref` (e.g. a tracking code). Everything in it may be shown to the public: the units' names, the
    dates and the summary — never people's names or the internal comments of the decision."""

    finding_id: int
    source: str
    source_ref: str
    outcome: str
    decided_on: date
    # The unit that answered for the finding, and the one it was passed to (reassigned only), by name.
    unit_name: str
    successor_id: int | None = None
    successor_unit_name: str = ""
    successor_due_date: date | None = None
    # One line for timelines and logs, in the words of the outcome's label.
    summary: str = ""

    @property
    def is_final(self) -> bool:
        return self.outcome in FINAL_OUTCOMES


# Sent by supervision when a finding that has a source is verified, closed or reassigned; `event` is a
# FindingOutcomeEvent. Received by the app that raised the finding.
finding_outcome = Signal()
