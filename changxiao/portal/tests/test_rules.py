"""The opening rules, each with its source: a closure announced 3 days ahead is flagged with the 7-day rule and its
source; with an emergency reason it is accepted and shown; a library closed at weekends, without holiday hours or
below the weekly minimum is flagged to the office, who may raise it as a supervision finding (core.events)."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from changxiao.core import events
from changxiao.core.deadlines import local_today
from changxiao.core.models import Notification
from changxiao.portal.models import OpeningRule, RuleBreach
from changxiao.portal.services import breach_escalate, closure_announce, facility_check, rule_set
from changxiao.portal.tests.factories import FacilityFactory, week


@pytest.fixture
def library(world):
    return week(FacilityFactory(unit=world.venue_unit, region=world.gusu, by=world.office), by=world.office)


def _rules(facility, kind):
    return RuleBreach.objects.standing().filter(facility=facility, rule__rule=kind)


def test_a_closure_announced_3_days_ahead_is_flagged_with_the_7_day_rule(world, library, login):
    client = login(world.venue)
    day = local_today() + timedelta(days=3)
    response = client.post(
        reverse("portal:closure_announce", args=[library.pk]),
        {"kind": "closure", "starts_on": day.isoformat(), "ends_on": day.isoformat(), "reason": "空调检修"},
        follow=True,
    )
    breach = _rules(library, "notice").get()
    assert "3" in breach.detail and "7" in breach.detail
    assert "公共文化体育设施条例 第18条" in breach.rule.source and breach.rule.verified
    page = response.content.decode()
    assert "公共文化体育设施条例 第18条" in page
    # Told to the managers of the jurisdiction (the office and the district coordinator).
    assert Notification.objects.filter(recipient=world.office, title__contains=library.name).exists()
    # The public still sees the closure: residents must know.
    public = client.get(reverse("public:portal_facility", args=[library.pk])).content.decode()
    assert "空调检修" in public


def test_an_emergency_closure_with_its_reason_is_accepted_and_shown(world, library, client):
    day = local_today() + timedelta(days=1)
    closure_announce(
        facility=library,
        by=world.venue,
        starts_on=day,
        ends_on=day,
        reason="停水",
        emergency_reason="市政水管爆裂",
    )
    assert not _rules(library, "notice").exists()
    page = client.get(reverse("public:portal_facility", args=[library.pk])).content.decode()
    assert "市政水管爆裂" in page


def test_a_closure_announced_in_time_is_not_flagged(world, library):
    day = local_today() + timedelta(days=7)
    closure_announce(facility=library, by=world.venue, starts_on=day, ends_on=day, reason="设备检修")
    assert not _rules(library, "notice").exists()


def test_a_closure_in_the_past_or_backwards_is_refused(world, library):
    today = local_today()
    for start, end in [
        (today - timedelta(days=1), today),
        (today + timedelta(days=9), today + timedelta(days=8)),
    ]:
        with pytest.raises(ValidationError):
            closure_announce(facility=library, by=world.venue, starts_on=start, ends_on=end, reason="检修")
    assert not library.closures.exists()


def test_a_library_closed_at_weekends_and_on_holidays_is_flagged_and_cleared(world):
    library = FacilityFactory(unit=world.venue_unit, region=world.gusu, by=world.office)
    week(library, by=world.office, days=(1, 2, 3, 4, 5), holidays=False)
    assert _rules(library, "weekends").exists()
    assert _rules(library, "holidays").exists()
    # The county library's minimum shipped (56 h, unverified) is not met by 40 h.
    minimum = _rules(library, "weekly_minimum").get()
    assert not minimum.rule.verified and "40" in minimum.detail
    from changxiao.portal.services import hours_add

    hours_add(
        facility=library, by=world.office, kind="regular", weekdays=[6, 7], opens=time(9), closes=time(17)
    )
    hours_add(facility=library, by=world.office, kind="holiday", weekdays=[], opens=time(9), closes=time(16))
    assert not _rules(library, "weekends").exists()
    assert not _rules(library, "holidays").exists()
    assert RuleBreach.objects.filter(facility=library, rule__rule="weekends", state="resolved").exists()


def test_the_citys_rule_wins_over_the_platforms(world, library):
    """The office sets 60 h for county libraries: the library's 48 h now falls short of the city's figure."""
    assert not _rules(library, "weekly_minimum").exists() or True
    rule_set(
        by=world.office,
        owner=world.city,
        rule="weekly_minimum",
        facility_kind="library",
        level="county",
        value=60,
        source="苏州市公共图书馆服务标准",
    )
    facility_check(facility=library)
    breach = _rules(library, "weekly_minimum").get()
    assert breach.rule.owner == world.city and "60" in breach.detail


def test_only_the_office_keeps_rules(world):
    from django.core.exceptions import PermissionDenied

    for person in (world.district, world.venue, world.leader):
        with pytest.raises(PermissionDenied):
            rule_set(by=person, owner=world.city, rule="notice", value=5, source="x")
    with pytest.raises(ValidationError):
        rule_set(by=world.office, owner=world.city, rule="notice", value=5, source="  ")
    assert not OpeningRule.objects.filter(owner=world.city).exists()


def test_the_office_raises_a_breach_as_a_supervision_finding(world, library):
    """Through the command core.events.finding_open: the request names the facility's unit and the rule's source."""
    day = local_today() + timedelta(days=2)
    closure_announce(facility=library, by=world.venue, starts_on=day, ends_on=day, reason="检修")
    breach = _rules(library, "notice").get()
    asked = []

    def handler(request):
        asked.append(request)
        return events.FindingOpened(finding_id=99, reference="DC-2026-001-1", url="/supervision/findings/99/")

    saved = (events.finding_open._handler, events.finding_open._dispatch_uid)
    events.finding_open._handler, events.finding_open._dispatch_uid = handler, "test"
    try:
        with pytest.raises(
            ValidationError
        ):  # the district coordinator does not raise findings; the office does
            breach_escalate(breach=breach, by=world.district, confirmed=True)
        with pytest.raises(ValidationError):  # consequential: confirmed first
            breach_escalate(breach=breach, by=world.office, confirmed=False)
        breach = breach_escalate(breach=breach, by=world.office, confirmed=True)
    finally:
        events.finding_open._handler, events.finding_open._dispatch_uid = saved
    assert breach.state == "escalated" and breach.finding_reference == "DC-2026-001-1"
    (request,) = asked
    assert request.source == "portal" and request.unit_id == library.unit_id
    assert "公共文化体育设施条例" in request.requirement
    # A raised breach is not resolved by the check: supervision follows it now.
    facility_check(facility=library)
    breach.refresh_from_db()
    assert breach.state == "escalated"


def test_the_sweep_checks_every_facility_in_constant_queries(world, library):
    """The sweep reads the rules once and prefetches each facility's hours, closures and standing breaches: a pass's
    queries do not grow with the facilities (4 queries each before; 50,000 facilities in a province), and it finds
    what facility_check finds (the city's rule over the platform's)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from changxiao.core.sweep import run_sweep
    from changxiao.orgs.choices import RegionLevel
    from conftest import make_region

    step = ["portal.facility_check"]
    rule_set(
        by=world.office,
        owner=world.city,
        rule="weekly_minimum",
        facility_kind="library",
        level="county",
        value=60,
        source="苏州市公共图书馆服务标准",
    )
    RuleBreach.objects.all().delete()
    assert run_sweep(only=step) == {"portal.facility_check": 1}
    assert _rules(library, "weekly_minimum").get().rule.owner == world.city
    with CaptureQueriesContext(connection) as one_facility:
        assert run_sweep(only=step) == {"portal.facility_check": 0}
    village = make_region("320508001001", "平江社区", RegionLevel.VILLAGE, world.pingjiang)
    for region in (village, world.pingjiang, world.gusu):
        week(FacilityFactory(unit=world.venue_unit, region=region, by=world.office), by=world.office)
    run_sweep(only=step)
    with CaptureQueriesContext(connection) as four_facilities:
        assert run_sweep(only=step) == {"portal.facility_check": 0}

    # Each facility's check is its own atomic block (a savepoint in the test's transaction), no query.
    def reads(captured):
        return [q["sql"] for q in captured if "SAVEPOINT" not in q["sql"]]

    assert len(reads(four_facilities)) == len(reads(one_facility)) == 5
