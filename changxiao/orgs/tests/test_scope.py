"""orgs.scope.inside: the rows of a person's jurisdiction, through the join on the region path or (indexed) by keys."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from changxiao.feedback.models import FeedbackItem
from changxiao.feedback.tests.factories import FeedbackFactory
from changxiao.orgs import scope
from changxiao.orgs.models import Region, Unit
from changxiao.orgs.scope import inside, narrowed, within

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(world):
    return {
        "gusu": FeedbackFactory(region=world.gusu),
        "pingjiang": FeedbackFactory(region=world.pingjiang),
        "kunshan": FeedbackFactory(region=world.kunshan),
        "city2": FeedbackFactory(region=world.city2),
    }


@pytest.mark.parametrize("indexed", [False, True])
def test_inside_a_subtree_through_a_relation(world, items, indexed):
    def codes(paths):
        found = FeedbackItem.objects.filter(inside(paths, "region__path", indexed=indexed))
        return {name for name, item in items.items() if found.filter(pk=item.pk).exists()}

    assert codes([world.gusu.path]) == {"gusu", "pingjiang"}
    assert codes([world.city.path]) == {"gusu", "pingjiang", "kunshan"}
    assert codes([world.gusu.path, world.city2.path]) == {"gusu", "pingjiang", "city2"}
    assert codes([world.province.path]) == set(items)
    assert codes([]) == set()
    # Beside another condition (a person's own units), as visible_to reads it.
    found = FeedbackItem.objects.filter(
        inside([world.kunshan.path], "region__path", indexed=indexed)
        | ~inside([world.city.path], "region__path")
    )
    assert set(found) == {items["kunshan"], items["city2"]}


def test_indexed_reads_the_regions_keys_not_a_join(world, items, monkeypatch):
    with CaptureQueriesContext(connection) as queries:
        list(FeedbackItem.objects.filter(within(world.gusu, indexed=True)))
    regions, rows = queries.captured_queries
    assert "orgs_region" in regions["sql"]  # the subtree's keys first
    assert "JOIN" not in rows["sql"] and "orgs_region" not in rows["sql"]
    assert str(world.pingjiang.pk) in rows["sql"]
    # On PostgreSQL the keys go as one array, not a placeholder each (what ANY is: IN's own form there).
    # cast to the column's type: a bigint beside psycopg's smallint[] is compared key by key, not hashed.
    if connection.vendor == "postgresql":
        assert "= ANY(" in rows["sql"] and " IN (" not in rows["sql"]
        assert "::bigint[])" in rows["sql"]
    # No key, no row; keys as any relation's (a deeper one) match as IN does.
    assert not FeedbackItem.objects.filter(region__keys=[]).exists()
    from changxiao.orgs.models import Membership

    deeper = set(Membership.objects.filter(unit__region__keys=[world.gusu.pk, world.pingjiang.pk]))
    assert deeper and deeper == set(Membership.objects.filter(unit__region__in=[world.gusu, world.pingjiang]))
    # And rows by their own keys.
    assert set(Region.objects.filter(pk__keys=frozenset([world.gusu.pk, world.city.pk]))) == {
        world.gusu,
        world.city,
    }
    # A subtree larger than INDEXED_REGIONS_MAX is matched through the join (a province: most of the table).
    monkeypatch.setattr(scope, "INDEXED_REGIONS_MAX", 1)
    with CaptureQueriesContext(connection) as queries:
        found = set(FeedbackItem.objects.filter(within(world.gusu, indexed=True)))
    assert found == {items["gusu"], items["pingjiang"]}
    assert "JOIN" in queries.captured_queries[-1]["sql"]


def test_inside_on_the_region_itself_and_deeper_relations(world):
    assert set(Unit.objects.filter(inside([world.gusu.path], "region__path"))) == {
        world.district_unit,
        world.venue_unit,
        world.station_unit,
    }
    from changxiao.orgs.models import Region

    assert set(Region.objects.filter(inside([world.gusu.path], "path"))) == {world.gusu, world.pingjiang}


def test_a_unit_sees_its_own_items_and_an_office_its_jurisdiction(world, items, login):
    assert set(FeedbackItem.objects.visible_to(world.district)) >= {items["gusu"], items["pingjiang"]}
    assert items["kunshan"] not in FeedbackItem.objects.visible_to(world.district)
    assert set(FeedbackItem.objects.visible_to(world.office)) == {
        items["gusu"],
        items["pingjiang"],
        items["kunshan"],
    }
    assert set(FeedbackItem.objects.visible_to(world.office2)) == {items["city2"]}


def test_feedback_visible_parts_are_visible_to_without_overlap(world, items):
    # An item of the county's bureau outside its county: seen by the bureau through its unit, once.
    items["elsewhere"] = FeedbackFactory(region=world.kunshan)
    FeedbackItem.objects.filter(pk=items["elsewhere"].pk).update(unit=world.district_unit)
    people = (world.office, world.district, world.venue, world.leader, world.outsider, world.superuser)
    for person in people:
        for region in (None, world.city, world.gusu, world.pingjiang, world.kunshan, world.city2):
            parts = [set(part) for part in FeedbackItem.objects.visible_parts(person, region)]
            expected = FeedbackItem.objects.visible_to(person)
            if region is not None:
                expected = expected.filter(within(region))
            assert set().union(*parts) == set(expected), (person, region)
            assert sum(len(part) for part in parts) == len(set().union(*parts)), (person, region)
    assert items["elsewhere"] in FeedbackItem.objects.visible_to(world.district)


def test_narrowed_is_the_intersection_of_subtrees(world):
    assert narrowed([world.city.path], world.gusu.path) == [world.gusu.path]
    assert narrowed([world.gusu.path, world.kunshan.path], world.city.path) == [
        world.gusu.path,
        world.kunshan.path,
    ]
    assert narrowed([world.gusu.path], world.kunshan.path) == []
    assert narrowed([world.gusu.path], world.gusu.path) == [world.gusu.path]
