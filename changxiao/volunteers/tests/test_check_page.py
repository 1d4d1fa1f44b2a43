"""The public check page a volunteer opens by scanning the activity's QR code: at an activity with its place's
coordinates it asks the phone for its position (its own script, allowed by this page's permissions policy alone) and
sends it with the check-in, which the service checks against the place; a position that cannot be read is refused."""

import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from changxiao.citizens import auth
from changxiao.volunteers import services
from changxiao.volunteers.models import Activity, HourRecord

from .factories import ActivityFactory, TeamFactory, VolunteerFactory, citizen

pytestmark = pytest.mark.django_db


@pytest.fixture
def scan(world, client):
    """A signed-in volunteer with a confirmed place at an activity under way at 姑苏区文化馆 (31.3089 N, 120.6186 E)."""
    team = TeamFactory(unit=world.venue_unit, by=world.venue)
    now = timezone.now()
    activity = ActivityFactory(
        team=team,
        by=world.venue,
        starts_at=now - timedelta(minutes=10),
        ends_at=now + timedelta(hours=3),
        latitude=Decimal("31.308900"),
        longitude=Decimal("120.618600"),
    )
    person = citizen("13812345678")
    volunteer = VolunteerFactory(
        region=world.gusu, unit=world.venue_unit, by=world.venue, phone="13812345678"
    )
    services.volunteer_link_citizen(volunteer=volunteer, citizen=person)
    services.signup_create(activity=activity, volunteer=volunteer)
    session = client.session
    session[auth.SESSION_KEY] = person.pk
    session[auth.SIGNED_IN_AT_KEY] = int(time.time())
    session.save()
    return client, reverse("public:volunteers_check", args=[services.checkin_token(activity)])


def test_the_page_asks_for_the_position_and_sends_it_with_the_check_in(scan):
    client, url = scan
    page = client.get(url)
    assert "geolocation=(self)" in page["Permissions-Policy"]
    body = page.content.decode()
    assert "data-asks-position" in body and "js/volunteers-check.js" in body and "负责人" in body

    far = client.post(url, {"latitude": "31.3189", "longitude": "120.6186"})
    assert far.status_code == 400 and "500" in far.content.decode() and not HourRecord.objects.exists()
    unreadable = client.post(url, {"latitude": "north", "longitude": "120.6186"})
    assert unreadable.status_code == 400 and "无法读取" in unreadable.content.decode()
    assert not HourRecord.objects.exists()

    assert client.post(url, {"latitude": "31.309200", "longitude": "120.618800"}).status_code == 302
    assert HourRecord.objects.get().located is True
    page = client.get(url)
    assert "data-asks-position" not in page.content.decode()  # checking out asks nothing


def test_an_activity_without_coordinates_asks_nothing(scan):
    client, url = scan
    Activity.objects.update(latitude=None, longitude=None)
    page = client.get(url)
    assert (
        "data-asks-position" not in page.content.decode() and "geolocation=()" in page["Permissions-Policy"]
    )
    assert client.post(url).status_code == 302
    assert HourRecord.objects.get().located is None
