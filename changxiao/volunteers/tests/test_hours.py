"""Check-in and check-out, the hours they give, and the rules that make them hold up."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from changxiao.volunteers import services
from changxiao.volunteers.choices import RecordRule
from changxiao.volunteers.models import HourRecord, ServiceYear, Volunteer

from .factories import ActivityFactory, TeamFactory, VolunteerFactory, today_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(world):
    return TeamFactory(unit=world.venue_unit, by=world.venue)


@pytest.fixture
def volunteer(world):
    return VolunteerFactory(region=world.gusu, unit=world.venue_unit, by=world.venue)


def _signed_up(team, volunteer, world, by=None, **activity):
    act = ActivityFactory(team=team, by=by or world.venue, **activity)
    services.signup_create(activity=act, volunteer=volunteer)
    return act


def test_hours_run_from_the_check_in_to_the_check_out_and_the_total_is_kept(world, team, volunteer):
    act = _signed_up(team, volunteer, world)
    services.checkin(activity=act, volunteer=volunteer, at=act.starts_at - timedelta(minutes=20))
    record = services.checkout(activity=act, volunteer=volunteer, at=act.starts_at + timedelta(minutes=150))
    # Arriving 20 minutes early is not service: 150 minutes from the start.
    assert record.minutes == 150 and record.rule == RecordRule.ACTUAL
    volunteer.refresh_from_db()
    assert volunteer.total_minutes == 150


def test_a_check_in_outside_the_window_or_twice_is_refused_and_nothing_changes(world, team, volunteer):
    act = _signed_up(team, volunteer, world)
    with pytest.raises(ValidationError, match="签到|Check-in"):
        services.checkin(activity=act, volunteer=volunteer, at=act.starts_at - timedelta(hours=2))
    with pytest.raises(ValidationError):
        services.checkin(activity=act, volunteer=volunteer, at=act.ends_at + timedelta(minutes=1))
    services.checkin(activity=act, volunteer=volunteer, at=act.starts_at)
    with pytest.raises(ValidationError):
        services.checkin(activity=act, volunteer=volunteer, at=act.starts_at + timedelta(minutes=5))
    assert HourRecord.objects.count() == 1


def test_overlapping_hours_across_teams_are_refused(world, team, volunteer):
    other_team = TeamFactory(unit=world.station_unit, by=world.office)
    first = _signed_up(team, volunteer, world)
    second = _signed_up(other_team, volunteer, world, by=world.office)
    services.checkin(activity=first, volunteer=volunteer, at=first.starts_at)
    with pytest.raises(ValidationError):
        services.checkin(activity=second, volunteer=volunteer, at=first.starts_at + timedelta(minutes=30))
    services.checkout(activity=first, volunteer=volunteer, at=first.starts_at + timedelta(hours=2))
    # A correction of the first onto hours the second then holds is refused too.
    services.checkin(
        activity=second, volunteer=volunteer, at=first.starts_at + timedelta(hours=2, minutes=10)
    )
    services.checkout(
        activity=second, volunteer=volunteer, at=first.starts_at + timedelta(hours=2, minutes=50)
    )
    record = HourRecord.objects.standing().get(activity=first)
    with pytest.raises(ValidationError):
        services.record_correct(
            record=record,
            by=world.venue,
            checked_in_at=first.starts_at,
            checked_out_at=first.ends_at,
            reason="补录",
        )


def test_a_forgotten_check_out_is_counted_to_the_planned_end_and_listed(world, team, volunteer):
    act = _signed_up(team, volunteer, world)
    services.checkin(activity=act, volunteer=volunteer, at=act.starts_at + timedelta(minutes=10))
    # Within the two hours' grace after the end, nothing is closed; past it, closed at the planned end.
    assert services.close_forgotten_checkouts(now=act.ends_at + timedelta(minutes=60)) == 0
    assert services.close_forgotten_checkouts(now=act.ends_at + timedelta(minutes=121)) == 1
    record = HourRecord.objects.standing().get()
    assert record.checked_out_at == act.ends_at and record.minutes == 170
    assert record.rule == RecordRule.CAPPED and record.needs_review
    assert Volunteer.objects.get(pk=volunteer.pk).total_minutes == 170
    assert services.close_forgotten_checkouts(now=act.ends_at + timedelta(hours=5)) == 0  # once
    # Too late to check out oneself.
    with pytest.raises(ValidationError):
        services.checkout(activity=act, volunteer=volunteer, at=act.ends_at + timedelta(hours=3))


def test_a_day_over_twelve_hours_is_flagged(world, team, volunteer):
    early = _signed_up(team, volunteer, world, starts_at=today_at(6, days=1), ends_at=today_at(12, days=1))
    late = _signed_up(
        team, volunteer, world, starts_at=today_at(12, 30, days=1), ends_at=today_at(20, days=1)
    )
    services.checkin(activity=early, volunteer=volunteer, at=early.starts_at)
    services.checkout(activity=early, volunteer=volunteer, at=early.ends_at)
    services.checkin(activity=late, volunteer=volunteer, at=late.starts_at)
    record = services.checkout(activity=late, volunteer=volunteer, at=late.ends_at)
    assert record.long_day and record.minutes == 450


def test_a_correction_is_a_new_version_and_a_certified_record_never_changes(world, team, volunteer):
    act = _signed_up(team, volunteer, world)
    services.checkin(activity=act, volunteer=volunteer, at=act.starts_at)
    first = services.checkout(activity=act, volunteer=volunteer, at=act.starts_at + timedelta(hours=1))
    with pytest.raises(ValidationError):
        services.record_correct(
            record=first, by=world.venue, checked_in_at=act.starts_at, checked_out_at=act.ends_at, reason=""
        )
    second = services.record_correct(
        record=first,
        by=world.venue,
        checked_in_at=act.starts_at,
        checked_out_at=act.ends_at,
        reason="忘记签退",
    )
    first.refresh_from_db()
    assert first.superseded_by == second and second.version == 2 and second.minutes == 180
    assert Volunteer.objects.get(pk=volunteer.pk).total_minutes == 180
    certificate = services.certificate_request(volunteer=volunteer, unit=world.venue_unit)
    services.certificate_issue(
        certificate=certificate, by=world.venue, responsible_person="陈馆长", handler="陈静", confirmed=True
    )
    certificate.refresh_from_db()
    assert certificate.minutes == 180 and list(certificate.records.all()) == [second]
    with pytest.raises(ValidationError, match="证明|certificate"):
        services.record_correct(
            record=second,
            by=world.venue,
            checked_in_at=act.starts_at,
            checked_out_at=act.ends_at - timedelta(hours=1),
            reason="改",
        )
    assert HourRecord.objects.standing().get() == second


def test_the_leader_checks_in_a_volunteer_without_a_phone_and_a_reader_may_not(world, team, volunteer):
    act = _signed_up(team, volunteer, world)
    with pytest.raises(Exception):  # noqa: B017 — PermissionDenied
        services.checkin(activity=act, volunteer=volunteer, by=world.leader, at=act.starts_at)
    record = services.checkin(activity=act, volunteer=volunteer, by=world.venue, at=act.starts_at)
    assert record.by_leader


def test_a_double_scan_does_not_check_out(world, team, volunteer):
    act = _signed_up(team, volunteer, world)
    services.check_scan(activity=act, volunteer=volunteer, at=act.starts_at)
    with pytest.raises(ValidationError, match="签退|check out"):
        services.check_scan(activity=act, volunteer=volunteer, at=act.starts_at + timedelta(seconds=20))
    assert HourRecord.objects.get().checked_out_at is None
    record = services.check_scan(activity=act, volunteer=volunteer, at=act.starts_at + timedelta(hours=1))
    assert record.minutes == 60


def test_a_check_in_far_from_the_place_is_refused_and_one_without_a_position_is_marked(
    world, team, volunteer
):
    # 姑苏区文化馆 (about): 31.3089 N, 120.6186 E; 0.01° of latitude is about 1.1 km.
    act = _signed_up(team, volunteer, world, latitude=Decimal("31.308900"), longitude=Decimal("120.618600"))
    at = act.starts_at
    with pytest.raises(ValidationError, match="1,112|1112"):
        services.check_scan(activity=act, volunteer=volunteer, at=at, position=(31.3189, 120.6186))
    assert not HourRecord.objects.exists()
    near = services.check_scan(activity=act, volunteer=volunteer, at=at, position=(31.3092, 120.6188))
    assert near.located is True
    other = VolunteerFactory(region=world.gusu, unit=world.venue_unit, by=world.venue)
    services.signup_create(activity=act, volunteer=other)
    blind = services.check_scan(activity=act, volunteer=other, at=at)
    assert blind.located is False  # accepted, and marked for the leader


def test_an_activity_takes_both_coordinates_or_neither(world, team):
    with pytest.raises(ValidationError):
        ActivityFactory(team=team, by=world.venue, latitude=Decimal("31.3"))
    assert ActivityFactory(team=team, by=world.venue).latitude is None


def test_a_check_in_decided_on_a_read_another_scan_overtook_stores_one_record(world, team, volunteer):
    """Two scans of one volunteer that both read 'not checked in' (the lock makes it rare, a replica or a retry
    could not): the database's one standing record per sign-up lets one insert through and the other is told."""
    act = _signed_up(team, volunteer, world)
    stale = services._checkin_read(act, volunteer, act.starts_at)
    first = services.check_scan(activity=act, volunteer=volunteer, at=act.starts_at)
    with pytest.raises(ValidationError, match="已在该活动签到|Already checked in"):
        services._checkin(act, stale, None, act.starts_at + timedelta(seconds=1))
    assert list(HourRecord.objects.values_list("pk", flat=True)) == [first.pk]
    assert first.pk is not None and first.checked_in_at == act.starts_at


