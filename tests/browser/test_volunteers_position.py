"""The check-in by QR code at an activity with its place's coordinates, on a phone (issue 21, point 3): the page asks
the phone for its position and sends it; near the place the volunteer is checked in with the position checked; a
phone that does not give its position is told what to do, and pressing again checks in marked for the leader."""

import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from changxiao.citizens import auth
from changxiao.volunteers import services
from changxiao.volunteers.models import HourRecord
from changxiao.volunteers.tests.factories import ActivityFactory, TeamFactory, VolunteerFactory, citizen

from .conftest import PHONE, _open_page

PLACE = {"latitude": 31.3089, "longitude": 120.6186}  # 姑苏区文化馆 (about)


def _signed_up_citizen(w, activity, phone: str):
    person = citizen(phone)
    volunteer = VolunteerFactory(region=w.gusu, unit=w.venue_unit, by=w.venue, phone=phone)
    services.volunteer_link_citizen(volunteer=volunteer, citizen=person)
    services.signup_create(activity=activity, volunteer=volunteer)
    client = Client()
    session = client.session
    session[auth.SESSION_KEY] = person.pk
    session[auth.SIGNED_IN_AT_KEY] = int(time.time())
    session.save()
    return volunteer, session.session_key


@pytest.mark.parametrize("shares_position", [True, False], ids=["position-given", "position-refused"])
def test_the_check_page_sends_the_phones_position_or_says_what_to_do(
    browser, page_problems, live_server, browser_world, shares_position
):
    w = browser_world
    now = timezone.now()
    activity = ActivityFactory(
        team=TeamFactory(unit=w.venue_unit, by=w.venue),
        by=w.venue,
        starts_at=now - timedelta(minutes=10),
        ends_at=now + timedelta(hours=2),
        latitude=Decimal("31.308900"),
        longitude=Decimal("120.618600"),
    )
    volunteer, session_key = _signed_up_citizen(w, activity, "13812345678")
    options = {**PHONE, "geolocation": {"latitude": 31.3091, "longitude": 120.6187}}
    if shares_position:
        options["permissions"] = ["geolocation"]
    context, phone = _open_page(browser, page_problems, options)
    try:
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session_key, "url": live_server.url}]
        )
        phone.goto(
            live_server.url + reverse("public:volunteers_check", args=[services.checkin_token(activity)])
        )
        phone.locator("#check-button").click()
        if shares_position:
            phone.wait_for_selector("#check-state")
            assert HourRecord.objects.get(volunteer=volunteer).located is True
            return
        denied = phone.locator("#position-denied")
        denied.wait_for(state="visible")
        assert "负责人" in denied.inner_text() and not HourRecord.objects.exists()
        phone.locator("#check-button").click()  # again, without the position
        phone.wait_for_selector("#check-state")
        assert HourRecord.objects.get(volunteer=volunteer).located is False
    finally:
        context.close()
