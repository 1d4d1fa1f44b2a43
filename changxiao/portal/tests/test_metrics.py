"""The portal's figures per jurisdiction and year: what they count agrees with their records pages, each person's
figure counts what the person sees, and a figure reads a fixed number of queries however many facilities."""

from datetime import time, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from changxiao.core.deadlines import local_today
from changxiao.core.metrics import get_metric
from changxiao.orgs.models import PopulationRecord
from changxiao.portal import metrics
from changxiao.portal.services import attendance_record, hours_add

from .factories import ActivityFactory, FacilityFactory, week


def _value(code, region, user=None):
    return get_metric(code).value_for(region, local_today().year, user)


def test_the_facility_figures_agree_with_their_records_and_count_a_season_over_the_regular_week(world):
    year = local_today().year
    library = week(
        FacilityFactory(unit=world.venue_unit, region=world.gusu, by=world.office), by=world.office
    )  # 6 × 8 h
    museum = FacilityFactory(unit=world.venue_unit, region=world.gusu, by=world.office, kind="museum")
    week(museum, by=world.office, days=(1, 2, 3, 4, 5), opens=time(9), closes=time(12))  # 5 × 3 h
    today = local_today()
    hours_add(
        facility=museum,
        by=world.office,
        kind="seasonal",
        weekdays=[1, 2, 3, 4, 5, 6, 7],
        opens=time(8),
        closes=time(18),
        valid_from=today - timedelta(days=400),
        valid_to=today + timedelta(days=400),
    )  # the season's week replaces the regular one: 7 × 10 h
    FacilityFactory(unit=world.venue_unit, region=world.gusu, by=world.office)  # no hours
    assert _value(metrics.WEEKLY_HOURS, world.city).value == (48 + 70) / 2
    published = _value(metrics.HOURS_PUBLISHED, world.city)
    assert (published.numerator, published.denominator) == (2, 3)
    rows = metrics.facility_rows(world.city, year)
    assert [r["published"] for r in rows].count(True) == 2 and len(rows) == 3
    assert {r["facility"].pk: r["weekly_hours"] for r in rows}[library.pk] == 48
    kept = _value(metrics.RULE_COMPLIANCE, world.city)
    assert kept.numerator == sum(r["compliant"] for r in rows) and kept.denominator == 3
    assert _value(metrics.HOURS_PUBLISHED, world.city, world.outsider).denominator == 0


def test_the_activity_figures_count_and_sum_the_years_public_activities(world):
    year = local_today().year
    PopulationRecord.objects.create(region=world.city, year=year, resident=20_000)
    library = week(
        FacilityFactory(unit=world.venue_unit, region=world.gusu, by=world.office), by=world.office
    )
    held = ActivityFactory(facility=library, by=world.office)
    ActivityFactory(facility=library, by=world.office)
    when = timezone.now() - timedelta(days=1)
    type(held).objects.filter(pk=held.pk).update(starts_at=when, ends_at=when + timedelta(hours=2))
    held.refresh_from_db()
    attendance_record(activity=held, by=world.office, attendance=31)
    activities = _value(metrics.ACTIVITIES, world.city)
    attendance = _value(metrics.ATTENDANCE, world.city)
    if held.starts_at.year == year == (held.starts_at + timedelta(days=8)).year:
        assert (activities.numerator, activities.value) == (2, 1)
        assert (attendance.numerator, str(attendance.value)) == (31, "15.50")
        assert len(metrics.activity_rows(world.city, year)) == 2
    assert _value(metrics.ACTIVITIES, world.city, world.outsider).numerator == 0


def test_a_facility_figure_reads_a_fixed_number_of_queries(world):
    week(FacilityFactory(unit=world.venue_unit, region=world.gusu, by=world.office), by=world.office)
    _value(metrics.WEEKLY_HOURS, world.city, world.district)
    with CaptureQueriesContext(connection) as few:
        _value(metrics.WEEKLY_HOURS, world.city, world.district)
    for _n in range(4):
        week(FacilityFactory(unit=world.venue_unit, region=world.gusu, by=world.office), by=world.office)
    with CaptureQueriesContext(connection) as many:
        value = _value(metrics.WEEKLY_HOURS, world.city, world.district)
    assert value.denominator == 5 and len(many) == len(few)


def test_an_average_shows_no_empty_numerator_on_its_pages(world, client):
    week(FacilityFactory(unit=world.venue_unit, region=world.gusu, by=world.office), by=world.office)
    value = _value(metrics.WEEKLY_HOURS, world.city)
    client.force_login(world.office)
    year = local_today().year
    for url in (value.records_url, f"/metrics/?subject=region-{world.city.pk}&year={year}"):
        page = client.get(url)
        assert page.status_code == 200
        assert "None" not in page.content.decode()
