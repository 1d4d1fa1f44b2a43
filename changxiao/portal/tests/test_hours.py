"""Opening hours as a resident meets them: a season over the regular week, the holiday rows on the public holidays of
the working-day calendar (a make-up working Saturday is an ordinary Saturday), a closure shuts the day; the weekly
hours the minimum is checked against."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from changxiao.core.deadlines import calendar_day_save
from changxiao.portal import hours
from changxiao.portal.services import hours_add
from changxiao.portal.tests.factories import FacilityFactory, week


@pytest.fixture
def library(world):
    return week(FacilityFactory(unit=world.venue_unit, region=world.gusu, by=world.office), by=world.office)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def test_open_now_follows_the_regular_week(library):
    rows = list(library.schedules.all())
    tuesday = date(2026, 3, 10)  # an ordinary working Tuesday
    assert hours.is_open_at(rows, _at(tuesday, 10))
    assert not hours.is_open_at(rows, _at(tuesday, 17))  # closes at 17:00
    assert not hours.is_open_at(rows, _at(date(2026, 3, 9), 10))  # closed on Mondays
    assert hours.weekly_hours(rows, tuesday) == 48


def test_a_public_holiday_uses_the_holiday_hours(library):
    """2026-10-01 (Thursday, 国庆节) is a day off: the regular Thursday 09–17 gives way to the holiday's 09–16."""
    rows = list(library.schedules.all())
    national_day = date(2026, 10, 1)
    assert hours.is_public_holiday(national_day)
    assert hours.intervals_on(rows, national_day) == [(time(9), time(16))]
    assert not hours.is_open_at(rows, _at(national_day, 16, 30))
    assert hours.is_open_at(rows, _at(date(2026, 10, 8), 16, 30))  # the next Thursday, a working day


def test_a_holiday_recorded_by_the_office_counts_too(world, library):
    """The office records a day off the calendar library does not know (core.deadlines): a facility without holiday
    hours is closed that day."""
    day = date(2026, 6, 3)  # a Wednesday
    calendar_day_save(by=world.office, date=day, is_workday=False, name="测试假日")
    assert hours.is_public_holiday(day)
    plain = FacilityFactory(unit=world.venue_unit, region=world.gusu, by=world.office)
    week(plain, by=world.office, holidays=False)
    assert hours.intervals_on(list(plain.schedules.all()), day) == []


def test_a_make_up_working_saturday_is_an_ordinary_saturday(library):
    """2026-02-28 is a Saturday worked in exchange for 春节 days (调休上班): not a holiday, the Saturday's hours."""
    saturday = date(2026, 2, 28)
    assert not hours.is_public_holiday(saturday)
    assert hours.intervals_on(list(library.schedules.all()), saturday) == [(time(9), time(17))]


def test_a_season_wins_over_the_regular_week_while_it_is_valid(world, library):
    hours_add(
        facility=library,
        by=world.office,
        kind="seasonal",
        weekdays=[2, 3, 4, 5, 6, 7],
        opens=time(8, 30),
        closes=time(20),
        valid_from=date(2026, 7, 1),
        valid_to=date(2026, 8, 31),
        note="暑期",
    )
    rows = list(library.schedules.all())
    assert hours.intervals_on(rows, date(2026, 7, 14)) == [(time(8, 30), time(20))]
    assert hours.intervals_on(rows, date(2026, 9, 15)) == [(time(9), time(17))]
    assert hours.weekly_hours(rows, date(2026, 7, 14)) == 69


def test_hours_that_close_before_they_open_are_refused(world, library):
    from django.core.exceptions import ValidationError

    count = library.schedules.count()
    with pytest.raises(ValidationError):
        hours_add(
            facility=library, by=world.office, kind="regular", weekdays=[1], opens=time(17), closes=time(9)
        )
    with pytest.raises(ValidationError):
        hours_add(
            facility=library, by=world.office, kind="regular", weekdays=[9], opens=time(9), closes=time(17)
        )
    assert library.schedules.count() == count
