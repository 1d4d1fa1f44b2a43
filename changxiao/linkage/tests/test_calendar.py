"""The activity calendar: a month shows the first few entries of each day and how many more, the day's own page lists
them all; another jurisdiction's entries are not shown; months and days out of range never break the page."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from changxiao.core.deadlines import local_today
from changxiao.linkage import services

URL = reverse("linkage:calendar")


def _activities(world, day, titles):
    programme = services.programme_add(owner=world.city, name=f"三下乡{day:%d}", by=world.office)
    for title in titles:
        services.activity_record(
            programme=programme,
            organizer=world.venue_unit,
            by=world.venue,
            title=title,
            region=world.pingjiang,
            held_on=day,
            kind="reading",
            audience_kind="village",
        )


def test_a_month_shows_the_first_of_each_day_and_a_day_lists_them_all(world, client, monkeypatch):
    monkeypatch.setattr("changxiao.linkage.views.CALENDAR_SHOWN_A_DAY", 2)
    busy, quiet = date(local_today().year + 1, 3, 10), date(local_today().year + 1, 3, 11)
    _activities(world, busy, ["送书一", "送书二", "送书三"])
    _activities(world, quiet, ["评弹"])
    client.force_login(world.leader)
    month = client.get(f"{URL}?month={busy:%Y-%m}")
    shown = [
        (each, [entry.title for _kind, entry in entries], more)
        for each, entries, more in month.context["days"]
    ]
    assert shown == [(busy, ["送书一", "送书二"], 1), (quiet, ["评弹"], 0)]
    assert f'href="?day={busy:%Y-%m-%d}"' in month.content.decode()
    whole = client.get(f"{URL}?day={busy:%Y-%m-%d}")
    [(each, entries, more)] = whole.context["days"]
    assert (each, [entry.title for _kind, entry in entries], more) == (
        busy,
        ["送书一", "送书二", "送书三"],
        0,
    )
    assert f'href="?month={busy:%Y-%m}"' in whole.content.decode()
    client.force_login(world.office2)
    assert client.get(f"{URL}?month={busy:%Y-%m}").context["days"] == []


def test_months_and_days_out_of_range_show_a_month(world, client):
    client.force_login(world.office)
    for query in (
        "month=9999-12",
        "month=2026-13",
        "month=1-1-1",
        "month=" + "9" * 30,
        "day=2026-02-30",
        "day=abc",
        "day=1900-01-01",
        "day=9999-12-31",
    ):
        response = client.get(f"{URL}?{query}")
        assert response.status_code == 200, query
    edge = client.get(f"{URL}?month=2100-12").context
    assert edge["month"] == date(2100, 12, 1) and edge["next"] == "" and edge["previous"] == "2100-11"
    assert client.get(f"{URL}?month=2000-01").context["previous"] == ""


def test_the_calendar_reads_a_fixed_number_of_queries_however_many_entries(world, client):
    day = date(local_today().year + 1, 3, 10)
    _activities(world, day, ["送书一"])
    client.force_login(world.office)
    url = f"{URL}?month={day:%Y-%m}"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    _activities(world, day.replace(day=12), ["评弹", "昆曲", "书法", "剪纸", "舞蹈", "合唱", "讲座"])
    with CaptureQueriesContext(connection) as more:
        response = client.get(url)
    assert len(response.context["days"]) == 2 and len(more) == len(one)
