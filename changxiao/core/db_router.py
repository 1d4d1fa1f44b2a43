"""Read scaling with a PostgreSQL streaming replica (issue 26): the pages marked @replica_reads may read from the
`replica` database alias; everything else reads and writes the primary (`default`).

Enabled when DATABASE_REPLICA_URL is set (settings adds the alias and this router). The rules, in order:

- Only a GET of a view marked with @replica_reads (the cockpit, the metrics page, the main list pages) is a
  candidate; every other view, command, sweep step and background task reads the primary.
- Staleness is bounded: the replica's lag is measured (replica_lag, kept REPLICA_LAG_CHECK_SECONDS in each process);
  above REPLICA_MAX_LAG_SECONDS, or when it cannot be measured (the replica is down), the page reads the primary.
  A page that read from the replica says so: "data as of HH:MM:SS" (the {% data_as_of %} tag in base.html), a time
  the data is at least as fresh as.
- Read-your-writes: a browser that wrote reads the primary for REPLICA_MAX_LAG_SECONDS + REPLICA_LAG_CHECK_SECONDS
  (a cookie set on the writing response). That is the longest a write can take to show on a replica allowed to serve:
  a lag measured at most CHECK seconds ago was at most MAX, so the replica holds every commit older than MAX + CHECK.
  A cookie works across application hosts without shared state; another device of the same person is not pinned and
  sees the page at most that old, with the time shown.
- Within one request, a read after a write, or inside a transaction, goes to the primary.
- Some tables are always read on the primary: sessions, sign-in lock-outs, the task queue, the audit log and the
  organisation (`orgs`: people, units, roles — who may see what is decided on fresh data, so a withdrawn role is
  withdrawn at once). Writes to them do not pin the browser (signing in is not a write the pages show).
- A replica that fails during a page (stopped, unreachable) is taken as lagging for the check period and the page is
  served again from the primary: the person sees no error.
"""

import contextlib
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import wraps

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections, router
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

REPLICA = "replica"
PIN_COOKIE = "cx_primary_until"
# Tables that are always read on the primary (app labels), whose writes do not pin a browser to it.
PRIMARY_ONLY_APPS = frozenset(
    {"sessions", "axes", "auditlog", "admin", "contenttypes", "auth", "django_tasks_database", "orgs"}
)


@dataclass
class _Reads:
    """Where this request's reads go."""

    pinned: bool  # the browser wrote recently: everything from the primary
    replica: bool = False  # set by @replica_reads when the replica is fresh enough
    as_of: datetime | None = None
    wrote: bool = False
    served: int = 0  # queries sent to the replica


_current: ContextVar[_Reads | None] = ContextVar("replica_reads", default=None)


