"""Opening hours as a resident meets them: which rows apply on a day (a season's over the regular week, the holiday
rows on public holidays of the working-day calendar, nothing on a day of closure), whether a facility is open at a
moment, its hours in a week — and the opening rules checked against them. Pure logic over rows already read, so a
list of facilities costs one query for all their schedules."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import chinese_calendar
from django.utils import timezone
from django.utils.translation import gettext as _

from changxiao.core.deadlines import is_workday

from .choices import RuleKind, ScheduleKind

# --- The calendar ------------------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _named_holiday(day: date) -> bool:
    try:
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
    # chinese_calendar knows only the years it ships: outside them no named holiday is known.
    except NotImplementedError:
        return False
    return bool(on_holiday and name)


def is_public_holiday(day: date) -> bool:
    """A statutory holiday (法定节假日) of the working-day calendar: a day off that is not a plain weekend — a weekday
    given off, or a weekend day inside a named holiday. A make-up working Saturday (调休上班) is not one."""
    if is_workday(day):
        return False
    return day.weekday() < 5 or _named_holiday(day)


# --- Which rows apply on a day ---------------------------------------------------------------------------------


def _valid_on(row, day: date) -> bool:
    return (row.valid_from is None or row.valid_from <= day) and (row.valid_to is None or day <= row.valid_to)


# The kinds as plain strings, and _valid_on written out in _week_rows: a city's weeks of hours test 200,000 rows (an
# enum member is looked up on its class each time, a call costs more than the test).
_HOLIDAY, _SEASONAL, _REGULAR = (
    ScheduleKind.HOLIDAY.value,
    ScheduleKind.SEASONAL.value,
    ScheduleKind.REGULAR.value,
)


def _week_rows(rows: Iterable, day: date) -> list:
    """The week's rows valid on the day: a season's, if one is valid then, else the regular week's."""
    valid = [
        r
        for r in rows
        if r.kind != _HOLIDAY
        and (r.valid_from is None or r.valid_from <= day)
        and (r.valid_to is None or day <= r.valid_to)
    ]
    seasonal = [r for r in valid if r.kind == _SEASONAL]
    return seasonal or [r for r in valid if r.kind == _REGULAR]


def _day_rows(rows: Iterable, day: date) -> list:
    """The week's rows (_week_rows) that fall on the day's weekday: the day's hours, holidays and closures aside."""
    weekday = day.isoweekday()
    return [r for r in _week_rows(rows, day) if r.weekday == weekday]


def intervals_on(rows: Iterable, day: date, *, closures: Iterable = (), holiday: bool | None = None) -> list:
    """(opens, closes) of the day, in order. On a public holiday only the holiday rows count (none: closed); a closure
    covering the day closes it whatever the rows say."""
    rows = list(rows)
    if any(c.starts_on <= day <= c.ends_on and c.kind == "closure" for c in closures):
        return []
    if holiday is None:
        holiday = is_public_holiday(day)
    weekday = day.isoweekday()
    if holiday:
        chosen = [
            r
            for r in rows
            if r.kind == ScheduleKind.HOLIDAY and _valid_on(r, day) and r.weekday in (None, weekday)
        ]
    else:
        chosen = _day_rows(rows, day)
    return sorted((r.opens, r.closes) for r in chosen)


def is_open_at(rows: Iterable, moment: datetime, *, closures: Iterable = ()) -> bool:
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    now = local.time()
    return any(opens <= now < closes for opens, closes in intervals_on(rows, local.date(), closures=closures))


def open_on(rows: Iterable, day: date, *, closures: Iterable = ()) -> bool:
    return bool(intervals_on(rows, day, closures=closures))


def _hours(opens: time, closes: time) -> float:
    return max((closes.hour * 60 + closes.minute) - (opens.hour * 60 + opens.minute), 0) / 60


def weekly_hours(rows: Iterable, day: date) -> float:
    """The hours of the week (Monday to Sunday) containing the day, as the regular or seasonal rows give them —
    holidays and closures aside: the figure the weekly minimum is checked against."""
    rows = list(rows)
    monday = day - timedelta(days=day.weekday())
    total = 0.0
    for offset in range(7):
        total += sum(_hours(r.opens, r.closes) for r in _day_rows(rows, monday + timedelta(days=offset)))
    return round(total, 1)


