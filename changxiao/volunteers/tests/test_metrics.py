"""The volunteers' figures per jurisdiction and year, and the civil-affairs statistics."""

from datetime import timedelta
from decimal import Decimal

import pytest

from changxiao.core.deadlines import local_today
from changxiao.core.metrics import get_metric
from changxiao.orgs.models import PopulationRecord
from changxiao.volunteers import metrics, services
from changxiao.volunteers.models import HourRecord

from .factories import ActivityFactory, TeamFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


def test_per_10k_active_hours_and_activities_per_venue(world):
    year = local_today().year
    team = TeamFactory(unit=world.venue_unit, by=world.venue)
    volunteers = [
        VolunteerFactory(region=world.gusu, unit=world.venue_unit, by=world.venue) for _ in range(3)
    ]
    act = ActivityFactory(team=team, by=world.venue)
    services.signup_create(activity=act, volunteer=volunteers[0])
    services.checkin(activity=act, volunteer=volunteers[0], at=act.starts_at)
    services.checkout(activity=act, volunteer=volunteers[0], at=act.starts_at + timedelta(hours=3))
    # No population recorded: no figure, never a division by a missing number.
    assert get_metric(metrics.PER_10K).value_for(world.gusu, year).value is None
    PopulationRecord.objects.create(
        region=world.gusu, year=year, resident=600_000, source="区统计公报（虚构）"
    )
    value = get_metric(metrics.PER_10K).value_for(world.gusu, year)
    assert (value.numerator, value.denominator, value.value) == (3, 600_000, Decimal("0.05"))
    assert get_metric(metrics.ACTIVE).value_for(world.gusu, year).numerator == 1
    assert get_metric(metrics.HOURS_PER_VOLUNTEER).value_for(world.gusu, year).value == Decimal("1.0")
    per_venue = get_metric(metrics.ACTIVITIES_PER_VENUE).value_for(world.gusu, year)
    # One activity over the two venues of 姑苏区: its cultural centre and 平江街道's station.
    assert (per_venue.numerator, per_venue.denominator) == (1, 2)
    # The outsider's district counts none of them.
    assert get_metric(metrics.ACTIVE).value_for(world.kunshan, year).numerator == 0
    statistics = metrics.annual_statistics(world.gusu, year)
    assert statistics["registered"] == 3 and statistics["hours_year"] == 3.0
    assert statistics["hours_total"] == 3.0
    # Hours served last year count in all the hours, not in this year's.
    record = HourRecord.objects.get(volunteer=volunteers[0])
    HourRecord.objects.filter(pk=record.pk).update(
        checked_in_at=record.checked_in_at.replace(year=year - 1),
        checked_out_at=record.checked_out_at.replace(year=year - 1),
    )
    last_year = metrics.annual_statistics(world.gusu, year)
    assert (last_year["hours_total"], last_year["hours_year"]) == (3.0, 0)
    assert statistics["share_of_residents"] == Decimal("0.00")
