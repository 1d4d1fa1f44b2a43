"""The volunteers' API: the schema generates with its bounded query parameters; a unit's hours export of a year."""

import json
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from changxiao.volunteers import services
from changxiao.volunteers.models import HourRecord

from .factories import ActivityFactory, TeamFactory, VolunteerFactory, citizen

pytestmark = pytest.mark.django_db


def test_the_schema_lists_the_hours_export_with_a_bounded_year(client):
    schema = client.get("/api/v1/openapi.json").json()
    parameters = schema["paths"]["/api/v1/volunteers/units/{unit_id}/hours"]["get"]["parameters"]
    year = next(p for p in parameters if p["name"] == "year")
    assert year["in"] == "query" and not year.get("required")
    bounds = year["schema"].get("anyOf", [year["schema"]])[0]
    assert bounds["minimum"] == 2000 and bounds["maximum"] == 2100


def test_a_unit_exports_its_hours_of_a_year_and_a_year_out_of_range_is_refused(world, client):
    team = TeamFactory(unit=world.venue_unit, by=world.venue)
    act = ActivityFactory(team=team, by=world.venue)
    volunteer = VolunteerFactory(region=world.gusu, unit=world.venue_unit, by=world.venue)
    services.signup_create(activity=act, volunteer=volunteer)
    services.checkin(activity=act, volunteer=volunteer, at=act.starts_at)
    services.checkout(activity=act, volunteer=volunteer, at=act.starts_at + timedelta(hours=2))
    client.force_login(world.venue)
    url = f"/api/v1/volunteers/units/{world.venue_unit.pk}/hours"
    year = act.starts_at.year
    rows = client.get(url, {"year": year}).json()["items"]
    assert [(r["volunteer_number"], r["minutes"]) for r in rows] == [(volunteer.number, 120)]
    assert client.get(url, {"year": year - 1}).json()["items"] == []
    if year == timezone.localdate().year:
        assert client.get(url).json()["items"] == rows  # this year by default
    assert client.get(url, {"year": 1900}).status_code == 422


def _signed_in(client, person):
    from changxiao.citizens import auth
    from changxiao.core.middleware import SESSION_REFRESHED_KEY

    session = client.session
    session[auth.SESSION_KEY] = person.pk
    session[auth.SIGNED_IN_AT_KEY] = int(time.time())
    session[SESSION_REFRESHED_KEY] = int(time.time())  # as the sign-in's answer leaves it
    session.save()


def test_a_check_in_by_qr_reads_once_and_inserts_once(world, client):
    """The festival rush's path: the session, the citizen, the activity, the volunteer, one read of the sign-up
    with its record and any overlap, one insert — no session write, no audit-log row for the new record (the record
    states when and by whom itself). A double tap then reads and writes nothing more."""
    team = TeamFactory(unit=world.venue_unit, by=world.venue)
    now = timezone.now()
    act = ActivityFactory(
        team=team, by=world.venue, starts_at=now - timedelta(minutes=10), ends_at=now + timedelta(hours=3)
    )
    person = citizen("13812345678")
    volunteer = VolunteerFactory(
        region=world.gusu, unit=world.venue_unit, by=world.venue, phone="13812345678"
    )
    services.volunteer_link_citizen(volunteer=volunteer, citizen=person)
    services.signup_create(activity=act, volunteer=volunteer)
    _signed_in(client, person)
    body = json.dumps({"token": services.checkin_token(act)})

    def scan():
        with CaptureQueriesContext(connection) as queries:
            response = client.post("/api/v1/public/volunteers/check", body, content_type="application/json")
        return response, [
            q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE", "ROLLBACK"))
        ]

    response, statements = scan()
    assert response.status_code == 200, response.content
    assert len(statements) == 6, statements
    writes = [s for s in statements if not s.startswith("SELECT")]
    assert len(writes) == 1 and writes[0].startswith('INSERT INTO "volunteers_hourrecord"')
    assert HourRecord.objects.standing().filter(volunteer=volunteer).count() == 1
    response, statements = scan()
    assert response.status_code == 422 and "签到" in response.json()["detail"]
    assert all(s.startswith("SELECT") for s in statements) and len(statements) == 5
    assert HourRecord.objects.filter(volunteer=volunteer).count() == 1
