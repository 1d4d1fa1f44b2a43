"""Deadlines against the official Chinese calendar (holidays and make-up workdays), 2019–2026."""

from datetime import UTC, date, datetime, timedelta

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from changxiao.core import deadlines
from changxiao.core.deadlines import (
    STATUS_COLOURS,
    DeadlineStatus,
    add_workdays,
    calendar_known,
    clear_calendar_cache,
    deadline_status,
    is_workday,
    local_today,
    status_colour,
    workdays_between,
    workdays_overdue,
)
from changxiao.core.models import CalendarDay

pytestmark = pytest.mark.django_db

D = date.fromisoformat


def days(first: str, last: str) -> list[date]:
    start, end = D(first), D(last)
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    # Cached overrides outlive the database rollback between tests.
    clear_calendar_cache()
    yield
    clear_calendar_cache()


# --- The official calendar -----------------------------------------------------------------------


def test_spring_festival_2024():
    assert not any(is_workday(d) for d in days("2024-02-10", "2024-02-17"))
    assert D("2024-02-04").weekday() == 6 and is_workday(D("2024-02-04"))  # make-up Sunday
    assert D("2024-02-18").weekday() == 6 and is_workday(D("2024-02-18"))  # make-up Sunday
    assert is_workday(D("2024-02-09"))  # 除夕 2024 was an ordinary Friday
    assert is_workday(D("2024-02-19"))
    assert not is_workday(D("2024-02-03"))  # the Saturday before the make-up Sunday stays off


def test_national_day_2025():
    assert not any(is_workday(d) for d in days("2025-10-01", "2025-10-08"))
    assert D("2025-09-28").weekday() == 6 and is_workday(D("2025-09-28"))
    assert D("2025-10-11").weekday() == 5 and is_workday(D("2025-10-11"))
    assert is_workday(D("2025-09-30")) and is_workday(D("2025-10-09"))
    assert not is_workday(D("2025-10-12"))


def test_national_day_and_mid_autumn_2023():
    assert not any(is_workday(d) for d in days("2023-09-29", "2023-10-06"))
    assert D("2023-10-07").weekday() == 5 and is_workday(D("2023-10-07"))
    assert D("2023-10-08").weekday() == 6 and is_workday(D("2023-10-08"))
    assert is_workday(D("2023-09-28"))


def test_spring_festival_and_labour_day_2026_per_library_data():
    # From chinese_calendar/constants.py (chinesecalendar 1.11.0): 春节 2026-02-15..23 off,
    # make-up Saturdays 02-14 and 02-28; 劳动节 05-01..05 off, make-up Saturday 05-09.
    assert not any(is_workday(d) for d in days("2026-02-15", "2026-02-23"))
    assert D("2026-02-14").weekday() == 5 and is_workday(D("2026-02-14"))
    assert D("2026-02-28").weekday() == 5 and is_workday(D("2026-02-28"))
    assert is_workday(D("2026-02-13")) and is_workday(D("2026-02-24"))
    assert not any(is_workday(d) for d in days("2026-05-01", "2026-05-05"))
    assert D("2026-05-09").weekday() == 5 and is_workday(D("2026-05-09"))
    assert is_workday(D("2026-04-30")) and is_workday(D("2026-05-06"))
    assert D("2026-01-04").weekday() == 6 and is_workday(D("2026-01-04"))  # 元旦 make-up Sunday


def test_every_day_2019_to_2026_matches_the_library():
    for day in days("2019-01-01", "2026-12-31"):
        assert is_workday(day) == chinese_calendar.is_workday(day), day


def test_calendar_known_for_covered_years():
    assert all(calendar_known(year) for year in range(2019, 2027))


def test_datetime_is_read_in_local_time():
    # 2025-09-30 17:00 UTC is already 2025-10-01 01:00 in Shanghai: National Day.
    assert not is_workday(datetime(2025, 9, 30, 17, 0, tzinfo=UTC))
    assert is_workday(datetime(2025, 9, 30, 15, 0, tzinfo=UTC))


# --- add_workdays / workdays_between ---------------------------------------------------------------


