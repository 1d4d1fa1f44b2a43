"""The API import endpoint for a training organizer's attendance (issue 20, point 8), and the overview's charts:
scoped as the pages, bounded, all rows or none with each bad row named."""

import json
from datetime import date

from django.urls import reverse

from changxiao.workforce.models import Attendance
from changxiao.workforce.services import ATTENDANCE_IMPORT_MAX, session_create

from .factories import PostFactory, id_number


def _session(world, unit=None):
    return session_create(
        organizer=unit or world.station_unit,
        by=world.office,
        title="乡镇文化站长培训班",
        level="county",
        start=date(2026, 3, 2),
        end=date(2026, 3, 4),
        days=3,
    )


def _post(client, session, rows):
    return client.post(
        f"/api/v1/workforce/training/{session.pk}/attendance",
        json.dumps({"rows": rows}),
        content_type="application/json",
    )


def test_an_organizer_sends_its_attendance_list(world, client):
    first = PostFactory(unit=world.station_unit, by=world.office, id_number=id_number())
    second = PostFactory(unit=world.station_unit, by=world.office, id_number=id_number())
    session = _session(world)
    client.force_login(world.district)
    numbers = [p.practitioner for p in (first, second)]
    from changxiao.core.personal_data import decrypt

    rows = [
        {"id_number": decrypt(numbers[0].id_number_encrypted)},
        {"id_number": decrypt(numbers[1].id_number_encrypted).lower(), "days": "1.5"},
    ]
    response = _post(client, session, rows)
    assert response.status_code == 201 and response.json() == {"recorded": 2}
    assert sorted(Attendance.objects.values_list("days", flat=True)) == [1.5, 3]


def test_bad_rows_are_named_and_nothing_is_saved(world, client):
    from changxiao.core.personal_data import decrypt

    good = PostFactory(unit=world.station_unit, by=world.office, id_number=id_number())
    elsewhere = PostFactory(unit=world.outsider_unit, by=world.office, id_number=id_number())
    session = _session(world)
    client.force_login(world.district)
    number = decrypt(good.practitioner.id_number_encrypted)
    rows = [
        {"id_number": number},
        {"id_number": "12345"},
        {"id_number": number},
        {"id_number": decrypt(elsewhere.practitioner.id_number_encrypted)},
        {"id_number": id_number(), "days": "1"},
        {"id_number": number, "days": "4"},
    ]
    response = _post(client, session, rows)
    assert response.status_code == 422
    detail = response.json()["detail"]
    for line in (2, 3, 4, 5):
        assert f"{line}" in detail
    assert not Attendance.objects.exists()
    # Days beyond the session, or not in half days.
    for days in ("4", "0.3", "-1", "abc"):
        assert _post(client, session, [{"id_number": number, "days": days}]).status_code == 422
    assert not Attendance.objects.exists()


def test_the_request_is_bounded(world, client):
    session = _session(world)
    client.force_login(world.district)
    rows = [{"id_number": "x"}] * (ATTENDANCE_IMPORT_MAX + 1)
    assert _post(client, session, rows).status_code == 422
    assert _post(client, session, []).status_code == 422
    long = [{"id_number": "1" * 200}]
    assert _post(client, session, long).status_code == 422
    assert not Attendance.objects.exists()


def test_only_whoever_keeps_the_organizers_roster_sends_attendance(world, client):
    from changxiao.core.personal_data import decrypt

    post = PostFactory(unit=world.station_unit, by=world.office, id_number=id_number())
    session = _session(world)
    rows = [{"id_number": decrypt(post.practitioner.id_number_encrypted)}]
    expected = {"leader": 403, "venue": 404, "outsider": 404, "office2": 404, "member": 404, "inspector": 404}
    for persona, status in expected.items():
        client.force_login(getattr(world, persona))
        assert _post(client, session, rows).status_code == status, persona
    client.logout()
    assert _post(client, session, rows).status_code == 401
    assert not Attendance.objects.exists()
    client.force_login(world.office)
    assert _post(client, session, rows).status_code == 201


def test_the_overview_charts_each_regions_figures(world, client):
    PostFactory(unit=world.station_unit, by=world.office)
    client.force_login(world.office)
    page = client.get(reverse("workforce:overview") + f"?region={world.city.pk}")
    charts = page.context["charts"]
    assert world.gusu.name in charts["coverage"]["yAxis"]["data"]
    assert "certified-chart-data" in page.content.decode()
    # A jurisdiction with no region inside it draws no chart.
    page = client.get(reverse("workforce:overview") + f"?region={world.pingjiang.pk}")
    assert page.context["charts"] is None
