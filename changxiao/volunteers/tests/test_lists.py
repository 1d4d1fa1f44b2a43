"""The volunteers list and the rankings: what each person sees, in which order, a page at a time, in a fixed number
of queries however many rows there are."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from changxiao.volunteers import services, views
from changxiao.volunteers.models import Volunteer

from .factories import ActivityFactory, TeamFactory, VolunteerFactory, id_number

pytestmark = pytest.mark.django_db


def _served(world, team, volunteers_minutes, **activity):
    """One activity of `team` where each (volunteer, minutes) served that long."""
    act = ActivityFactory(team=team, by=world.venue, capacity=len(volunteers_minutes) + 1, **activity)
    for volunteer, minutes in volunteers_minutes:
        services.signup_create(activity=act, volunteer=volunteer)
        services.checkin(activity=act, volunteer=volunteer, at=act.starts_at)
        services.checkout(activity=act, volunteer=volunteer, at=act.starts_at + timedelta(minutes=minutes))
    return act


def _volunteers(world, n):
    return [VolunteerFactory(region=world.gusu, unit=world.venue_unit, by=world.venue) for _ in range(n)]


def _listed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, [v.number for v in response.context["page"]]


def test_the_list_shows_most_hours_first_pages_and_counts_what_the_person_sees(world, client, monkeypatch):
    monkeypatch.setattr(views, "PAGE", 2)
    team = TeamFactory(unit=world.venue_unit, by=world.venue)
    a, b, c = _volunteers(world, 3)
    _served(world, team, [(a, 60), (b, 150), (c, 90)])
    VolunteerFactory(region=world.kunshan, unit=world.outsider_unit, by=world.outsider)  # another county's
    client.force_login(world.district)
    response, first = _listed(client, "/volunteers/people/")
    assert first == [b.number, c.number] and response.context["page"].paginator.count == 3
    assert _listed(client, "/volunteers/people/?page=2")[1] == [a.number]
    assert _listed(client, f"/volunteers/people/?number={a.number}")[1] == [a.number]
    assert _listed(client, "/volunteers/people/?number=PV-nobody")[1] == []
    assert "姑苏区" in response.content.decode()  # each row's area of residence, read with the page's rows
    client.force_login(world.outsider)
    response, listed = _listed(client, "/volunteers/people/")
    assert response.context["page"].paginator.count == 1 and a.number not in listed


def test_the_list_reads_a_fixed_number_of_queries(world, client):
    team = TeamFactory(unit=world.venue_unit, by=world.venue)
    _served(world, team, [(v, 60) for v in _volunteers(world, 2)])
    client.force_login(world.office)
    client.get("/volunteers/people/")
    with CaptureQueriesContext(connection) as few:
        client.get("/volunteers/people/")
    _served(world, team, [(v, 30) for v in _volunteers(world, 6)])
    with CaptureQueriesContext(connection) as more:
        response = client.get("/volunteers/people/")
    assert len(response.context["page"]) == 8 and len(more) == len(few)


def test_rankings_list_each_teams_ten_with_most_hours_of_the_year(world, client):
    team = TeamFactory(unit=world.venue_unit, by=world.venue)
    people = _volunteers(world, 12)
    act = _served(world, team, [(v, 30 + 10 * n) for n, v in enumerate(people)])
    # a second activity of the same team adds to the first volunteer's minutes: 30 + 170 = 200, first place
    _served(
        world,
        team,
        [(people[0], 170)],
        starts_at=act.starts_at + timedelta(days=1),
        ends_at=act.ends_at + timedelta(days=1),
    )
    year = timezone.localtime(act.starts_at).year
    client.force_login(world.district)
    response = client.get(f"/volunteers/rankings/?year={year}")
    ((shown, rows),) = response.context["tables"]
    assert shown == team
    assert [r["volunteer"].number for r in rows] == [people[0].number] + [v.number for v in people[:1:-1]][:9]
    assert [r["hours"] for r in rows[:2]] == [round(200 / 60, 1), round(140 / 60, 1)]
    assert len(rows) == 10
    # another year: nothing
    assert client.get(f"/volunteers/rankings/?year={year - 1}").context["tables"] == []
    # another county's venue does not see the team
    client.force_login(world.outsider)
    assert client.get(f"/volunteers/rankings/?year={year}").context["tables"] == []


def test_rankings_count_the_standing_version_of_a_corrected_record(world, client):
    team = TeamFactory(unit=world.venue_unit, by=world.venue)
    a, b = _volunteers(world, 2)
    act = _served(world, team, [(a, 60), (b, 90)])
    record = a.hour_records.get()
    services.record_correct(
        record=record,
        by=world.venue,
        checked_in_at=act.starts_at,
        checked_out_at=act.starts_at + timedelta(minutes=120),
        reason="签退时间记错",
    )
    client.force_login(world.venue)
    ((_team, rows),) = client.get(
        f"/volunteers/rankings/?year={timezone.localtime(act.starts_at).year}"
    ).context["tables"]
    assert [(r["volunteer"].number, r["minutes"]) for r in rows] == [(a.number, 120), (b.number, 90)]


def test_rankings_page_through_the_teams_with_hours_in_a_fixed_number_of_queries(world, client, monkeypatch):
    monkeypatch.setattr(views, "RANKED_TEAMS", 2)
    people = _volunteers(world, 3)
    teams = [TeamFactory(unit=world.venue_unit, by=world.venue, name=f"队{n}") for n in range(4)]
    TeamFactory(unit=world.venue_unit, by=world.venue, name="队0无时长")  # no hours: not ranked
    for n, team in enumerate(teams[:3]):
        act = _served(world, team, [(people[n], 60)])
    year = timezone.localtime(act.starts_at).year
    client.force_login(world.office)
    client.get(f"/volunteers/rankings/?year={year}")
    with CaptureQueriesContext(connection) as first_page:
        response = client.get(f"/volunteers/rankings/?year={year}")
    assert [t.name for t, _rows in response.context["tables"]] == ["队0", "队1"]
    assert response.context["page"].paginator.count == 3
    second = client.get(f"/volunteers/rankings/?year={year}&page=2")
    assert [t.name for t, _rows in second.context["tables"]] == ["队2"]
    assert f"year={year}&amp;page=2" in response.content.decode()
    _served(world, teams[0], [(v, 20) for v in _volunteers(world, 5)])
    with CaptureQueriesContext(connection) as more:
        client.get(f"/volunteers/rankings/?year={year}")
    assert len(more) == len(first_page)


def test_a_bad_year_shows_this_years_rankings(world, client):
    client.force_login(world.office)
    for year in ("abc", "99999999999", "1e20", "-5", "1800"):
        response = client.get(f"/volunteers/rankings/?year={year}")
        assert response.status_code == 200 and response.context["year"] == timezone.localdate().year


def test_a_bad_page_number_shows_a_page_of_the_lists(world, client):
    team = TeamFactory(unit=world.venue_unit, by=world.venue)
    _served(world, team, [(v, 60) for v in _volunteers(world, 2)])
    client.force_login(world.office)
    for page in ("abc", "0", "-1", "1e20", "99999999999999999999"):
        for url in (f"/volunteers/people/?page={page}", f"/volunteers/rankings/?page={page}"):
            response = client.get(url)
            assert response.status_code == 200, url
            assert response.context["page"].number in (1, response.context["page"].paginator.num_pages)


def test_volunteers_keys_are_those_visible_to_the_person(world):
    team = TeamFactory(unit=world.venue_unit, by=world.venue)
    mine = _volunteers(world, 2)
    _served(world, team, [(mine[0], 30)])
    VolunteerFactory(region=world.kunshan, unit=world.outsider_unit, by=world.outsider)
    for person in (world.office, world.district, world.venue, world.outsider, world.superuser):
        keys = {row["pk"] for row in Volunteer.objects.visible_keys(person)}
        assert keys == set(Volunteer.objects.visible_to(person).values_list("pk", flat=True))
        assert Volunteer.objects.visible_keys(person).count() == len(keys)


def test_the_workbench_counts_what_waits_per_activity_in_a_fixed_number_of_queries(world):
    from changxiao.volunteers.workbench import volunteer_todos

    team = TeamFactory(unit=world.venue_unit, by=world.venue)
    people = _volunteers(world, 5)
    asked = [ActivityFactory(team=team, by=world.venue, signup_mode="approved") for _ in range(2)]
    for n, volunteer in enumerate(people):
        services.signup_create(activity=asked[n % 2], volunteer=volunteer)
    forgotten = ActivityFactory(team=team, by=world.venue, capacity=5)
    for volunteer in people[:2]:
        services.signup_create(activity=forgotten, volunteer=volunteer)
        services.checkin(activity=forgotten, volunteer=volunteer, at=forgotten.starts_at)
    services.close_forgotten_checkouts(now=forgotten.ends_at + timedelta(hours=3))

    def waiting(person):
        return sorted((todo.url, todo.count) for todo in volunteer_todos(person))

    expected = sorted(
        [
            (asked[0].get_absolute_url(), 3),
            (asked[1].get_absolute_url(), 2),
            (forgotten.get_absolute_url(), 2),
        ]
    )
    assert waiting(world.venue) == expected == waiting(world.district)
    assert waiting(world.leader) == [] and waiting(world.outsider) == []
    with CaptureQueriesContext(connection) as read:
        waiting(world.venue)
    more = ActivityFactory(team=team, by=world.venue, signup_mode="approved")
    services.signup_create(activity=more, volunteer=people[0])
    with CaptureQueriesContext(connection) as read_more:
        assert len(waiting(world.venue)) == 4
    assert len(read_more) == len(read)


def test_the_registration_form_draws_its_places_once(world, login, monkeypatch):
    """The unit's form narrows the places to the person's city before drawing them (it drew the whole platform's,
    1,456 on a province, then its city's)."""
    from changxiao.volunteers import forms

    drawn = []
    real = forms.offer_by_district
    monkeypatch.setattr(
        forms, "offer_by_district", lambda field: drawn.append(len(field.queryset)) or real(field)
    )
    assert login(world.office).get("/volunteers/people/").status_code == 200
    assert drawn == [3]  # 姑苏区, 平江街道, 昆山市


def test_the_registration_form_offers_the_places_of_the_persons_own_city(world, login):
    from changxiao.orgs.choices import RegionLevel
    from conftest import make_region

    binhu = make_region("320211", "滨湖区", RegionLevel.COUNTY, world.city2)
    offered = {}
    for person in (world.office, world.district, world.venue, world.office2, world.leader, world.superuser):
        form = login(person).get("/volunteers/people/").context["form"]
        offered[person.username] = form and {r.name for r in form.fields["region"].queryset}
    ours = {"姑苏区", "平江街道", "昆山市"}
    assert offered == {
        "office": ours,
        "district": ours,
        "venue": ours,
        "office2": {"滨湖区"},
        "leader": None,  # reads only: no form
        "admin": ours | {"滨湖区"},
    }
    # Registering a resident of another city is refused, and nothing is stored.
    response = login(world.venue).post(
        "/volunteers/people/register/",
        {
            "name": "王小明",
            "id_number": id_number(),
            "phone": "13900000001",
            "region": binhu.pk,
            "unit": world.venue_unit.pk,
            "consent": "on",
        },
    )
    assert (
        response.status_code == 400
        and not Volunteer.objects.filter(phone_masked__startswith="139****").exists()
    )


def test_a_unit_sees_its_members_and_those_waiting_for_a_place_and_old_places_are_made_members(world):
    from importlib import import_module

    from django.apps import apps

    from changxiao.volunteers.models import Membership

    team = TeamFactory(unit=world.venue_unit, by=world.venue)
    act = ActivityFactory(team=team, by=world.venue, capacity=1)
    placed, waiting = (
        VolunteerFactory(region=world.kunshan, unit=world.outsider_unit, by=world.outsider) for _ in "ab"
    )
    services.signup_create(activity=act, volunteer=placed)
    services.signup_create(activity=act, volunteer=waiting)  # the one place is taken: waiting, no membership
    assert set(Membership.objects.values_list("volunteer", flat=True)) == {placed.pk}
    assert set(Volunteer.objects.visible_to(world.venue)) == {placed, waiting}
    assert not Volunteer.objects.visible_to(
        world.station_unit.memberships.first() or world.inspector
    ).exists()
    # A confirmed place of older data without its membership: the migration makes it, once.
    Membership.objects.all().delete()
    assert set(Volunteer.objects.visible_to(world.venue)) == {waiting}
    migration = import_module("changxiao.volunteers.migrations.0007_service_years")
    for _ in range(2):
        migration.members_of_confirmed_places(apps, None)
        assert list(Membership.objects.values_list("team", "volunteer")) == [(team.pk, placed.pk)]
    assert set(Volunteer.objects.visible_to(world.venue)) == {placed, waiting}


def test_the_overview_counts_each_teams_members_in_fixed_queries(world, login):
    office = login(world.office)
    teams = [TeamFactory(unit=world.venue_unit, by=world.venue, name=f"队{n}") for n in range(2)]
    office.get("/volunteers/")
    with CaptureQueriesContext(connection) as few:
        office.get("/volunteers/")
    for n, team in enumerate(teams):
        for volunteer in _volunteers(world, n + 2):
            services.member_add(team=team, by=world.venue, volunteer_number=volunteer.number)
    TeamFactory(unit=world.station_unit, by=world.office, name="队3")
    with CaptureQueriesContext(connection) as more:
        page = office.get("/volunteers/")
    assert {t.name: t.members for t in page.context["teams"]} == {"队0": 2, "队1": 3, "队3": 0}
    assert len(more) == len(few)