def test_add_workdays_across_spring_festival_2024():
    # Fri 02-09 (1), holiday 02-10..17, make-up Sun 02-18 (2), Mon 02-19 (3)
    assert add_workdays(D("2024-02-08"), 1) == D("2024-02-09")
    assert add_workdays(D("2024-02-08"), 2) == D("2024-02-18")
    assert add_workdays(D("2024-02-08"), 3) == D("2024-02-19")
    assert workdays_between(D("2024-02-08"), D("2024-02-19")) == 3


def test_add_workdays_across_national_day():
    assert add_workdays(D("2025-09-30"), 1) == D("2025-10-09")
    assert add_workdays(D("2025-09-30"), 3) == D("2025-10-11")  # make-up Saturday
    assert add_workdays(D("2025-09-30"), 4) == D("2025-10-13")
    assert add_workdays(D("2023-09-28"), 1) == D("2023-10-07")
    assert add_workdays(D("2023-09-28"), 3) == D("2023-10-09")


def test_add_workdays_lands_on_make_up_sunday():
    assert add_workdays(D("2025-09-26"), 1) == D("2025-09-28")
    assert add_workdays(D("2024-02-02"), 1) == D("2024-02-04")


def test_add_workdays_within_5_working_days():
    # A finding raised on Thursday 2025-03-06 is due 5 working days later, skipping the weekend.
    assert add_workdays(D("2025-03-06"), 5) == D("2025-03-13")


def test_add_workdays_starting_on_a_holiday():
    assert add_workdays(D("2024-02-12"), 1) == D("2024-02-18")
    assert add_workdays(D("2025-10-04"), 2) == D("2025-10-10")


def test_add_workdays_backwards():
    assert add_workdays(D("2024-02-19"), -3) == D("2024-02-08")
    assert add_workdays(D("2024-02-19"), -1) == D("2024-02-18")
    assert add_workdays(D("2025-10-09"), -1) == D("2025-09-30")
    assert add_workdays(D("2023-10-09"), -3) == D("2023-09-28")
    assert workdays_between(D("2024-02-19"), D("2024-02-08")) == -3


def test_add_workdays_backwards_from_a_day_off():
    # A day off counts as part of the working day before it (Fri 2024-02-09), so one back is Thursday.
    assert add_workdays(D("2024-02-10"), -1) == D("2024-02-08")
    assert workdays_between(D("2024-02-10"), D("2024-02-08")) == -1
    assert workdays_between(D("2024-02-10"), D("2024-02-09")) == 0


def test_add_zero_workdays_returns_start_even_on_a_holiday():
    assert add_workdays(D("2025-10-01"), 0) == D("2025-10-01")
    assert add_workdays(D("2025-03-05"), 0) == D("2025-03-05")


def test_workdays_between_basic():
    assert workdays_between(D("2025-03-05"), D("2025-03-05")) == 0
    assert workdays_between(D("2025-09-30"), D("2025-10-08")) == 0
    assert workdays_between(D("2025-09-30"), D("2025-10-11")) == 3
    assert workdays_between(D("2025-10-11"), D("2025-09-30")) == -3
    assert workdays_between(D("2025-03-07"), D("2025-03-10")) == 1  # Fri -> Mon


def test_add_workdays_sanity_limit():
    with pytest.raises(ValueError):
        add_workdays(D("2025-01-01"), 1_000_000)


def test_add_workdays_gives_up_on_a_calendar_without_working_days():
    CalendarDay.objects.bulk_create(
        CalendarDay(date=d, is_workday=False, name="off") for d in days("2099-01-01", "2099-12-31")
    )
    CalendarDay.objects.bulk_create(
        CalendarDay(date=d, is_workday=False, name="off") for d in days("2100-01-01", "2100-03-31")
    )
    with pytest.raises(ValueError):
        add_workdays(D("2098-12-31"), 1)


SPAN = st.dates(min_value=date(2019, 1, 1), max_value=date(2026, 12, 31))


@hypothesis_settings(max_examples=300, deadline=None, database=None)
@given(start=SPAN, n=st.integers(min_value=-60, max_value=60))
def test_workdays_between_inverts_add_workdays(start, n):
    end = add_workdays(start, n)
    assert workdays_between(start, end) == n
    if n:
        assert is_workday(end)
        assert (end > start) == (n > 0)


@hypothesis_settings(max_examples=200, deadline=None, database=None)
@given(a=SPAN, b=SPAN, c=SPAN)
def test_workdays_between_is_additive_and_antisymmetric(a, b, c):
    assert workdays_between(a, b) == -workdays_between(b, a)
    assert workdays_between(a, b) + workdays_between(b, c) == workdays_between(a, c)