def _kept(volunteer) -> dict[int, int]:
    """The minutes kept per year (zero where a correction took them all away)."""
    kept = ServiceYear.objects.filter(volunteer=volunteer).values_list("year", "minutes")
    return {year: minutes for year, minutes in kept if minutes}


def _counted(volunteer) -> dict[int, int]:
    """The same sums from the standing, checked-out records themselves."""
    return dict(
        HourRecord.objects.standing()
        .filter(volunteer=volunteer, checked_out_at__isnull=False)
        .annotate(year=ExtractYear("checked_in_at"))
        .values_list("year")
        .annotate(minutes=Sum("minutes"))
        .order_by()
    )


def test_the_minutes_of_each_year_are_kept_beside_the_total_and_follow_a_correction_over_new_year(
    world, team, volunteer
):
    year = timezone.localdate().year - 2
    eve = timezone.make_aware(datetime(year, 12, 31, 22))
    act = ActivityFactory(
        team=team, by=world.venue, open=False, starts_at=eve, ends_at=eve + timedelta(hours=3)
    )
    services.activity_open(activity=act, by=world.venue, confirmed=True, at=eve - timedelta(days=3))
    services.signup_create(activity=act, volunteer=volunteer, at=eve - timedelta(days=2))
    services.checkin(activity=act, volunteer=volunteer, at=eve)
    record = services.checkout(activity=act, volunteer=volunteer, at=eve + timedelta(minutes=90))
    assert _kept(volunteer) == _counted(volunteer) == {year: 90}  # checked in on New Year's Eve
    # A check-out forgotten this year, closed by the stated rule, counts in this year.
    later = _signed_up(team, volunteer, world)
    services.checkin(activity=later, volunteer=volunteer, at=later.starts_at)
    services.close_forgotten_checkouts(now=later.ends_at + timedelta(minutes=121))
    this_year = timezone.localtime(later.starts_at).year
    assert _kept(volunteer) == _counted(volunteer) == {year: 90, this_year: 180}
    # The check-in was in fact ten minutes after midnight: the minutes move to the new year.
    services.record_correct(
        record=record,
        by=world.venue,
        checked_in_at=eve + timedelta(hours=2, minutes=10),
        checked_out_at=eve + timedelta(hours=3),
        reason="签到时间记错",
    )
    assert _kept(volunteer) == _counted(volunteer) == {year + 1: 50, this_year: 180}
    assert Volunteer.objects.get(pk=volunteer.pk).total_minutes == 230
    assert ServiceYear.objects.filter(volunteer=volunteer).first().region == world.gusu