def week_table(rows: Iterable, day: date) -> list[tuple[int, list]]:
    """(ISO weekday, intervals) of the week containing the day, holidays aside: the table a facility's page shows."""
    rows = list(rows)
    monday = day - timedelta(days=day.weekday())
    return [
        (offset + 1, intervals_on(rows, monday + timedelta(days=offset), holiday=False))
        for offset in range(7)
    ]


def next_day_of_week(today: date, isoweekday: int) -> date:
    """The next day (today included) that falls on the ISO weekday: 'this Sunday'."""
    return today + timedelta(days=(isoweekday - today.isoweekday()) % 7)


# --- Rules --------------------------------------------------------------------------------------------------------


def rules_for(facility, rules: Iterable) -> dict[str, object]:
    """The rule of each kind that applies to the facility: among the rules applying in its region (already filtered
    by owner), those of its kind or of all kinds and of its level or all levels; the most specific wins, then the
    nearest owner (a city's over the platform's)."""
    best: dict[str, tuple[tuple, object]] = {}
    for rule in rules:
        if rule.facility_kind and rule.facility_kind != facility.kind:
            continue
        if rule.level and rule.level != facility.level:
            continue
        depth = rule.owner.path.count("/") if rule.owner_id else 0
        rank = (bool(rule.facility_kind), bool(rule.level), depth)
        if rule.rule not in best or rank > best[rule.rule][0]:
            best[rule.rule] = (rank, rule)
    return {kind: rule for kind, (_rank, rule) in best.items()}


@dataclass(frozen=True)
class Breach:
    rule: object
    detail: str
    closure: object = None

    @property
    def key(self) -> tuple[int, int | None]:
        return (self.rule.pk, getattr(self.closure, "pk", None))


# Closures checked for their notice: those still to come or running, and those ended within this many days.
NOTICE_LOOKBACK_DAYS = 30


def breaches(facility, rows: Iterable, closures: Iterable, rules: dict, today: date) -> list[Breach]:
    """What the facility does against its rules today."""
    rows = [r for r in rows if not r.is_cancelled]
    closures = [c for c in closures if not c.is_cancelled]
    found: list[Breach] = []
    week = [r for r in rows if r.kind != ScheduleKind.HOLIDAY and _valid_on(r, today)]
    rule = rules.get(RuleKind.HOURS_PUBLISHED)
    if rule and not week:
        found.append(Breach(rule, _("No opening hours are published for this week.")))
    rule = rules.get(RuleKind.WEEKLY_MINIMUM)
    if rule and rule.value and week:
        hours = weekly_hours(rows, today)
        if hours < rule.value:
            found.append(
                Breach(
                    rule,
                    _("Open %(hours)s hours a week; at least %(minimum)s are required.")
                    % {"hours": f"{hours:g}", "minimum": rule.value},
                )
            )
    rule = rules.get(RuleKind.WEEKENDS)
    if rule and week:
        table = dict(week_table(rows, today))
        if not (table[6] or table[7]):
            found.append(Breach(rule, _("Closed on Saturday and Sunday.")))
    rule = rules.get(RuleKind.HOLIDAYS)
    if rule and not any(
        r.kind == ScheduleKind.HOLIDAY and (r.valid_to is None or r.valid_to >= today) for r in rows
    ):
        found.append(Breach(rule, _("No hours are published for public holidays.")))
    rule = rules.get(RuleKind.PUPILS_DAY)
    if rule and facility.charges_fees and not facility.pupils_free_day.strip():
        found.append(Breach(rule, _("Fees are charged but no free day for pupils is set.")))
    rule = rules.get(RuleKind.NOTICE)
    if rule and rule.value is not None:
        for closure in closures:
            if closure.ends_on < today - timedelta(days=NOTICE_LOOKBACK_DAYS):
                continue
            if closure.notice_days < rule.value and not closure.emergency_reason.strip():
                found.append(
                    Breach(
                        rule,
                        _("Closure from %(start)s announced %(days)s days ahead; %(required)s are required.")
                        % {
                            "start": closure.starts_on.isoformat(),
                            "days": closure.notice_days,
                            "required": rule.value,
                        },
                        closure,
                    )
                )
    return found