# --- Status -----------------------------------------------------------------------------------------


def test_no_due_date_means_no_status():
    assert deadline_status(None) is None
    assert deadline_status(None, done_on=D("2025-03-05")) is None


def test_done_on_time_and_late():
    due = D("2025-03-05")
    assert deadline_status(due, done_on=D("2025-03-01")) == DeadlineStatus.DONE
    assert deadline_status(due, done_on=due) == DeadlineStatus.DONE
    assert deadline_status(due, done_on=D("2025-03-06")) == DeadlineStatus.DONE_LATE
    # Done status ignores today entirely.
    assert deadline_status(due, done_on=due, today=D("2030-01-01")) == DeadlineStatus.DONE


def test_done_on_datetime_is_read_in_local_time():
    due = D("2025-03-03")
    # 15:59 UTC is 23:59 in Shanghai, still on the due date; 16:00 UTC is already the next day.
    assert deadline_status(due, done_on=datetime(2025, 3, 3, 15, 59, tzinfo=UTC)) == DeadlineStatus.DONE
    assert deadline_status(due, done_on=datetime(2025, 3, 3, 16, 0, tzinfo=UTC)) == DeadlineStatus.DONE_LATE
    assert deadline_status(due, done_on=datetime(2025, 3, 3, 23, 0)) == DeadlineStatus.DONE


def test_overdue_from_the_calendar_day_after_due():
    due = D("2025-03-07")  # Friday
    assert deadline_status(due, today=due) == DeadlineStatus.DUE_SOON
    assert deadline_status(due, today=D("2025-03-08")) == DeadlineStatus.OVERDUE


def test_due_soon_boundary_counts_working_days_across_a_weekend():
    today = D("2025-03-06")  # Thursday; Fri, Mon, Tue are the next three working days
    assert deadline_status(D("2025-03-11"), today=today) == DeadlineStatus.DUE_SOON
    assert deadline_status(D("2025-03-12"), today=today) == DeadlineStatus.ON_TRACK
    assert deadline_status(D("2025-03-11"), today=today, due_soon_workdays=2) == DeadlineStatus.ON_TRACK
    assert deadline_status(D("2025-03-10"), today=today, due_soon_workdays=2) == DeadlineStatus.DUE_SOON


def test_due_soon_default_comes_from_settings(settings):
    today = D("2025-03-06")
    settings.DEADLINE_DUE_SOON_WORKDAYS = 1
    assert deadline_status(D("2025-03-07"), today=today) == DeadlineStatus.DUE_SOON
    assert deadline_status(D("2025-03-10"), today=today) == DeadlineStatus.ON_TRACK


def test_due_soon_across_national_day():
    # Ten calendar days but only two working days (10-09, 10-10) away.
    assert deadline_status(D("2025-10-10"), today=D("2025-09-30")) == DeadlineStatus.DUE_SOON
    assert deadline_status(D("2025-10-14"), today=D("2025-09-30")) == DeadlineStatus.ON_TRACK


def test_status_defaults_to_local_today():
    today = local_today()
    assert deadline_status(today + timedelta(days=60)) == DeadlineStatus.ON_TRACK
    assert deadline_status(today - timedelta(days=1)) == DeadlineStatus.OVERDUE
    assert deadline_status(today) == DeadlineStatus.DUE_SOON


def test_local_today_uses_project_time_zone(settings):
    from django.utils import timezone

    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert local_today() == timezone.localdate()


def test_status_colours():
    assert status_colour(DeadlineStatus.ON_TRACK) == "green"
    assert status_colour(DeadlineStatus.DONE) == "green"
    assert status_colour(DeadlineStatus.DUE_SOON) == "yellow"
    assert status_colour(DeadlineStatus.DONE_LATE) == "yellow"
    assert status_colour(DeadlineStatus.OVERDUE) == "red"
    assert status_colour("overdue") == "red"
    assert set(STATUS_COLOURS) == set(DeadlineStatus)
    with pytest.raises(ValueError):
        status_colour("bogus")


def test_status_values_and_labels():
    assert {s.value for s in DeadlineStatus} == {"on_track", "due_soon", "overdue", "done", "done_late"}
    assert str(DeadlineStatus.DONE.label)  # lazy translation resolves


