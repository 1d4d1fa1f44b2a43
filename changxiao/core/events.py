"""Events and commands between apps: the declared seams through which one app tells or asks another.

An app never imports another app, and never reads another app's tables to find out what happened there. What one app
must tell or ask another is declared here, in core, which both sides import and which imports neither. There are two
kinds of seam, written in one style:

- an **event** tells what happened, to whoever cares (none, one or many apps): a `django.dispatch.Signal`, sent with
  `publish(signal, event)` once the sender's transaction commits (`finding_outcome`);
- a **command** asks exactly one other app to do something and answers at once, inside the caller's transaction, so
  that both steps stand or fall together: a `Command`, called with `ask(command, payload)` (`finding_open`).

Both carry one frozen dataclass declared beside them — primary keys and plain data (strings, dates, numbers), never a
model instance of either app — so that the other side needs nothing of the caller's code; a command's handler answers
with the result dataclass declared with it. Both are connected explicitly in the receiving app's
`AppConfig.ready()`, in one line with a `dispatch_uid` (`signal.connect(...)` / `command.register(...)`), to a small
function that calls one named service of that app, which checks permission and state, writes in a transaction and
records its own timeline.

Why a Signal and not a home-made registry for events: Django's Signal is the registry everyone knows (connect,
dispatch_uid, send_robust). What STYLE.md forbids is logic hidden in signals — model signals (post_save …) firing from
wherever a row is saved — and this use keeps every step visible:

- the sender calls `publish(signal, event)` explicitly, in the service that takes the decision, inside that
  service's transaction; the event is delivered only once the transaction commits (`transaction.on_commit`), so a
  decision rolled back tells nobody, and each decision tells once;
- a receiver does one thing: call one named service of its own app;
- a receiver that fails does not undo the sender's decision, which is already committed, nor keep the event from the
  other receivers: the failure is logged as an error with the event, for the operators to replay by hand
  (`<signal>.send(sender=..., event=...)` in a shell: receivers are idempotent).

A command is not a Signal because its answer matters and someone must give it: it has exactly one handler (a second
registration is refused when the apps load), calling it with none registered is a configuration error named as such,
and the handler's refusal (a ValidationError, PermissionDenied) reaches the caller, whose transaction then rolls back
with it.

A replay of history in one transaction (the demo data, `core.demo`) has no commit between the days it replays;
`delivered_at_once()` makes events reach their receivers at once there, as they would have after each day's commit.
Commands need nothing of the kind: they are answered at once anyway.
"""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from functools import partial

from django.core.exceptions import ImproperlyConfigured
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


class Command:
    """A request one app makes of exactly one other, answered at once inside the caller's transaction.

    Declared here with its payload and result dataclasses; the app that does the work registers its handler in its
    `AppConfig.ready()`; the app that needs it done calls `ask(command, payload)`."""

    def __init__(self, name: str, *, payload: type, result: type) -> None:
        self.name = name
        self.payload = payload
        self.result = result
        self._handler: Callable | None = None
        self._dispatch_uid: str | None = None

    def __repr__(self) -> str:
        return f"<Command {self.name}>"

    def register(self, handler: Callable, *, dispatch_uid: str) -> None:
        """Make `handler(payload) -> result` the one answer to the command. Registering again under the same
        dispatch_uid replaces it (an app loaded twice); a second handler under another one is refused."""
        if self._handler is not None and self._dispatch_uid != dispatch_uid:
            raise ImproperlyConfigured(
                f"command {self.name!r} is already handled by {self._dispatch_uid!r}; "
                f"{dispatch_uid!r} cannot handle it too: a command has exactly one handler"
            )
        self._handler, self._dispatch_uid = handler, dispatch_uid

    def unregister(self, *, dispatch_uid: str) -> None:
        if self._dispatch_uid == dispatch_uid:
            self._handler = self._dispatch_uid = None

    @property
    def handled(self) -> bool:
        return self._handler is not None

    def _answer(self, payload):
        if not isinstance(payload, self.payload):
            raise TypeError(
                f"command {self.name!r} takes a payload of type {self.payload.__name__}, "
                f"not {type(payload).__name__}"
            )
        if self._handler is None:
            raise ImproperlyConfigured(
                f"no installed app handles the command {self.name!r}: the app that registers its handler in "
                "AppConfig.ready() is missing from INSTALLED_APPS"
            )
        result = self._handler(payload)
        if not isinstance(result, self.result):
            raise TypeError(
                f"the handler of {self.name!r} ({self._dispatch_uid}) answered with type "
                f"{type(result).__name__}, not {self.result.__name__}"
            )
        return result


def ask(command: Command, payload):
    """Have the one app that handles `command` do it now, in the current transaction; returns its result."""
    return command._answer(payload)


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


# --- A finding opened for another channel (that channel → supervision) ----------------------------------------


@dataclass(frozen=True)
class FindingOpenRequest:
    """What a channel (e.g. "feedback") asks supervision to take on: a problem the responsible unit must put right,
    recorded by `by` on an inspection of the channel's kind in `region`'s jurisdiction. The finding names the
    channel's own record by `source_ref` (e.g. a tracking code) and links to its page `source_url` (a path of this
    site); supervision later tells the finding's outcome through `finding_outcome` with the same source and ref."""

    source: str
    source_ref: str
    source_url: str
    by_id: int
    region_id: int
    unit_id: int
    # The inspection that records it, as the office's lists show it.
    title: str
    notes: str
    # The finding: what is wrong, what must be done, where, and within how many working days.
    description: str
    requirement: str
    place: str = ""
    due_workdays: int = 10
    # One of supervision's severities (minor, major, serious).
    severity: str = "major"
    # What identifies the person who raised it (their name, their phone): kept out of the finding, which is read by
    # many and quoted in bulletins, as every identifier typed into the description is.
    personal: tuple[str, ...] = ()


@dataclass(frozen=True)
class FindingOpened:
    """The finding supervision opened: its number (what the channel keeps), its name and its page."""

    finding_id: int
    reference: str
    url: str

    def get_absolute_url(self) -> str:
        return self.url


# Asked by a channel escalating one of its records into supervision (feedback's item_escalate); handled by
# supervision (services.finding_open_from_source, registered in its AppConfig.ready()).
finding_open = Command("finding_open", payload=FindingOpenRequest, result=FindingOpened)


# --- A follow-up task from a leading-group decision (the cockpit → the target system) ---------------------------


@dataclass(frozen=True)
class FollowUpTaskRequest:
    """A decision of a leading-group meeting to follow up (the cockpit's snapshot): a task of the jurisdiction's work
    plan for the year, led by `lead_unit_id`, due `due_date`, created by `by_id`. `source_url` is the decision's page,
    written into the task's description so that the task says where it comes from."""

    by_id: int
    region_id: int
    year: int
    lead_unit_id: int
    title: str
    description: str
    due_date: date
    source_ref: str
    source_url: str


@dataclass(frozen=True)
class FollowUpTaskOpened:
    task_id: int
    reference: str
    url: str

    def get_absolute_url(self) -> str:
        return self.url


# Asked by the cockpit when the office turns a meeting's decision into a task; handled by the targets app
# (targets.follow_ups.task_open_from_decision, registered in its AppConfig.ready()).
follow_up_task_open = Command("follow_up_task_open", payload=FollowUpTaskRequest, result=FollowUpTaskOpened)
