"""The volunteers' API: the schema generates with its bounded query parameters; a unit's hours export of a year."""

from datetime import timedelta

import pytest
from django.utils import timezone

from changxiao.volunteers import services

from .factories import ActivityFactory, TeamFactory, VolunteerFactory

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
