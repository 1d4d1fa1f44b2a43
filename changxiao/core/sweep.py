"""The periodic sweep: idempotent steps registered by each app, run by `manage.py sweep`.

`manage.py sweep` runs the steps in its own process; `manage.py sweep --enqueue` (what `make run` and the production
timer do) only queues each step as a background task (core.tasks), so the tallies, reminders and escalations run in
the workers with their retries and are seen on the background-work page. A step still queued or running from an
earlier sweep is not queued again.
"""

import fcntl
import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.utils.translation import gettext_lazy as _

from . import tasks

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SweepStep:
    name: str
    func: Callable[[], int]
    order: int
    # Run by the scheduler itself even with --enqueue: the steps that watch the queue cannot wait in it.
    inline: bool = False


_STEPS: dict[str, SweepStep] = {}

# Rows a step handles in one transaction (their claims, timeline events and notifications written together): a
# province's first pass has hundreds of thousands, and one transaction a row cost a few milliseconds each.
SWEEP_BATCH = 500


def in_batches(rows: Iterable, size: int = SWEEP_BATCH) -> Iterator[list]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def sweep_step(name: str, order: int = 100, inline: bool = False):
    """Register a step. It must be safe to run any number of times and return how many rows it handled."""

    def decorator(func: Callable[[], int]) -> Callable[[], int]:
        _STEPS[name] = SweepStep(name=name, func=func, order=order, inline=inline)
        return func

    return decorator


def registered_steps() -> list[SweepStep]:
    return sorted(_STEPS.values(), key=lambda s: (s.order, s.name))


def run_sweep(only: list[str] | None = None) -> dict[str, int | str]:
    """Run every step; one failing step is logged and does not stop the others."""
    results: dict[str, int | str] = {}
    for step in registered_steps():
        if only and step.name not in only:
            continue
        started = time.monotonic()
        try:
            results[step.name] = step.func()
        except Exception as exc:  # keep the other steps running; the error is logged with its trace
            logger.exception("sweep step %s failed", step.name)
            results[step.name] = f"error: {exc}"
        logger.debug("sweep step %s took %.3fs", step.name, time.monotonic() - started)
    return results


@tasks.background_label(_("Periodic sweep step"))
def run_sweep_step(name: str) -> int | str:
    """One step of the sweep, in a worker. A failure is raised, so the task is retried and its reason shown."""
    step = _STEPS[name]
    return step.func()


def enqueue_sweep(only: list[str] | None = None) -> dict[str, int | str]:
    """Queue every step not already waiting or running; {name: "queued" | "already queued"}. The inline steps run
    here, as run_sweep runs them."""
    results: dict[str, int | str] = {}
    for step in registered_steps():
        if only and step.name not in only:
            continue
        if step.inline:
            results.update(run_sweep(only=[step.name]))
            continue
        if tasks.is_queued(run_sweep_step, step.name):
            results[step.name] = "already queued"
            continue
        tasks.enqueue(run_sweep_step, step.name)
        results[step.name] = "queued"
    return results


@contextmanager
def only_one(name: str) -> Iterator[bool]:
    """Yield whether this process holds the lock `name` for the block: at most one holder at a time, whichever host
    it runs on. PostgreSQL: a session advisory lock on a connection of its own, released when the block ends or
    the process dies (its session with it). SQLite (one host by nature): an flock on a file in DATA_DIR, released
    the same way."""
    if connection.vendor == "postgresql":
        key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
        own = connections.create_connection("default")
        try:
            with own.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
                held = cursor.fetchone()[0]
            yield held
        finally:
            own.close()
        return
    directory = Path(settings.DATA_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / f"{name}.lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
