"""The office keeps the working-day calendar current when a new year's holidays are announced."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from changxiao.core.deadlines import add_workdays, calendar_known, is_workday, local_today
from changxiao.core.models import CalendarDay


def test_office_sees_the_official_days_of_a_known_year(world, login):
    response = login(world.office).get(reverse("core:calendar"), {"year": 2025})
    body = response.content.decode()
    assert response.status_code == 200
    assert (date(2025, 10, 1), False, "国庆节") in response.context["official_days"]
    assert (date(2025, 9, 28), True, "国庆节") in response.context["official_days"]
    assert "2025-10-01" in body


def test_recording_an_unknown_years_holiday_changes_deadlines_at_once(world, login):
    client = login(world.office)
    year = local_today().year + 2  # a year whose holidays are not announced yet
    if calendar_known(year):
        pytest.skip(f"the installed calendar already knows {year}")
    day = next(date(year, 1, d) for d in range(1, 8) if date(year, 1, d).weekday() == 1)  # a Tuesday
    assert is_workday(day)  # only weekends rest in an unknown year
    response = client.post(
        reverse("core:calendar"), {"date": day.isoformat(), "is_workday": "", "name": "元旦"}
    )
    assert response.status_code == 302 and response.url.endswith(f"?year={year}")
    assert calendar_known(year)
    assert not is_workday(day)
    assert add_workdays(day - timedelta(days=1), 1) == day + timedelta(days=1)
    record = CalendarDay.objects.get()
    client.post(reverse("core:calendar_delete", args=[record.pk]))
    assert is_workday(day)


@pytest.mark.parametrize("day", ["2099-01-01", "1999-01-01"])
def test_a_calendar_day_decades_away_is_refused(world, login, day):
    response = login(world.office).post(reverse("core:calendar"), {"date": day, "name": "元旦"})
    assert "date" in response.context["form"].errors
    assert not CalendarDay.objects.exists()


def test_bad_calendar_input_changes_nothing(world, login):
    client = login(world.office)
    response = client.post(reverse("core:calendar"), {"date": "2099-02-30", "name": "x"})
    assert "date" in response.context["form"].errors
    response = client.get(reverse("core:calendar"), {"year": "abc"})
    assert response.status_code == 200
    assert not CalendarDay.objects.exists()


def test_office_workbench_points_to_the_calendar_page_when_a_year_is_unknown(world, login, monkeypatch):
    monkeypatch.setattr("changxiao.core.workbench_providers.calendar_known", lambda year: False)
    todos = login(world.office).get(reverse("cockpit:workbench")).context["todos"]
    assert any(t.url.startswith(reverse("core:calendar")) for t in todos)


def test_only_the_office_changes_the_calendar_whoever_calls(world, login):
    """The page refuses everyone but the office; the services behind it refuse them too (a command or the API calling
    them directly), and the day stays as it was."""
    from django.core.exceptions import PermissionDenied

    from changxiao.core.deadlines import calendar_day_delete, calendar_day_save

    day = local_today() + timedelta(days=30)
    for persona in (world.district, world.venue, world.leader):
        assert login(persona).post(reverse("core:calendar"), {"date": day.isoformat()}).status_code == 403
        with pytest.raises(PermissionDenied):
            calendar_day_save(by=persona, date=day, is_workday=False, name="调休")
    assert not CalendarDay.objects.exists()
    saved = calendar_day_save(by=world.office, date=day, is_workday=False, name="调休")
    with pytest.raises(PermissionDenied):
        calendar_day_delete(day=saved, by=world.district)
    assert CalendarDay.objects.get() == saved
    calendar_day_delete(day=saved, by=world.office)
    assert not CalendarDay.objects.exists()
