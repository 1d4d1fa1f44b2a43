"""The leader's check-in and check-out of a volunteer without a phone: who did it is kept on the hour record itself
(not only in the audit log) and shown on the activity's page; a volunteer's own scan names nobody."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from changxiao.volunteers import services
from changxiao.volunteers.models import HourRecord

from .factories import ActivityFactory, TeamFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


def test_the_leaders_check_out_names_the_leader_on_the_record_and_the_page(world, login):
    team = TeamFactory(unit=world.venue_unit, by=world.venue)
    now = timezone.now()
    act = ActivityFactory(
        team=team, by=world.venue, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=2)
    )
    by_leader = VolunteerFactory(region=world.gusu, unit=world.venue_unit, by=world.venue)
    by_phone = VolunteerFactory(region=world.gusu, unit=world.venue_unit, by=world.venue)
    signup = services.signup_create(activity=act, volunteer=by_leader)
    services.signup_create(activity=act, volunteer=by_phone)
    services.check_scan(activity=act, volunteer=by_phone, at=now - timedelta(minutes=50))
    services.check_scan(activity=act, volunteer=by_phone, at=now - timedelta(minutes=5))

    venue = login(world.venue)
    for action in ("in", "out"):
        response = venue.post(
            reverse("volunteers:leader_check", args=[act.pk]), {"signup": signup.pk, "action": action}
        )
        assert response.status_code == 302
    record = HourRecord.objects.get(volunteer=by_leader)
    assert record.checked_out_at is not None
    assert record.recorded_by == world.venue and record.checked_out_by == world.venue
    assert HourRecord.objects.get(volunteer=by_phone).checked_out_by is None

    page = venue.get(act.get_absolute_url()).content.decode()
    assert page.count('data-testid="checked-out-by"') == 1
    assert f"由负责人代签退 {world.venue.display_name}" in page
