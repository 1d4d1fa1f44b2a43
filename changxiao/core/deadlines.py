"""Deadlines for the whole platform: working days, due dates and deadline status.

Every deadline (tasks, rectifications, feedback SLAs, certificates) is computed here so that the
whole platform agrees on what a "working day" (工作日) is.

Working days follow the official Chinese calendar, including holidays and make-up workdays
(调休上班), as published by the State Council and maintained in the ``chinese_calendar`` library.
Rows of ``CalendarDay`` in the database always win over the library: the office records a newly
announced year there until the library is upgraded.

Fallback: for a year the library does not cover, a day without a ``CalendarDay`` row is a working
day exactly when it is Monday to Friday. ``calendar_known(year)`` tells whether a year has real data,
so the interface can warn that deadlines in that year ignore holidays.

Counting convention: ``workdays_between(start, end)`` counts the working days d with
start < d <= end. ``add_workdays`` is its exact inverse, so a non-working start day counts as part of
the working day before it. Going back one working day from Saturday therefore gives Thursday, just
as going forward one working day from Saturday gives Monday (the same as from Friday).
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timedelta
from functools import lru_cache

import chinese_calendar
from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = [
    "STATUS_COLOURS",
    "DeadlineStatus",
    "add_workdays",
    "calendar_known",
    "clear_calendar_cache",
    "deadline_status",
    "is_workday",
    "local_today",
    "status_colour",
    "workdays_between",
    "workdays_overdue",
]

_VERSION_KEY = "changxiao:deadlines:calendar-version"
_OVERRIDES_KEY = "changxiao:deadlines:calendar:{version}:{year}"
# Bounds how stale a per-process cache (LocMem) can be when the admin clears another process's cache.
_OVERRIDES_TIMEOUT = 60 * 60

# Sanity limits: no real calendar has a year without working days or deadlines decades away, so hitting
# one of these means bad data (e.g. a mistyped year), not a legitimate request.
_MAX_WORKDAYS = 10_000
_MAX_DAYS_OFF_IN_A_ROW = 366
_MAX_SPAN_DAYS = 100 * 366

_ONE_DAY = timedelta(days=1)


# --- Calendar -------------------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _library_is_workday(day: date) -> bool | None:
    """The library's answer for ``day``, or None when it has no data for that year."""
    # The library's data is fixed for the life of the process, and each of its calls scans all holidays.
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


@lru_cache(maxsize=512)
def _library_covers(year: int) -> bool:
    return _library_is_workday(date(year, 1, 1)) is not None


def _calendar_version() -> int:
    version = cache.get(_VERSION_KEY)
    if version is None:
        # A time-based start cannot collide with the keys of a version that was evicted from the cache.
        cache.add(_VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(_VERSION_KEY)
    return version if version is not None else 0


def _bump_version() -> None:
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, time.time_ns(), timeout=None)


def clear_calendar_cache() -> None:
    """Forget the cached database overrides, e.g. after CalendarDay rows were edited in the admin."""
    _bump_version()
    # Until the edit commits, another process may cache the old rows under the new version; bumping
    # again on commit throws those away. Outside a transaction this runs at once, which is harmless.
    transaction.on_commit(_bump_version)


class _Calendar:
    """Answers is-this-a-working-day, remembering each year's overrides for the length of one call.

    One public call may look at thousands of days; this keeps it to one cache read per year.
    """

    def __init__(self) -> None:
        self._version: int | None = None
        self._years: dict[int, dict[date, bool]] = {}

    def overrides(self, year: int) -> dict[date, bool]:
        if year not in self._years:
            if self._version is None:
                self._version = _calendar_version()
            key = _OVERRIDES_KEY.format(version=self._version, year=year)
            overrides = cache.get(key)
            if overrides is None:
                from .models import CalendarDay

                in_year = CalendarDay.objects.filter(date__range=(date(year, 1, 1), date(year, 12, 31)))
                overrides = dict(in_year.values_list("date", "is_workday"))
                cache.set(key, overrides, _OVERRIDES_TIMEOUT)
            self._years[year] = overrides
        return self._years[year]

    def is_workday(self, day: date) -> bool:
        override = self.overrides(day.year).get(day)
        if override is not None:
            return override
        official = _library_is_workday(day)
        if official is not None:
            return official
        return day.weekday() < 5


