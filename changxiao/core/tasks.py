"""Background work on a queue engine: Django's Tasks API (the django-tasks backport of Django 6's django.tasks).

`enqueue(func, *args)` is the one way to hand work to the background. It queues, once the caller's transaction commits,
one task that calls the module-level function `func` with JSON arguments (primary keys, never model instances) in a
worker process (`manage.py db_worker`, started beside the web server by `make run`; a systemd unit in production).

- The engine (settings.TASKS) is the database backend of django-tasks: the queue is a table of the platform's own
  database, so a queued task survives a crash of the web process and needs no other server (SQLite or PostgreSQL).
  TASK_BACKEND="immediate" runs each task in the caller once the transaction commits (the tests). A Redis-backed
  engine replaces it by configuration (docs/architecture.md, "Background work").
- A task that raises is retried (TASK_MAX_ATTEMPTS in all, waiting TASK_RETRY_SECONDS × attempt); each attempt is a row
  the office sees on the background-work page (core:tasks) with its reason. A task whose worker died (killed, machine
  lost) stays "running" until the sweep's tasks.recover step marks it failed and queues its next attempt.
- A task may therefore run more than once, and must have its effect once: each function claims its row with a
  conditional UPDATE (exports: PENDING → RUNNING; notifications: a lease on each unsent copy) before doing anything,
  so a second run finds nothing to do. `final_attempt()` tells a function whether a failure will be tried again.
"""

import contextvars
import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

try:  # Django 6 has the API itself; the backport keeps the same names.
    from django.tasks import TaskContext, task, task_backends  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - Django 5.2
    from django_tasks import TaskContext, task, task_backends

logger = logging.getLogger(__name__)

# What the office reads for a task on the background-work page: registered with `background_label`.
_LABELS: dict[str, str] = {}
# (attempt, final) of the task running in this context; (1, True) outside a task (a direct call, the sweep).
_ATTEMPT: contextvars.ContextVar[tuple[int, bool]] = contextvars.ContextVar("task_attempt", default=(1, True))


def target_path(func: Callable) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def background_label(label) -> Callable[[Callable], Callable]:
    """Name a background function for the office (a lazy translation), e.g. @background_label(_("Excel export"))."""

    def decorator(func: Callable) -> Callable:
        _LABELS[target_path(func)] = label
        return func

    return decorator


def label_of(target: str) -> str:
    label = _LABELS.get(target)
    return str(label) if label is not None else target.rsplit(".", 1)[-1]


def current_attempt() -> int:
    return _ATTEMPT.get()[0]


def final_attempt() -> bool:
    """Whether a failure now is final: outside a task, or on its last attempt."""
    return _ATTEMPT.get()[1]


def _backend_alias() -> str:
    return "immediate" if settings.TASK_BACKEND == "immediate" else "default"


def _resolve(target: str) -> Callable:
    # Only the platform's own functions are ever called, whatever a row of the queue says.
    if not target.startswith("changxiao."):
        raise ValueError(f"not a function of the platform: {target}")
    return import_string(target)


def _queue(target: str, args: list, *, attempt: int = 1, retry_of: str = "") -> None:
    alias = _backend_alias()
    runner = call_in_background.using(backend=alias)
    if attempt > 1 and task_backends[alias].supports_defer:
        runner = runner.using(
            run_after=timezone.now() + timedelta(seconds=settings.TASK_RETRY_SECONDS * (attempt - 1))
        )
    runner.enqueue(target, list(args), attempt=attempt, retry_of=retry_of)


@task(takes_context=True)
def call_in_background(
    context: TaskContext, target: str, args: list, attempt: int = 1, retry_of: str = ""
) -> None:
    """The one task of the platform: call `target(*args)`, and queue its next attempt if it raises."""
    func = _resolve(target)
    token = _ATTEMPT.set((attempt, attempt >= settings.TASK_MAX_ATTEMPTS))
    try:
        func(*args)
    except Exception:
        if attempt < settings.TASK_MAX_ATTEMPTS:
            logger.warning("background task %s failed (attempt %d), retrying", target, attempt, exc_info=True)
            _queue(target, args, attempt=attempt + 1, retry_of=str(context.task_result.id))
        else:
            logger.exception("background task %s failed for good after %d attempts", target, attempt)
        raise
    finally:
        _ATTEMPT.reset(token)


def enqueue(func: Callable, *args) -> None:
    """Run `func(*args)` in the background once the current transaction commits (at once outside one)."""
    target = target_path(func)
    _resolve(target)  # refuse at once, in the caller, what a worker would refuse
    transaction.on_commit(lambda: _queue(target, list(args)))


