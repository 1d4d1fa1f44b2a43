"""Practitioners and their posts: registration with the identity card number checked (GB 11643), personal data
encrypted at rest and masked, overlapping posts refused, moves keeping the history, and who sees whom."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from changxiao.workforce.models import PersonalDataView, Post, Practitioner
from changxiao.workforce.services import practitioner_move

from .factories import PostFactory, id_number


def _register(client, unit, **overrides):
    data = {
        "name": "赵敏",
        "id_number": "11010519491231002X",
        "phone": "13912345678",
        "kind": "established",
        "role": "manager",
        "start": "2026-01-05",
        **overrides,
    }
    return client.post(reverse("workforce:roster", args=[unit.pk]), data)


def test_a_unit_registers_a_practitioner_stored_encrypted_and_shown_masked(world, client):
    client.force_login(world.venue)
    response = _register(client, world.venue_unit)
    assert response.status_code == 302
    person = Practitioner.objects.get()
    raw = " ".join([person.name_encrypted, person.id_number_encrypted, person.phone_encrypted])
    assert "赵敏" not in raw and "11010519491231002X" not in raw and "13912345678" not in raw
    assert (person.name_masked, person.id_number_masked, person.phone_masked) == (
        "赵*",
        "110***********002X",
        "139****5678",
    )
    page = client.get(reverse("workforce:roster", args=[world.venue_unit.pk])).content.decode()
    assert "赵*" in page and "赵敏" not in page
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM workforce_practitioner")
        assert "11010519491231002X" not in str(cursor.fetchall())


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("11010519491231002", "身份证号为18位"),
        ("110105194912310021", "校验码与前17位不符"),
        ("110105194913310028", "应为出生日期"),
        ("11010519491231002A", "身份证号为18位"),
    ],
)
def test_a_malformed_identity_card_number_is_refused_and_nothing_saved(world, client, value, message):
    client.force_login(world.venue)
    response = _register(client, world.venue_unit, id_number=value)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Practitioner.objects.exists() and not Post.objects.exists()


def test_overlapping_posts_are_refused_with_the_post_named(world, client):
    PostFactory(unit=world.station_unit, by=world.office, name="赵敏", id_number="11010519491231002X")
    client.force_login(world.venue)
    response = _register(client, world.venue_unit, start="2026-01-05")
    assert response.status_code == 400
    assert "已在" in response.content.decode()
    assert "平江街道综合文化站" in response.content.decode()
    assert Post.objects.count() == 1


def test_the_same_number_under_another_name_is_refused(world, client):
    PostFactory(
        unit=world.station_unit, by=world.office, name="赵敏", id_number="11010519491231002X", end=None
    )
    Post.objects.update(end=date(2025, 12, 31))
    client.force_login(world.venue)
    response = _register(client, world.venue_unit, name="赵明")
    assert response.status_code == 400
    assert "已登记在另一姓名下" in response.content.decode()
    assert Post.objects.count() == 1


def test_someone_who_worked_elsewhere_is_found_again_and_keeps_the_history(world, client):
    old = PostFactory(unit=world.station_unit, by=world.office, name="赵敏", id_number="11010519491231002X")
    Post.objects.filter(pk=old.pk).update(end=date(2025, 12, 31))
    client.force_login(world.venue)
    assert _register(client, world.venue_unit).status_code == 302
    assert Practitioner.objects.count() == 1
    assert Post.objects.filter(practitioner=old.practitioner).count() == 2


def test_a_move_ends_the_post_and_starts_the_next(world, client):
    post = PostFactory(unit=world.station_unit, by=world.office)
    new = practitioner_move(post=post, to_unit=world.venue_unit, by=world.district, on=date(2026, 2, 1))
    post.refresh_from_db()
    assert post.end == date(2026, 1, 31)
    assert (new.unit, new.start, new.end) == (world.venue_unit, date(2026, 2, 1), None)
    client.force_login(world.district)
    page = client.get(reverse("workforce:practitioner", args=[post.practitioner_id])).content.decode()
    assert "平江街道综合文化站" in page and "姑苏区文化馆" in page


def test_a_move_outside_what_the_person_keeps_is_refused(world):
    from django.core.exceptions import PermissionDenied

    post = PostFactory(unit=world.venue_unit, by=world.office)
    with pytest.raises(PermissionDenied):
        practitioner_move(post=post, to_unit=world.station_unit, by=world.venue, on=date(2026, 2, 1))
    assert Post.objects.get().end is None


def test_ending_before_the_start_is_refused(world, client):
    post = PostFactory(unit=world.venue_unit, by=world.office)
    client.force_login(world.venue)
    client.post(reverse("workforce:post_end", args=[post.pk]), {"end": "2024-01-01"})
    post.refresh_from_db()
    assert post.end is None


@pytest.mark.parametrize(
    ("who", "sees_venue", "sees_station", "sees_outsider"),
    [
        ("venue", True, False, False),
        ("district", True, True, False),
        ("office", True, True, True),
        ("leader", True, True, True),
        ("outsider", False, False, True),
        ("office2", False, False, False),
    ],
)
def test_each_persona_sees_the_people_of_its_own_units_or_jurisdiction(
    world, client, who, sees_venue, sees_station, sees_outsider
):
    people = {
        "venue": PostFactory(unit=world.venue_unit, by=world.office).practitioner,
        "station": PostFactory(unit=world.station_unit, by=world.office).practitioner,
        "outsider": PostFactory(unit=world.outsider_unit, by=world.office).practitioner,
    }
    client.force_login(getattr(world, who))
    seen = {
        key: client.get(reverse("workforce:practitioner", args=[person.pk])).status_code == 200
        for key, person in people.items()
    }
    assert seen == {"venue": sees_venue, "station": sees_station, "outsider": sees_outsider}
    visible = set(Practitioner.objects.visible_to(getattr(world, who)))
    assert visible == {people[key] for key, yes in seen.items() if yes}


def test_the_leader_reads_and_is_offered_nothing(world, client):
    post = PostFactory(unit=world.venue_unit, by=world.office)
    client.force_login(world.leader)
    page = client.get(reverse("workforce:roster", args=[world.venue_unit.pk])).content.decode()
    assert post.practitioner.name_masked in page
    assert 'name="id_number"' not in page
    assert _register(client, world.venue_unit).status_code == 403


def test_the_full_personal_data_is_shown_to_the_keeper_and_logged(world, client):
    post = PostFactory(unit=world.venue_unit, by=world.office, name="赵敏", id_number="11010519491231002X")
    client.force_login(world.venue)
    page = client.post(reverse("workforce:personal_data", args=[post.practitioner_id])).content.decode()
    assert "赵敏" in page and "11010519491231002X" in page
    assert PersonalDataView.objects.filter(viewer=world.venue).count() == 1


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_the_roster_and_the_overview_take_the_same_queries_for_more_people(world, client):
    client.force_login(world.office)
    roster = reverse("workforce:roster", args=[world.station_unit.pk])
    overview = reverse("workforce:overview") + f"?region={world.gusu.pk}"
    PostFactory(unit=world.station_unit, by=world.office, id_number=id_number())
    _queries(client, roster)  # the session and the menu's caches warmed
    few = (_queries(client, roster), _queries(client, overview))
    for _n in range(5):
        PostFactory(unit=world.station_unit, by=world.office, id_number=id_number())
    PostFactory(unit=world.venue_unit, by=world.office, id_number=id_number())
    assert (_queries(client, roster), _queries(client, overview)) == few


def test_a_unit_the_person_left_reads_the_history_and_changes_nothing(world, client):
    post = PostFactory(unit=world.venue_unit, by=world.office)
    practitioner_move(post=post, to_unit=world.station_unit, by=world.district, on=date(2026, 2, 1))
    client.force_login(world.venue)
    page = client.get(reverse("workforce:practitioner", args=[post.practitioner_id]))
    assert page.status_code == 200
    # Its own post only (the timeline tells the move), which it may still cancel as entered by mistake; no
    # certificate or personal data of the person is its to change.
    assert [shown.unit for shown, _manages in page.context["posts"]] == [world.venue_unit]
    assert not page.context["changes"]
    response = client.post(reverse("workforce:personal_data", args=[post.practitioner_id]))
    assert response.status_code == 403
    client.force_login(world.district)
    assert client.post(reverse("workforce:personal_data", args=[post.practitioner_id])).status_code == 200
