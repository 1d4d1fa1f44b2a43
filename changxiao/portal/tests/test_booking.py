"""Booking: a seat is never sold twice, the waiting list is offered places in turn, offers expire, a citizen cancels."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from changxiao.portal.models import Booking
from changxiao.portal.services import booking_accept_offer, booking_cancel, booking_make, offers_expire
from changxiao.portal.tests.factories import ActivityFactory, FacilityFactory


@pytest.fixture
def lecture(world):
    facility = FacilityFactory(unit=world.venue_unit, region=world.gusu, by=world.office)
    return ActivityFactory(facility=facility, by=world.office, capacity=2)


def _book(activity, n):
    return booking_make(activity=activity, citizen_key=f"citizen-{n}", citizen_masked=f"139****000{n}")


def test_places_then_the_waiting_list_then_offers_in_turn(lecture):
    first, second, third, fourth = (_book(lecture, n) for n in range(1, 5))
    assert [b.state for b in (first, second, third, fourth)] == [
        "confirmed",
        "confirmed",
        "waiting",
        "waiting",
    ]
    with pytest.raises(ValidationError):
        _book(lecture, 1)  # once per citizen
    booking_cancel(booking=first, citizen_key="citizen-1")
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.state == "offered" and fourth.state == "waiting"
    # The offer is not taken in time: it expires and the next in line is offered the place.
    offers_expire(now=third.offer_expires_at + timedelta(seconds=1))
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.state == "expired" and fourth.state == "offered"
    booking_accept_offer(booking=fourth, citizen_key="citizen-4")
    assert Booking.objects.filter(activity=lecture, state__in=["confirmed", "offered"]).count() == 2


def test_someone_elses_booking_cannot_be_cancelled(lecture):
    from django.core.exceptions import PermissionDenied

    booking = _book(lecture, 1)
    with pytest.raises(PermissionDenied):
        booking_cancel(booking=booking, citizen_key="citizen-2")


def test_a_begun_or_unbookable_activity_takes_no_booking(world, lecture):
    open_to_all = ActivityFactory(facility=lecture.facility, by=world.office, capacity=None)
    with pytest.raises(ValidationError):
        _book(open_to_all, 1)
    lecture.starts_at = timezone.now() - timedelta(minutes=1)
    lecture.save(update_fields=["starts_at"])
    with pytest.raises(ValidationError):
        _book(lecture, 1)
    assert not Booking.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_racing_bookings_never_exceed_capacity(world):
    """Twelve citizens book the last places at once, each on its own connection: exactly the capacity is confirmed
    (the activity's row is locked first; on SQLite the write lock serializes them)."""
    import threading
    import time

    from django.db import connection

    facility = FacilityFactory(unit=world.venue_unit, region=world.gusu, by=world.office)
    activity = ActivityFactory(facility=facility, by=world.office, capacity=5)
    barrier = threading.Barrier(12)
    errors = []

    def book(n):
        try:
            barrier.wait(timeout=10)
            for _attempt in range(200):
                try:
                    _book(activity, n)
                    break
                except Exception as exc:  # noqa: BLE001 — SQLite answers "database is locked" under contention
                    if "locked" not in str(exc):
                        raise
                    time.sleep(0.02)
            else:
                errors.append(f"citizen {n} never got through")
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    states = list(Booking.objects.filter(activity=activity).values_list("state", flat=True))
    assert states.count("confirmed") == 5 and states.count("waiting") == 7