def test_workdays_overdue():
    due = D("2024-02-08")
    assert workdays_overdue(due, today=D("2024-02-19")) == 3
    assert workdays_overdue(due, today=due) == 0
    assert workdays_overdue(due, today=D("2024-02-01")) == 0
    # Overdue by calendar, but no working day has passed yet.
    assert workdays_overdue(D("2024-02-09"), today=D("2024-02-17")) == 0
    assert deadline_status(D("2024-02-09"), today=D("2024-02-17")) == DeadlineStatus.OVERDUE


# --- Database overrides and uncovered years ----------------------------------------------------


def test_override_wins_after_cache_is_cleared():
    day = D("2025-03-05")  # an ordinary Wednesday
    assert is_workday(day)
    CalendarDay.objects.create(date=day, is_workday=False, name="本地停工")
    assert is_workday(day)  # the year's overrides are cached until the admin clears them
    clear_calendar_cache()
    assert not is_workday(day)
    assert add_workdays(D("2025-03-04"), 1) == D("2025-03-06")

    saturday = D("2025-03-08")
    CalendarDay.objects.create(date=saturday, is_workday=True, name="调休上班")
    clear_calendar_cache()
    assert is_workday(saturday)
    assert add_workdays(D("2025-03-07"), 1) == saturday


def test_override_can_restore_a_library_holiday():
    CalendarDay.objects.create(date=D("2025-10-01"), is_workday=True, name="test")
    assert is_workday(D("2025-10-01"))


def test_one_query_per_year(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert workdays_between(D("2025-01-01"), D("2025-12-31")) > 200
    with django_assert_num_queries(0):
        assert is_workday(D("2025-06-03"))
        assert add_workdays(D("2025-01-02"), 100) > D("2025-01-02")
    with django_assert_num_queries(2):  # 2024 and 2026 are not cached yet; start itself is not looked at
        workdays_between(D("2024-12-30"), D("2026-01-02"))


def test_uncovered_year_falls_back_to_monday_to_friday():
    assert not calendar_known(2099)
    week = days("2099-01-05", "2099-01-11")  # Monday to Sunday
    assert week[0].weekday() == 0
    assert [is_workday(d) for d in week] == [True] * 5 + [False] * 2
    assert add_workdays(D("2099-01-09"), 1) == D("2099-01-12")
    assert workdays_between(D("2099-01-05"), D("2099-01-12")) == 5


def test_override_in_uncovered_year():
    CalendarDay.objects.create(date=D("2099-01-05"), is_workday=False, name="未来假期")
    CalendarDay.objects.create(date=D("2099-01-10"), is_workday=True, name="未来调休")
    clear_calendar_cache()
    assert calendar_known(2099)
    assert not calendar_known(2098)
    assert not is_workday(D("2099-01-05"))
    assert is_workday(D("2099-01-10"))
    assert add_workdays(D("2099-01-09"), 1) == D("2099-01-10")


def test_clear_calendar_cache_without_a_version_yet():
    from django.core.cache import cache

    cache.delete(deadlines._VERSION_KEY)
    clear_calendar_cache()
    assert cache.get(deadlines._VERSION_KEY) is not None
    assert is_workday(D("2025-03-05"))


def test_clear_calendar_cache_bumps_again_on_commit(django_capture_on_commit_callbacks):
    from django.core.cache import cache

    before = cache.get(deadlines._VERSION_KEY) or 0
    with django_capture_on_commit_callbacks(execute=True):
        clear_calendar_cache()
        assert cache.get(deadlines._VERSION_KEY) == before + 1
    assert cache.get(deadlines._VERSION_KEY) == before + 2


@hypothesis_settings(max_examples=200, deadline=None, database=None)
@given(today=SPAN, ahead=st.integers(min_value=0, max_value=40), k=st.integers(min_value=-1, max_value=8))
def test_due_soon_agrees_with_workdays_between(today, ahead, k):
    due = today + timedelta(days=ahead)
    expected = DeadlineStatus.DUE_SOON if workdays_between(today, due) <= k else DeadlineStatus.ON_TRACK
    assert deadline_status(due, today=today, due_soon_workdays=k) == expected


def test_far_future_due_date_is_on_track():
    assert deadline_status(D("9000-01-01"), today=D("2025-03-05")) == DeadlineStatus.ON_TRACK
