"""Training: sessions with their days, attendance from the roster, each person's days a year against the standard
of their tier (configurable per zone, its source shown, unverified marked); bad input refused, nothing saved."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from changxiao.core.deadlines import local_today
from changxiao.core.metrics import get_metric
from changxiao.workforce.models import Attendance, TrainingSession
from changxiao.workforce.services import attendance_record, session_create, standard_set
from changxiao.workforce.training import standard_for

from .factories import PostFactory


def _session(world, *, unit=None, start=date(2026, 3, 2), end=date(2026, 3, 4), days=3):
    return session_create(
        organizer=unit or world.station_unit,
        by=world.office,
        title="乡镇文化站长培训班",
        level="county",
        start=start,
        end=end,
        days=days,
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start": "2026-12-30", "end": "2027-01-02", "days": "4"}, "计入一个年度"),
        ({"start": "2026-03-02", "end": "2026-03-03", "days": "3"}, "最多"),
        ({"start": "2026-03-04", "end": "2026-03-02", "days": "1"}, "结束日期不能早于"),
        ({"start": "2026-03-02", "end": "2026-03-02", "days": "0.3"}, "半天"),
    ],
)
def test_a_bad_session_is_refused_and_nothing_saved(world, client, data, message):
    client.force_login(world.district)
    response = client.post(
        reverse("workforce:session_create", args=[world.station_unit.pk]),
        {"title": "培训", "level": "county", **data},
        follow=True,
    )
    assert message in response.content.decode()
    assert not TrainingSession.objects.exists()


def test_attendance_is_recorded_from_the_roster_and_shown_against_the_standard(world, client):
    post = PostFactory(unit=world.station_unit, by=world.office)
    session = _session(world)
    client.force_login(world.district)
    response = client.post(
        reverse("workforce:attendance_add", args=[session.pk]), {"practitioners": [post.practitioner_id]}
    )
    assert response.status_code == 302
    assert Attendance.objects.get().days == 3
    roster = client.get(reverse("workforce:roster", args=[world.station_unit.pk]))
    shown = roster.context["posts"][0]
    year = local_today().year
    assert shown.training_days == (3 if year == 2026 else 0)
    assert roster.context["standard"].days == 5 and not roster.context["standard"].verified
    assert "待核实" in roster.content.decode()
    person = client.get(reverse("workforce:practitioner", args=[post.practitioner_id]))
    assert [(y["year"], y["days"], y["short"]) for y in person.context["training"]] == [(2026, 3, True)]


def test_someone_not_on_a_roster_the_person_keeps_cannot_be_recorded(world, client):
    stranger = PostFactory(unit=world.outsider_unit, by=world.office)
    session = _session(world)
    client.force_login(world.district)
    response = client.post(
        reverse("workforce:attendance_add", args=[session.pk]), {"practitioners": [stranger.practitioner_id]}
    )
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_training_days_beyond_the_year_are_refused_for_everyone(world):
    first = PostFactory(unit=world.station_unit, by=world.office)
    second = PostFactory(unit=world.station_unit, by=world.office)
    long = _session(world, start=date(2026, 1, 1), end=date(2026, 7, 19), days=200)
    attendance_record(session=long, by=world.office, practitioners=[first.practitioner])
    again = _session(world, start=date(2026, 7, 20), end=date(2026, 12, 31), days=165)
    attendance_record(session=again, by=world.office, practitioners=[first.practitioner])
    extra = _session(world, start=date(2026, 3, 1), end=date(2026, 3, 1), days=1)
    with pytest.raises(ValidationError, match="超过全年天数"):
        attendance_record(
            session=extra, by=world.office, practitioners=[second.practitioner, first.practitioner]
        )
    assert not Attendance.objects.filter(session=extra).exists()
    with pytest.raises(ValidationError):
        attendance_record(session=long, by=world.office, practitioners=[first.practitioner])


def test_a_zone_sets_its_own_standard_with_its_source(world, client):
    client.force_login(world.office)
    response = client.post(
        reverse("workforce:standard_set") + f"?region={world.city.pk}",
        {"tier": "grassroots", "days": "8", "source": "苏州市基层文化队伍建设意见", "verified": "on"},
    )
    assert response.status_code == 302
    standard = standard_for(world.pingjiang)
    assert (standard.days, standard.source, standard.verified, standard.owner) == (
        8,
        "苏州市基层文化队伍建设意见",
        True,
        world.city,
    )
    assert standard_for(world.gusu).days == 15  # county level: the shipped default
    client.force_login(world.district)
    assert (
        client.post(
            reverse("workforce:standard_set"), {"tier": "grassroots", "days": "1", "source": "x"}
        ).status_code
        == 403
    )
    with pytest.raises(ValidationError):
        standard_set(owner=world.city, by=world.office, tier="grassroots", days=400, source="x")


def test_the_training_rate_counts_the_rows_of_its_records_page(world, client):
    met = PostFactory(unit=world.station_unit, by=world.office)
    PostFactory(unit=world.station_unit, by=world.office)
    year = local_today().year
    session = _session(world, start=date(year, 1, 5), end=date(year, 1, 9), days=5)
    attendance_record(session=session, by=world.office, practitioners=[met.practitioner])
    value = get_metric("workforce.training_rate").value_for(world.gusu, year)
    assert (value.numerator, value.denominator) == (1, 2)
    client.force_login(world.district)
    page = client.get(value.records_url)
    assert page.status_code == 200
    assert [row["compliant"] for row in page.context["page"].object_list] == [True, False]


def test_the_training_rate_reads_a_fixed_number_of_queries_and_counts_what_the_person_sees(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    year = local_today().year
    session = _session(world, start=date(year, 1, 5), end=date(year, 1, 9), days=5)
    met = PostFactory(unit=world.station_unit, by=world.office)
    attendance_record(session=session, by=world.office, practitioners=[met.practitioner])
    PostFactory(unit=world.outsider_unit, by=world.office)  # another county's post: not the district's
    metric = get_metric("workforce.training_rate")
    metric.value_for(world.city, year, world.district)  # the person's scope read once
    with CaptureQueriesContext(connection) as few:
        value = metric.value_for(world.city, year, world.district)
    assert (value.numerator, value.denominator) == (1, 1)
    for _ in range(5):
        PostFactory(unit=world.station_unit, by=world.office)
    with CaptureQueriesContext(connection) as many:
        value = metric.value_for(world.city, year, world.district)
    assert (value.numerator, value.denominator) == (1, 6) and len(many) == len(few)
    assert metric.value_for(world.city, year).denominator == 7


def test_people_short_of_the_standard_are_a_to_do_of_their_unit(world):
    from changxiao.core.workbench import todos_for

    trained = PostFactory(unit=world.venue_unit, by=world.office)
    PostFactory(unit=world.venue_unit, by=world.office)
    year = local_today().year
    session = _session(world, unit=world.venue_unit, start=date(year, 1, 5), end=date(year, 1, 19), days=15)
    attendance_record(session=session, by=world.office, practitioners=[trained.practitioner])
    roster = reverse("workforce:roster", args=[world.venue_unit.pk])
    mine = [todo for todo in todos_for(world.venue) if todo.url == roster]
    assert [todo.count for todo in mine] == [1]
    for who in ("leader", "outsider", "office2"):
        assert not [todo for todo in todos_for(getattr(world, who)) if todo.url == roster]


def test_the_sessions_list_takes_the_same_queries_for_more_sessions(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.office)
    url = reverse("workforce:sessions")
    _session(world)
    client.get(url)  # the session and the menu warmed
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(10):
        _session(world)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_sessions_list_shows_sessions_attended_by_the_persons_people_with_their_attendees(world, client):
    """A session held in another county is listed for the bureau whose people attended it, with its count of
    attendees; a bureau none of whose people attended it does not see it."""
    ours = [PostFactory(unit=world.station_unit, by=world.office) for _ in range(2)]
    theirs = PostFactory(unit=world.outsider_unit, by=world.office)
    start = date(local_today().year, 3, 2)
    elsewhere = _session(world, unit=world.outsider_unit, start=start, end=start, days=1)
    attendance_record(
        session=elsewhere, by=world.office, practitioners=[p.practitioner for p in ours + [theirs]]
    )
    url = reverse("workforce:sessions")
    client.force_login(world.district)
    listed = {item.title: item.attendees for item in client.get(url).context["page"]}
    assert listed == {elsewhere.title: 3}
    client.force_login(world.office2)
    assert list(client.get(url).context["page"]) == []


def test_the_training_rate_reads_the_standards_once_wherever_the_posts_are(world):
    """One query for the standards of every region holding posts (a city's posts lie in 1,700 regions)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from changxiao.orgs.choices import RegionLevel, UnitKind, VenueType
    from conftest import make_region, make_unit

    year = local_today().year
    metric = get_metric("workforce.training_rate")
    standard_set(owner=world.city, by=world.office, tier="grassroots", days=3, source="市文件")
    PostFactory(unit=world.station_unit, by=world.office)
    with CaptureQueriesContext(connection) as one_region:
        assert metric.value_for(world.city, year).denominator == 1
    for n in range(3):
        village = make_region(f"320508001{n + 1:03d}", f"村{n}", RegionLevel.VILLAGE, world.pingjiang)
        unit = make_unit(f"V-{n}", f"村{n}文化室", UnitKind.VENUE, village, venue_type=VenueType.VILLAGE_ROOM)
        PostFactory(unit=unit, by=world.office)
    with CaptureQueriesContext(connection) as four_regions:
        value = metric.value_for(world.city, year)
    assert value.denominator == 4
    assert len(four_regions) == len(one_region)