def task_results():
    """The platform's tasks in the database queue (every one goes through call_in_background)."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=call_in_background.module_path)


def is_queued(func: Callable, *args) -> bool:
    """Whether a call of func(*args) is waiting or running in the queue (the sweep asks before queueing it again)."""
    if _backend_alias() != "default":
        return False
    target, wanted = target_path(func), normalize_args(args)
    active = (
        task_results()
        .filter(status__in=("READY", "RUNNING"), args_kwargs__args__0=target)
        .values_list("args_kwargs", flat=True)
    )
    return any(row["args"][:2] == [target, wanted] for row in active.iterator())


def normalize_args(args) -> list:
    from django_tasks.utils import normalize_json

    return normalize_json(list(args))


class WorkerLost(Exception):
    """What the background-work page says of a task whose worker stopped without finishing it."""


def recover_lost() -> int:
    """Tasks left running longer than TASK_LOST_AFTER_MINUTES lost their worker (killed, machine gone): each is marked
    failed with that reason, by a conditional UPDATE (one sweep does it once), and its next attempt queued."""
    from traceback import format_exception_only

    cutoff = timezone.now() - timedelta(minutes=settings.TASK_LOST_AFTER_MINUTES)
    reason = "".join(
        format_exception_only(WorkerLost(f"no result after {settings.TASK_LOST_AFTER_MINUTES} minutes"))
    )
    recovered = 0
    for pk, args_kwargs in (
        task_results().filter(status="RUNNING", started_at__lt=cutoff).values_list("pk", "args_kwargs")
    ):
        marked = (
            task_results()
            .filter(pk=pk, status="RUNNING")
            .update(
                status="FAILED",
                finished_at=timezone.now(),
                exception_class_path=target_path(WorkerLost),
                traceback=reason,
            )
        )
        if not marked:
            continue
        recovered += 1
        target, args = args_kwargs["args"][:2]
        attempt = args_kwargs["kwargs"].get("attempt", 1)
        if attempt < settings.TASK_MAX_ATTEMPTS:
            _queue(target, args, attempt=attempt + 1, retry_of=str(pk))
    return recovered


def prune_finished() -> int:
    """Finished tasks are kept TASK_RESULT_RETENTION_DAYS for the office to read, then deleted."""
    cutoff = timezone.now() - timedelta(days=settings.TASK_RESULT_RETENTION_DAYS)
    deleted, _ = task_results().filter(status__in=("SUCCESSFUL", "FAILED"), finished_at__lt=cutoff).delete()
    return deleted


# The office reads the background-work page (core:tasks); orgs.backends grants this to the leading-group office.
TASKS_PERMISSION = "django_tasks_database.view_dbtaskresult"


def can_see_tasks(user) -> bool:
    return user.has_perm(TASKS_PERMISSION)


def task_rows(results) -> list[dict]:
    """What the background-work page shows of each task: its name, arguments, attempt, state and reason."""
    ids = [str(result.pk) for result in results]
    retried = set(
        task_results()
        .filter(args_kwargs__kwargs__retry_of__in=ids)
        .values_list("args_kwargs__kwargs__retry_of", flat=True)
    )
    rows = []
    for result in results:
        target, args = (result.args_kwargs.get("args") or ["", []])[:2]
        kwargs = result.args_kwargs.get("kwargs") or {}
        lines = [line for line in (result.traceback or "").splitlines() if line.strip()]
        rows.append(
            {
                "id": str(result.pk),
                "label": label_of(target),
                "arguments": ", ".join(_argument(arg) for arg in args),
                "attempt": kwargs.get("attempt", 1),
                "status": result.status,
                "enqueued_at": result.enqueued_at,
                "started_at": result.started_at,
                "finished_at": result.finished_at,
                "run_after": result.run_after
                if result.status == "READY" and result.run_after.year < 9999
                else None,
                "reason": lines[-1][:500] if lines else "",
                "retried": str(result.pk) in retried,
                "retry_of": kwargs.get("retry_of", ""),
            }
        )
    return rows


def _argument(value) -> str:
    """A task's argument as the office reads it: record numbers as #12, lists of them as #11, #12, #13."""
    if isinstance(value, list):
        return ", ".join(_argument(item) for item in value)
    return f"#{value}" if isinstance(value, int) else str(value)


def queue_summary() -> dict:
    """How many tasks wait, run, failed and succeeded, and how long the oldest ready one has waited."""
    from django.db.models import Count, Min, Q
    from django_tasks_db.models import get_date_max

    now = timezone.now()
    due = Q(status="READY") & (Q(run_after__lte=now) | Q(run_after=get_date_max()))
    figures = task_results().aggregate(
        ready=Count("pk", filter=Q(status="READY")),
        running=Count("pk", filter=Q(status="RUNNING")),
        failed=Count("pk", filter=Q(status="FAILED")),
        successful=Count("pk", filter=Q(status="SUCCESSFUL")),
        oldest_ready=Min("enqueued_at", filter=due),
    )
    oldest = figures.pop("oldest_ready")
    figures["waiting_minutes"] = int((now - oldest).total_seconds() // 60) if oldest else 0
    return figures