class ReplicaRouter:
    """DATABASE_ROUTERS entry: reads of marked pages to the replica, all else to the primary."""

    def db_for_read(self, model, **hints) -> str:
        state = _current.get()
        if state is None or not state.replica or state.wrote:
            return DEFAULT_DB_ALIAS
        if model._meta.app_label in PRIMARY_ONLY_APPS or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        state.served += 1
        return REPLICA

    def db_for_write(self, model, **hints) -> str:
        state = _current.get()
        if state is not None and model._meta.app_label not in PRIMARY_ONLY_APPS:
            state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}

    def allow_migrate(self, db, app_label, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS  # the replica is a copy of the primary's files: never migrated itself


def replica_enabled() -> bool:
    return REPLICA in connections.settings and any(isinstance(r, ReplicaRouter) for r in router.routers)


# --- the replica's lag ------------------------------------------------------------------------------------------


def replica_lag() -> float | None:
    """Seconds the replica is behind the primary; None when it cannot be told (the replica is down).

    PostgreSQL: the primary's WAL position is read first; a replica that has replayed up to it is not behind (0, even
    when the primary has been idle for hours — unlike now() - pg_last_xact_replay_timestamp() alone); otherwise the
    time since the last transaction it replayed. A server not in recovery is the primary itself or a test mirror: 0.
    Another database (SQLite, a test mirror of the same file) is never behind: 0."""
    replica = connections[REPLICA]
    if replica.vendor != "postgresql":
        return 0.0
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            (position,) = cursor.fetchone()
        with replica.cursor() as cursor:
            cursor.execute(
                "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn() >= %s::pg_lsn,"
                " EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())",
                [position],
            )
            in_recovery, caught_up, behind = cursor.fetchone()
    except DatabaseError:
        _close_replica()
        return None
    if not in_recovery or caught_up:
        return 0.0
    return None if behind is None else max(0.0, float(behind))


@dataclass(frozen=True)
class ReplicaStatus:
    lag: float | None
    as_of: datetime | None  # the replica holds every commit up to this time

    @property
    def usable(self) -> bool:
        return self.lag is not None and self.lag <= settings.REPLICA_MAX_LAG_SECONDS


_status: dict = {}
_status_lock = threading.Lock()


def replica_status() -> ReplicaStatus:
    """The replica's lag, measured at most once every REPLICA_LAG_CHECK_SECONDS in this process."""
    now = time.monotonic()
    with _status_lock:
        kept = _status.get("status")
        if kept is not None and now - _status["at"] < settings.REPLICA_LAG_CHECK_SECONDS:
            return kept
    lag = replica_lag()
    as_of = None if lag is None else timezone.now() - timedelta(seconds=lag)
    status = ReplicaStatus(lag=lag, as_of=as_of)
    with _status_lock:
        _status.update(status=status, at=time.monotonic())
    return status


def replica_failed() -> None:
    """A query on the replica failed: read the primary until the next check."""
    with _status_lock:
        _status.update(status=ReplicaStatus(lag=None, as_of=None), at=time.monotonic())
    _close_replica()


def forget_replica_status() -> None:
    with _status_lock:
        _status.clear()


def _close_replica() -> None:
    with contextlib.suppress(DatabaseError):
        connections[REPLICA].close()


# --- requests ---------------------------------------------------------------------------------------------------


def pin_seconds() -> int:
    return settings.REPLICA_MAX_LAG_SECONDS + settings.REPLICA_LAG_CHECK_SECONDS


def _pinned(request: HttpRequest) -> bool:
    value = request.COOKIES.get(PIN_COOKIE, "")
    return value.isdecimal() and time.time() < int(value)


class ReplicaMiddleware:
    """Keeps where the request's reads go, and pins a signed-in browser that wrote to the primary for a while."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_enabled():
            return self.get_response(request)
        state = _Reads(pinned=_pinned(request))
        token = _current.set(state)
        try:
            response = self.get_response(request)
            user = getattr(request, "user", None)
            if state.wrote and user is not None and user.is_authenticated:
                response.set_cookie(
                    PIN_COOKIE,
                    str(int(time.time()) + pin_seconds()),
                    max_age=pin_seconds(),
                    httponly=True,
                    samesite="Lax",
                    secure=settings.SESSION_COOKIE_SECURE,
                )
        finally:
            _current.reset(token)
        return response


def replica_reads(view: Callable) -> Callable:
    """Marks a read-only page whose GET may read from the replica (module docstring); the marker is the view's
    `replica_reads` attribute."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        state = _current.get()
        if state is None or state.pinned or request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        status = replica_status()
        if not status.usable:
            return view(request, *args, **kwargs)
        state.replica, state.as_of = True, status.as_of
        try:
            return view(request, *args, **kwargs)
        except (OperationalError, InterfaceError):
            if state.wrote or not state.served:
                raise
            # The replica went away under the page (nothing was written yet): the page again, from the primary.
            replica_failed()
            state.replica, state.as_of, state.served = False, None, 0
            return view(request, *args, **kwargs)

    wrapped.replica_reads = True
    return wrapped


def served_as_of() -> datetime | None:
    """The time the replica's data on this page is at least as fresh as; None when the page read only the primary."""
    state = _current.get()
    if state is None or not state.served:
        return None
    return state.as_of