def _as_date(value: date) -> date:
    # A datetime is a date subclass; an aware one must be read in the project's time zone, where a
    # late-evening UTC timestamp is already the next day.
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


# The day a demonstration loader replays (core.demo): the rules then judge a record as of the day it was made.
_replayed_day: ContextVar[date | None] = ContextVar("replayed_day", default=None)


def local_today() -> date:
    """Today in the project's time zone (Asia/Shanghai), not the server's."""
    return _replayed_day.get() or timezone.localdate()


@contextmanager
def replaying(day: date):
    """Run the services as on `day`: the demo data replays a year of records through the same rules a person meets
    (a deadline set in January lay ahead in January)."""
    token = _replayed_day.set(day)
    try:
        yield
    finally:
        _replayed_day.reset(token)


def is_workday(day: date) -> bool:
    """Whether ``day`` is a working day: database override, else the official calendar, else Mon–Fri."""
    return _Calendar().is_workday(_as_date(day))


def calendar_known(year: int) -> bool:
    """Whether working days in ``year`` come from real data (the library or a database override)."""
    return _library_covers(year) or bool(_Calendar().overrides(year))


def add_workdays(start: date, n: int) -> date:
    """The date ``n`` working days after ``start`` (start not counted); negative ``n`` goes back.

    ``n == 0`` returns ``start`` unchanged; otherwise the result is always a working day and
    ``workdays_between(start, result) == n``.
    """
    start = _as_date(start)
    if abs(n) > _MAX_WORKDAYS:
        raise ValueError(f"add_workdays: n={n} is beyond the sanity limit of {_MAX_WORKDAYS} working days")
    if n == 0:
        return start
    calendar = _Calendar()
    step = _ONE_DAY if n > 0 else -_ONE_DAY
    remaining = abs(n)
    if n < 0 and not calendar.is_workday(start):
        # A non-working start belongs to the working day before it, which is therefore not a step back.
        remaining += 1
    day = start
    days_off = 0
    while True:
        day += step
        if calendar.is_workday(day):
            remaining -= 1
            if remaining == 0:
                return day
            days_off = 0
        else:
            days_off += 1
            if days_off > _MAX_DAYS_OFF_IN_A_ROW:
                raise ValueError(
                    f"add_workdays: more than {_MAX_DAYS_OFF_IN_A_ROW} non-working days in a row around {day}"
                    " (check the calendar adjustments)"
                )


def workdays_between(start: date, end: date) -> int:
    """Number of working days d with start < d <= end; negative when ``end`` is before ``start``."""
    start, end = _as_date(start), _as_date(end)
    if end < start:
        return -workdays_between(end, start)
    span = (end - start).days
    if span > _MAX_SPAN_DAYS:
        raise ValueError(f"workdays_between: {start}..{end} spans more than {_MAX_SPAN_DAYS} days")
    calendar = _Calendar()
    return sum(1 for offset in range(1, span + 1) if calendar.is_workday(start + timedelta(days=offset)))


# --- Status ---------------------------------------------------------------------------------------


class DeadlineStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    DONE = "done", _("Done on time")
    DONE_LATE = "done_late", _("Done late")


STATUS_COLOURS: dict[DeadlineStatus, str] = {
    DeadlineStatus.ON_TRACK: "green",
    DeadlineStatus.DONE: "green",
    DeadlineStatus.DUE_SOON: "yellow",
    DeadlineStatus.DONE_LATE: "yellow",
    DeadlineStatus.OVERDUE: "red",
}


