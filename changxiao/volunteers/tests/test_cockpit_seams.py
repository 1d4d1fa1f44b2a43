"""Culture volunteers in the cockpit: a forgotten check-out not reviewed in time and a certificate not answered in
time are warnings with the organizing unit as owner, a deadline and a link, seen only within the person's scope; the
annual report's section carries the metrics' figures."""

from datetime import timedelta

import pytest
from django.utils import timezone

from changxiao.core.annual_report import metric_figure
from changxiao.core.attention import attention_for
from changxiao.core.deadlines import add_workdays, local_today, replaying
from changxiao.volunteers import services
from changxiao.volunteers.annual_report import section
from changxiao.volunteers.attention import certificates_overdue, reviews_overdue
from changxiao.volunteers.metrics import ACTIVE, HOURS_PER_VOLUNTEER

from .factories import ActivityFactory, TeamFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def forgotten(world):
    """A volunteer of 姑苏区 checked in at the venue's activity and forgot to check out; then asked for a
    certificate."""
    team = TeamFactory(unit=world.venue_unit, by=world.venue)
    volunteer = VolunteerFactory(region=world.gusu, unit=world.venue_unit, by=world.venue)
    activity = ActivityFactory(team=team, by=world.venue)
    services.signup_create(activity=activity, volunteer=volunteer)
    services.checkin(activity=activity, volunteer=volunteer, at=activity.starts_at + timedelta(minutes=10))
    services.close_forgotten_checkouts(now=activity.ends_at + timedelta(minutes=121))
    certificate = services.certificate_request(volunteer=volunteer, unit=world.venue_unit)
    return activity, certificate


def _later(days=30):
    return replaying(local_today() + timedelta(days=days))


def test_nothing_is_overdue_while_there_is_time(world, forgotten):
    assert reviews_overdue(world.office, world.city.path) == []
    assert certificates_overdue(world.office, world.city.path) == []


def test_a_review_and_a_certificate_past_their_time_are_warnings_within_the_persons_scope(world, forgotten):
    activity, certificate = forgotten
    with _later():
        [review] = reviews_overdue(world.office, world.city.path)
        [late] = certificates_overdue(world.office, world.city.path)
        everything = attention_for(world.district, world.gusu.path)
        assert reviews_overdue(world.office2, world.city.path) == []
        assert certificates_overdue(world.office2, world.city.path) == []
        assert reviews_overdue(world.office2, world.city2.path) == []
        assert certificates_overdue(world.office2, world.city2.path) == []
        assert certificates_overdue(world.outsider, world.city.path) == []
        assert reviews_overdue(world.office, world.kunshan.path) == []
    assert review.owner == late.owner == world.venue_unit.name
    assert review.url == activity.get_absolute_url() and activity.title in review.title
    assert review.deadline == add_workdays(timezone.localtime(activity.ends_at).date(), 5)
    assert late.url == certificate.get_absolute_url() and certificate.number in late.title
    assert late.deadline == add_workdays(timezone.localdate(certificate.requested_at), 10)
    assert late.severity == "red" and review.severity == "yellow"
    assert {review.url, late.url} <= {item.url for item in everything}


def test_answered_in_the_end_they_leave_the_list(world, forgotten):
    activity, certificate = forgotten
    record = activity.hour_records.get()
    services.record_review(record=record, by=world.venue)
    services.certificate_refuse(certificate=certificate, by=world.venue, reason="请先核对服务记录")
    with _later():
        assert reviews_overdue(world.office, world.city.path) == []
        assert certificates_overdue(world.office, world.city.path) == []


def test_the_report_section_carries_the_metrics_figures(world, forgotten):
    year = timezone.localtime(forgotten[0].starts_at).year
    part = section(world.city, year)
    assert part.key == "volunteers" and part.figures[0].value == "1人"
    assert part.figures[2] == metric_figure(ACTIVE, world.city, year) and part.figures[2].value == "1人"
    assert part.figures[3] == metric_figure(HOURS_PER_VOLUNTEER, world.city, year)
    assert part.figures[4].value == "1场" and part.figures[6].value == "0份"
    assert "注册文化志愿者1人" in part.paragraphs[0] and part.figures[3].value in part.paragraphs[0]
