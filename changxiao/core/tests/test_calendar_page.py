"""The office keeps the working-day calendar current when a new year's holidays are announced."""

from datetime import date

from django.urls import reverse

from changxiao.core.deadlines import add_workdays, calendar_known, is_workday
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
    assert not calendar_known(2099)
    assert is_workday(date(2099, 1, 1))  # a Thursday: only weekends rest in an unknown year
    response = client.post(reverse("core:calendar"), {"date": "2099-01-01", "is_workday": "", "name": "元旦"})
    assert response.status_code == 302 and response.url.endswith("?year=2099")
    assert calendar_known(2099)
    assert not is_workday(date(2099, 1, 1))
    assert add_workdays(date(2098, 12, 31), 1) == date(2099, 1, 2)
    day = CalendarDay.objects.get()
    client.post(reverse("core:calendar_delete", args=[day.pk]))
    assert is_workday(date(2099, 1, 1))


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