def status_colour(status: DeadlineStatus | str) -> str:
    """The traffic-light colour (green, yellow, red) of a deadline status or its stored value."""
    return STATUS_COLOURS[DeadlineStatus(status)]


def deadline_status(
    due: date | None,
    *,
    done_on: date | datetime | None = None,
    today: date | None = None,
    due_soon_workdays: int | None = None,
) -> DeadlineStatus | None:
    """The status of a deadline ``due``, done on ``done_on`` (if done), as seen on ``today``.

    None when there is no due date. Not yet done: overdue from the calendar day after ``due``; due soon
    when at most ``due_soon_workdays`` working days remain (default ``settings.DEADLINE_DUE_SOON_WORKDAYS``).
    """
    if due is None:
        return None
    due = _as_date(due)
    if done_on is not None:
        return DeadlineStatus.DONE if _as_date(done_on) <= due else DeadlineStatus.DONE_LATE
    today = local_today() if today is None else _as_date(today)
    if today > due:
        return DeadlineStatus.OVERDUE
    if due_soon_workdays is None:
        due_soon_workdays = getattr(settings, "DEADLINE_DUE_SOON_WORKDAYS", 3)
    if due_soon_workdays < 0:
        return DeadlineStatus.ON_TRACK
    # Same as workdays_between(today, due) <= due_soon_workdays, but looks only a few days ahead instead
    # of counting up to a due date that may be years away, for every row of a list.
    if due < add_workdays(today, due_soon_workdays + 1):
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.ON_TRACK


def workdays_overdue(due: date, *, today: date | None = None) -> int:
    """Working days past ``due`` (0 when not overdue, also when only non-working days have passed)."""
    due = _as_date(due)
    today = local_today() if today is None else _as_date(today)
    if today <= due:
        return 0
    return workdays_between(due, today)


# --- The calendar as the office sees it -------------------------------------------------------------------


def library_covers(year: int) -> bool:
    """Whether the installed calendar library knows the official holidays of ``year``."""
    return _library_covers(year)


def official_days(year: int) -> list[tuple[date, bool, str]]:
    """The library's holidays and make-up working days of ``year``: (date, is a working day, festival)."""
    names = {holiday.value: holiday.chinese for holiday in chinese_calendar.Holiday}
    days = [
        (day, False, names.get(name, name))
        for day, name in chinese_calendar.holidays.items()
        if day.year == year
    ]
    days += [
        (day, True, names.get(name, name))
        for day, name in chinese_calendar.workdays.items()
        if day.year == year
    ]
    return sorted(days)


# Who keeps the working-day calendar. Core knows no roles: it asks Django's authorization API, which orgs answers
# from the roles' capabilities (orgs.backends.CapabilityBackend, in AUTHENTICATION_BACKENDS).
CALENDAR_PERMISSION = "core.change_calendarday"


def can_keep_calendar(user) -> bool:
    """Whether the person may record the official calendar's days: its pages, services and to-do ask this."""
    return user.has_perm(CALENDAR_PERMISSION)


def require_calendar_manager(by) -> None:
    """The calendar's pages and services are the office's (CALENDAR_PERMISSION)."""
    from .permissions import require

    require(can_keep_calendar(by))


def calendar_day_save(*, by, date: date, is_workday: bool, name: str = ""):
    """Record (or correct) one day of a newly announced official calendar; it wins over the library. Every deadline
    of the platform counts on it: the leading-group office keeps it (the audit log records who changed what)."""
    from .models import CalendarDay

    require_calendar_manager(by)
    day, _created = CalendarDay.objects.update_or_create(
        date=date, defaults={"is_workday": is_workday, "name": name}
    )
    clear_calendar_cache()
    return day


def calendar_day_delete(*, day, by) -> None:
    require_calendar_manager(by)
    day.delete()
    clear_calendar_cache()
