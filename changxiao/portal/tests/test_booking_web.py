"""Booking on the public site as a resident does it: signed in with a phone code (citizens), the place booked, listed
under My bookings, reminded by text message the day before (once), cancelled — and the place offered to the next."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from changxiao.core.sms import MemorySmsBackend, get_sms_backend
from changxiao.portal.models import Booking
from changxiao.portal.services import bookings_remind
from changxiao.portal.tests.factories import ActivityFactory, FacilityFactory

PHONE = "13812345678"


@pytest.fixture
def sms(settings):
    settings.SMS_BACKEND = "changxiao.core.sms.MemorySmsBackend"
    get_sms_backend.cache_clear()
    MemorySmsBackend.outbox = []
    yield MemorySmsBackend.outbox
    get_sms_backend.cache_clear()


def _sign_in(client, sms, phone=PHONE, ip="10.0.0.1"):
    sign_in = reverse("public:citizen_sign_in")
    client.post(sign_in, {"action": "send", "phone": phone}, REMOTE_ADDR=ip)
    code = re.search(r"\d{6}", sms[-1][1]).group(0)
    client.post(sign_in, {"action": "verify", "phone": phone, "code": code}, REMOTE_ADDR=ip)


def test_a_resident_books_is_reminded_once_and_cancels(world, client, sms):
    facility = FacilityFactory(unit=world.venue_unit, region=world.gusu, by=world.office)
    lecture = ActivityFactory(facility=facility, by=world.office, capacity=1, title="苏州评弹讲座")
    url = reverse("public:portal_book", args=[lecture.pk])
    response = client.post(url)  # not signed in: to the sign-in, and back to the activity
    assert response.status_code == 302 and reverse("public:citizen_sign_in") in response["Location"]
    _sign_in(client, sms)
    page = client.get(lecture.get_public_url()).content.decode()
    assert "预约名额" in page
    response = client.post(url, follow=True)
    assert "预约成功" in response.content.decode()
    mine = client.get(reverse("public:portal_bookings")).content.decode()
    assert "苏州评弹讲座" in mine and "已预约" in mine
    # Someone else is on the waiting list.
    Booking.objects.create(
        activity=lecture, citizen_key="citizen-999", citizen_masked="139****0000", state="waiting"
    )
    # The day before: one text message, however often the sweep runs.
    before = lecture.starts_at - timedelta(hours=20)
    assert bookings_remind(now=before) == 1
    assert bookings_remind(now=before) == 0
    assert sms[-1][0] == PHONE and "苏州评弹讲座" in sms[-1][1]
    booking = Booking.objects.get(citizen_key__startswith="citizen-", state="confirmed")
    response = client.post(reverse("public:portal_booking_cancel", args=[booking.pk]), follow=True)
    assert "预约已取消" in response.content.decode()
    assert Booking.objects.get(citizen_key="citizen-999").state == "offered"


def test_another_citizens_booking_is_not_found(world, client, sms):
    facility = FacilityFactory(unit=world.venue_unit, region=world.gusu, by=world.office)
    lecture = ActivityFactory(facility=facility, by=world.office, capacity=3)
    other = Booking.objects.create(
        activity=lecture, citizen_key="citizen-999", citizen_masked="139****0000", state="confirmed"
    )
    _sign_in(client, sms)
    assert client.post(reverse("public:portal_booking_cancel", args=[other.pk])).status_code == 404
    assert Booking.objects.get(pk=other.pk).state == "confirmed"
    assert timezone.now()
