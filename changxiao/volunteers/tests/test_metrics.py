"""The volunteers' figures per jurisdiction and year, and the civil-affairs statistics."""

from datetime import datetime, timedelta
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from changxiao.core.deadlines import local_today
from changxiao.core.metrics import get_metric
from changxiao.orgs.models import PopulationRecord
from changxiao.volunteers import metrics, services
from changxiao.volunteers.models import ServiceYear

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
    assert statistics["share_of_residents"] == Decimal("0.00")
    # Hours served last year count in all the hours, not in this year's; last year's figures count them.
    served(team, volunteers[1], timezone.make_aware(datetime(year - 1, 6, 1, 9)), hours=2, by=world.venue)
    statistics = metrics.annual_statistics(world.gusu, year)
    assert (statistics["hours_total"], statistics["hours_year"]) == (5.0, 3.0)
    assert get_metric(metrics.ACTIVE).value_for(world.gusu, year).numerator == 1
    assert get_metric(metrics.HOURS_PER_VOLUNTEER).value_for(world.gusu, year).numerator == 3


def served(team, volunteer, starts_at, *, hours, by):
    """An activity of `team` at `starts_at` (past ones replayed as the demo replays them) and `volunteer`'s hours."""
    act = ActivityFactory(
        team=team, by=by, open=False, starts_at=starts_at, ends_at=starts_at + timedelta(hours=4)
    )
    services.activity_open(activity=act, by=by, confirmed=True, at=starts_at - timedelta(days=2))
    services.signup_create(activity=act, volunteer=volunteer, at=starts_at - timedelta(days=1))
    services.checkin(activity=act, volunteer=volunteer, at=starts_at)
    return services.checkout(activity=act, volunteer=volunteer, at=starts_at + timedelta(hours=hours))


def test_the_records_page_shows_the_hours_of_the_year_beside_those_in_all(world, login):
    year = local_today().year
    team = TeamFactory(unit=world.venue_unit, by=world.venue)
    volunteer = VolunteerFactory(region=world.gusu, unit=world.venue_unit, by=world.venue)
    idle = VolunteerFactory(region=world.gusu, unit=world.venue_unit, by=world.venue)
    served(team, volunteer, timezone.make_aware(datetime(year - 1, 6, 1, 9)), hours=2, by=world.venue)
    served(team, volunteer, timezone.make_aware(datetime(year, 1, 2, 9)), hours=1.5, by=world.venue)
    office = login(world.office)
    page = office.get(
        reverse("volunteers:metric_records", args=[metrics.HOURS_PER_VOLUNTEER]),
        {"region": world.gusu.pk, "year": year},
    )
    rows = {v.number: (v.year_hours, v.total_hours) for v in page.context["page"]}
    assert rows == {volunteer.number: (Decimal("1.5"), Decimal("3.5")), idle.number: (0, 0)}
    assert f"{year}年服务时长" in page.content.decode()
    active = office.get(
        reverse("volunteers:metric_records", args=[metrics.ACTIVE]), {"region": world.gusu.pk, "year": year}
    )
    assert [(v.number, v.year_hours) for v in active.context["page"]] == [(volunteer.number, Decimal("1.5"))]


def test_the_migration_counts_each_volunteers_years_as_the_services_keep_them(world):
    year = local_today().year
    team = TeamFactory(unit=world.venue_unit, by=world.venue)
    volunteers = [
        VolunteerFactory(region=region, unit=world.venue_unit, by=world.venue)
        for region in (world.gusu, world.pingjiang)
    ]
    for n, volunteer in enumerate(volunteers):
        served(team, volunteer, timezone.make_aware(datetime(year - 1, 3, 1 + n, 9)), hours=2, by=world.venue)
        served(team, volunteer, timezone.make_aware(datetime(year, 1, 2 + n, 9)), hours=1, by=world.venue)
    kept = sorted(ServiceYear.objects.values_list("volunteer", "region", "year", "minutes"))
    assert len(kept) == 4
    ServiceYear.objects.all().delete()
    import_module("changxiao.volunteers.migrations.0007_service_years").count_the_years(apps, None)
    assert sorted(ServiceYear.objects.values_list("volunteer", "region", "year", "minutes")) == kept


def test_the_hours_per_volunteer_a_person_reads_are_those_of_the_volunteers_they_see(world):
    year = local_today().year
    # One volunteer of 姑苏区 registered and served at the venue, one at 昆山's library (which the venue does not see).
    for day, hours, unit, person in (
        (2, 1, world.venue_unit, world.venue),
        (3, 3, world.outsider_unit, world.outsider),
    ):
        volunteer = VolunteerFactory(region=world.gusu, unit=unit, by=person)
        start = timezone.make_aware(datetime(year, 1, day, 9))
        served(TeamFactory(unit=unit, by=person), volunteer, start, hours=hours, by=person)
    metric = get_metric(metrics.HOURS_PER_VOLUNTEER)
    seen = metric.value_for(world.gusu, year, world.venue)
    assert (seen.numerator, seen.denominator, seen.value) == (1, 1, Decimal("1.0"))
    whole = metric.value_for(world.gusu, year)
    assert (whole.numerator, whole.denominator, whole.value) == (4, 2, Decimal("2.0"))
