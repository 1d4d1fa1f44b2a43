"""The public portal: the home, the directory by county and township with open now / this Sunday, a facility's page,
the calendar and its iCalendar feeds (validated by the reference parser), hostile input answered plainly."""

from datetime import date

import icalendar
import pytest
from django.urls import reverse

from changxiao.portal import hours
from changxiao.portal.ical import fold
from changxiao.portal.tests.factories import ActivityFactory, FacilityFactory, week


@pytest.fixture
def library(world):
    return week(
        FacilityFactory(
            unit=world.venue_unit,
            region=world.pingjiang,
            by=world.office,
            name="平江图书馆",
            level="township",
        ),
        by=world.office,
    )


@pytest.fixture
def weekday_room(world):
    return week(
        FacilityFactory(
            unit=world.station_unit,
            region=world.pingjiang,
            by=world.office,
            name="平江村阅览室",
            kind="reading_room",
            level="village",
        ),
        by=world.office,
        days=(1, 2, 3, 4, 5),
    )


def test_the_home_is_the_portal_with_one_navigation(world, library, client):
    response = client.get(reverse("public:home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("public:portal_directory") in page and reverse("public:portal_calendar") in page
    assert (
        reverse("public:feedback_submit") in page
    )  # another mechanism's public face, in the same navigation
    assert "<script" not in page


def test_the_directory_lists_by_township_and_filters_open_this_sunday(world, library, weekday_room, client):
    url = reverse("public:portal_directory")
    landing = client.get(url).content.decode()
    assert (
        f"?county={world.gusu.pk}" in landing and "平江图书馆" not in landing
    )  # the counties to choose from
    page = client.get(url, {"county": world.gusu.pk}).content.decode()
    assert "平江街道" in page and "平江图书馆" in page and "平江村阅览室" in page
    sunday = client.get(url, {"open": "sunday"}).content.decode()
    assert "平江图书馆" in sunday and "平江村阅览室" not in sunday
    assert "平江村阅览室" not in client.get(url, {"q": "图书馆"}).content.decode()


def test_the_directorys_open_filter_agrees_with_the_hours(world, library, weekday_room):
    from changxiao.portal.models import Facility
    from changxiao.portal.views_public import open_condition

    for day in [date(2026, 10, 1), date(2026, 10, 3), date(2026, 3, 9), date(2026, 3, 15), date(2026, 2, 28)]:
        in_db = set(Facility.objects.filter(open_condition(day)).values_list("pk", flat=True))
        in_python = {f.pk for f in (library, weekday_room) if hours.open_on(list(f.schedules.all()), day)}
        assert in_db == in_python, day


def test_hostile_input_is_answered_plainly(world, library, client):
    url = reverse("public:portal_directory")
    for params in [
        {"county": "x"},
        {"township": "99999999999999999999"},
        {"open": "<script>"},
        {"q": "a" * 500},
        {"page": "-1"},
    ]:
        response = client.get(url, params)
        assert response.status_code == 200
        assert "<script>" not in response.content.decode()
    assert client.get(reverse("public:portal_calendar"), {"region": "abc"}).status_code == 404
    assert client.get(reverse("public:portal_facility", args=[999999])).status_code == 404


def test_the_public_home_and_directory_are_cached_and_emptied_on_change(
    world, library, client, django_capture_on_commit_callbacks
):
    url = reverse("public:portal_directory") + f"?county={world.gusu.pk}"
    client.get(url)
    assert client.get(url)["X-Cache"] == "hit"
    from changxiao.portal.services import facility_update

    values = {f: getattr(library, f) for f in ("kind", "level", "address", "phone", "free_services")}
    with django_capture_on_commit_callbacks(execute=True):
        facility_update(facility=library, by=world.office, **{**values, "name": "平江新图书馆"})
    response = client.get(url)
    assert "X-Cache" not in response and "平江新图书馆" in response.content.decode()


def test_the_district_feed_validates_as_icalendar(world, library, client):
    ActivityFactory(
        facility=library,
        by=world.office,
        title="苏州评弹欣赏，讲座；第一讲：" + "长" * 40,
        description="主讲：张老师\n地点：二楼报告厅",
    )
    response = client.get(reverse("public:portal_region_feed", args=[world.gusu.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content
    lines = body.split(b"\r\n")
    assert body.endswith(b"\r\n") and b"\n" not in body.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in lines)
    calendar = icalendar.Calendar.from_ical(body)
    (event,) = calendar.walk("VEVENT")
    assert event["SUMMARY"].startswith("苏州评弹欣赏，讲座；第一讲：")
    assert str(event["DESCRIPTION"]) == "主讲：张老师\n地点：二楼报告厅"
    assert event.decoded("DTSTART").tzinfo is not None
    assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert "DTSTAMP" in event and event["UID"].endswith("@changxiao")
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Asia/Shanghai"


def test_folding_never_splits_a_character():
    line = "SUMMARY:" + "讲" * 60
    folded = fold(line)
    parts = folded.encode().split(b"\r\n ")
    assert all(len(p) <= 75 for p in parts)
    assert "".join(p.decode() for p in parts) == line


def test_facility_page_shows_the_next_days_with_holidays(world, library, client):
    page = client.get(reverse("public:portal_facility", args=[library.pk])).content.decode()
    assert "平江图书馆" in page and "og:title" in page


def test_the_directory_list_takes_a_constant_number_of_queries(world, client, django_assert_max_num_queries):
    for _n in range(15):
        week(FacilityFactory(unit=world.venue_unit, region=world.pingjiang, by=world.office), by=world.office)
    with django_assert_max_num_queries(12):
        client.get(reverse("public:portal_directory"), {"county": world.gusu.pk, "open": "now"})
