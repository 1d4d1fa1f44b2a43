"""Staffing standards (issue 20, point 4): posts each township station and village centre needs by the population
it serves, set per zone with their source (the shipped default unverified), against the posts held — vacancies on
the roster and the overview, a jurisdiction's coverage, and workforce.post_coverage counting its records page."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from changxiao.core.deadlines import local_today
from changxiao.core.metrics import get_metric
from changxiao.orgs.choices import RegionLevel, UnitKind, VenueType
from changxiao.orgs.models import PopulationRecord, Region, Unit
from changxiao.workforce import staffing
from changxiao.workforce.models import StaffingStandard
from changxiao.workforce.services import staffing_standard_set

from .factories import PostFactory


def _village(world, code="320508001001", name="平江社区"):
    region = Region.objects.create(code=code, name=name, level=RegionLevel.VILLAGE, parent=world.pingjiang)
    region.path = region.compute_path()
    region.save(update_fields=["path"])
    return Unit.objects.create(
        code=f"V-{code}",
        name=f"{name}综合文化服务中心",
        kind=UnitKind.VENUE,
        region=region,
        venue_type=VenueType.VILLAGE_ROOM,
    )


def test_the_shipped_default_is_shown_unverified_and_a_vacancy_on_the_roster(world, client):
    client.force_login(world.district)
    page = client.get(reverse("workforce:roster", args=[world.station_unit.pk]))
    [need] = page.context["staffing"].needs
    assert (need.post_kind, need.required, need.held, need.vacancies) == ("established", 1, 0, 1)
    assert not need.figure.verified and "指导标准" in need.figure.source
    body = page.content.decode()
    assert "table-danger" in body
    PostFactory(unit=world.station_unit, by=world.office, kind="established")
    page = client.get(reverse("workforce:roster", args=[world.station_unit.pk]))
    assert page.context["staffing"].covered
    # A cultural centre is not sized by these standards.
    assert client.get(reverse("workforce:roster", args=[world.venue_unit.pk])).context["staffing"] is None


def test_a_zone_sets_bands_by_population_and_the_largest_reached_applies(world, client):
    client.force_login(world.office)
    url = reverse("workforce:staffing_set") + f"?region={world.city.pk}"
    body = {"facility": "township_station", "post_kind": "established", "source": "苏州市乡镇文化站建设标准"}
    assert client.post(url, {**body, "population_from": "0", "posts": "1"}).status_code == 302
    assert (
        client.post(url, {**body, "population_from": "50000", "posts": "2", "verified": "on"}).status_code
        == 302
    )
    day = local_today()
    item = staffing.unit_staffing(world.station_unit, day)
    assert item.population is None and item.population_missing
    assert item.needs[0].required == 1  # no population recorded: the first band, said so
    page = client.get(reverse("workforce:roster", args=[world.station_unit.pk]))
    assert "No population recorded" in page.content.decode() or "未登记人口" in page.content.decode()
    PopulationRecord.objects.create(
        region=world.pingjiang, year=day.year - 1, resident=62000, source="统计公报"
    )
    item = staffing.unit_staffing(world.station_unit, day)
    assert (item.population, item.needs[0].required, item.needs[0].figure.verified) == (62000, 2, True)
    assert item.needs[0].figure.owner == world.city
    settings_page = client.get(reverse("workforce:settings") + f"?region={world.city.pk}")
    assert "苏州市乡镇文化站建设标准" in settings_page.content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"posts": "-1"}, "posts"),
        ({"posts": "100000"}, "posts"),
        ({"posts": "1.5"}, "posts"),
        ({"posts": "1", "population_from": "-5"}, "population_from"),
        ({"posts": "1", "population_from": "99999999999999999999"}, "population_from"),
        ({"posts": "1", "source": ""}, "source"),
        ({"posts": "1", "facility": "museum"}, "facility"),
    ],
)
def test_a_bad_staffing_standard_is_refused_and_nothing_saved(world, client, data, field):
    client.force_login(world.office)
    body = {"facility": "village_room", "post_kind": "public_welfare", "population_from": "0", "source": "x"}
    response = client.post(reverse("workforce:staffing_set"), {**body, **data})
    assert response.status_code == 400
    assert field in response.context["staffing_form"].errors
    assert not StaffingStandard.objects.exists()


@pytest.mark.parametrize(
    ("posts", "population_from"), [(-1, 0), (201, 0), (1, -1), (1, 10**12), ("x", 0), (None, 0)]
)
def test_the_service_refuses_negative_or_huge_figures(world, posts, population_from):
    with pytest.raises(ValidationError):
        staffing_standard_set(
            owner=world.city,
            by=world.office,
            facility="township_station",
            post_kind="established",
            posts=posts,
            population_from=population_from,
            source="x",
        )
    assert not StaffingStandard.objects.exists()


def test_only_an_office_sets_a_standard(world, client):
    for persona in (world.district, world.leader, world.venue):
        client.force_login(persona)
        response = client.post(
            reverse("workforce:staffing_set"),
            {
                "facility": "village_room",
                "post_kind": "public_welfare",
                "population_from": "0",
                "posts": "3",
                "source": "x",
            },
        )
        assert response.status_code == 403
    # Another city's office sets its own, which does not apply in Suzhou.
    client.force_login(world.office2)
    response = client.post(
        reverse("workforce:staffing_set"),
        {
            "facility": "township_station",
            "post_kind": "established",
            "population_from": "0",
            "posts": "5",
            "source": "x",
        },
    )
    assert response.status_code == 302
    assert staffing.unit_staffing(world.station_unit, local_today()).needs[0].required == 1
    assert StaffingStandard.objects.get().owner == world.city2


def test_coverage_counts_the_rows_of_its_records_page_and_the_overview_lists_vacancies(world, client):
    village = _village(world)
    PostFactory(unit=world.station_unit, by=world.office, kind="established")
    year = local_today().year
    value = get_metric("workforce.post_coverage").value_for(world.gusu, year)
    assert (value.numerator, value.denominator) == (1, 2)
    client.force_login(world.district)
    page = client.get(value.records_url)
    assert page.status_code == 200
    rows = page.context["page"].object_list
    assert [(row.unit.pk, row.covered) for row in rows] == [
        (world.station_unit.pk, True),
        (village.pk, False),
    ]
    overview = client.get(reverse("workforce:overview") + f"?region={world.gusu.pk}")
    assert overview.context["coverage"].rate == 50.0
    assert [item.unit.pk for item in overview.context["vacant_units"]] == [village.pk]
    assert village.name in overview.content.decode()


def test_every_unit_with_vacancies_is_listed_a_page_at_a_time(world, client, monkeypatch):
    """The overview shows the first units with vacancies and links to all of them: the post coverage's records with
    only the units lacking a post, page by page, the jurisdiction and year kept from page to page."""
    monkeypatch.setattr("changxiao.workforce.views.VACANCIES_SHOWN", 1)
    monkeypatch.setattr("changxiao.workforce.views.RECORDS_PAGE_SIZE", 1)
    villages = [_village(world, code=f"32050800100{n}", name=f"社区{n}") for n in (1, 2)]
    PostFactory(unit=world.station_unit, by=world.office, kind="established")
    year = local_today().year
    client.force_login(world.leader)
    overview = client.get(reverse("workforce:overview") + f"?region={world.gusu.pk}")
    assert [item.unit.pk for item in overview.context["vacant_units"]] == [villages[0].pk]
    assert overview.context["vacant_count"] == 2
    url = reverse("workforce:metric_records", args=["workforce.post_coverage"]) + f"?region={world.gusu.pk}"
    listed = f"{url}&amp;year={year}&amp;vacant=1"
    assert listed in overview.content.decode()
    first = client.get(f"{url}&year={year}&vacant=1")
    assert [row.unit.pk for row in first.context["page"]] == [villages[0].pk]
    assert (first.context["counted"], first.context["vacant"]) == (3, 2)
    assert f"?region={world.gusu.pk}&amp;year={year}&amp;vacant=1&amp;page=2" in first.content.decode()
    second = client.get(f"{url}&year={year}&vacant=1&page=2")
    assert [row.unit.pk for row in second.context["page"]] == [villages[1].pk]
    every = client.get(f"{url}&year={year}")
    assert every.context["page"].paginator.count == 3 and not every.context["vacant_only"]
    client.force_login(world.outsider)
    assert client.get(f"{url}&year={year}&vacant=1").status_code == 404


def test_the_coverage_records_work_out_the_staffing_once_for_the_figure_and_the_rows(
    world, client, monkeypatch
):
    """The figure above the rows is the rows' own (it was worked out twice: once for the figure, once for the rows)."""
    from changxiao.workforce import staffing

    calls = []
    real = staffing.staffing_of
    monkeypatch.setattr(staffing, "staffing_of", lambda *args: calls.append(args) or real(*args))
    _village(world)
    PostFactory(unit=world.station_unit, by=world.office, kind="established")
    year = local_today().year
    value = get_metric("workforce.post_coverage").value_for(world.gusu, year)
    calls.clear()
    client.force_login(world.office)
    page = client.get(value.records_url)
    assert len(calls) == 1
    shown = page.context["value"]
    assert (shown.numerator, shown.denominator) == (value.numerator, value.denominator) == (1, 2)
    assert "50" in page.content.decode()


def _five_more_staffed_villages(world) -> None:
    """What the query-count tests add between their two readings: five village centres, each with a post."""
    for n in range(5):
        unit = _village(world, code=f"32050800100{n + 2}", name=f"社区{n}")
        PostFactory(unit=unit, by=world.office, kind="public_welfare", start=date(2025, 1, 1))


def test_the_coverage_records_read_a_fixed_number_of_queries_however_many_units(world, client):
    url = reverse("workforce:metric_records", args=["workforce.post_coverage"])
    url += f"?region={world.gusu.pk}&year={local_today().year}&vacant=1"
    client.force_login(world.office)
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    _five_more_staffed_villages(world)
    with CaptureQueriesContext(connection) as second:
        response = client.get(url)
    assert response.context["counted"] == 6 and len(second) == len(first)


def test_scoping_of_vacancies_per_persona(world, client):
    _village(world)
    year = local_today().year
    client.force_login(world.outsider)
    assert client.get(reverse("workforce:roster", args=[world.station_unit.pk])).status_code == 404
    for persona in (world.office2, world.outsider):
        client.force_login(persona)
        overview = client.get(reverse("workforce:overview"))
        assert all(
            item.unit.region_path.startswith(world.gusu.path) is False
            for item in overview.context["vacant_units"]
        )
        records = client.get(
            reverse("workforce:metric_records", args=["workforce.post_coverage"])
            + f"?region={world.gusu.pk}&year={year}"
        )
        assert records.status_code == 404
    client.force_login(world.leader)
    records = client.get(
        reverse("workforce:metric_records", args=["workforce.post_coverage"])
        + f"?region={world.gusu.pk}&year={year}"
    )
    assert records.status_code == 200 and len(records.context["page"].object_list) == 2


def test_the_overview_reads_staffing_in_a_constant_number_of_queries(world, client):
    client.force_login(world.office)
    url = reverse("workforce:overview") + f"?region={world.gusu.pk}"
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    _five_more_staffed_villages(world)
    with CaptureQueriesContext(connection) as second:
        client.get(url)
    assert len(second) == len(first)


def test_a_staffing_standard_is_removed_by_its_office_after_confirmation(world, client):
    from changxiao.core.models import TimelineEvent

    standard = staffing_standard_set(
        owner=world.city,
        by=world.office,
        facility="township_station",
        post_kind="established",
        posts=2,
        source="示范区创建标准",
    )
    url = reverse("workforce:staffing_remove", args=[standard.pk])
    client.force_login(world.district)
    assert client.post(url, {"confirmed": "1"}).status_code == 403
    client.force_login(world.office)
    settings_page = client.get(reverse("workforce:settings") + f"?region={world.city.pk}")
    assert url in settings_page.content.decode()
    page = client.post(url)
    assert page.status_code == 200 and "core/confirm.html" in [t.name for t in page.templates]
    assert StaffingStandard.objects.filter(pk=standard.pk).exists()
    with pytest.raises(ValidationError):
        from changxiao.workforce.services import staffing_standard_remove

        staffing_standard_remove(standard=standard, by=world.office)
    assert client.post(url, {"confirmed": "1"}).status_code == 302
    assert not StaffingStandard.objects.filter(pk=standard.pk).exists()
    event = TimelineEvent.objects.for_object(world.city).get(verb="staffing_standard_removed")
    assert event.actor == world.office and "示范区创建标准" in event.comment
    after = client.get(reverse("workforce:settings") + f"?region={world.city.pk}")
    assert event in after.context["changes"]


def test_a_jurisdictions_figures_are_the_sum_of_its_parts_at_every_level(world, client):
    """The overview counts per region directly inside and per unit located in the region itself (issue 20, the
    overview at a city's scale): a post deep in the tree counts once, in the child it lies in, and the totals equal
    the rows shown — people in post and the post coverage alike."""
    village = _village(world)
    canglang = Region.objects.create(
        code="320508002", name="沧浪街道", level=RegionLevel.TOWNSHIP, parent=world.gusu
    )
    canglang.path = canglang.compute_path()
    canglang.save(update_fields=["path"])
    station2 = Unit.objects.create(
        code="CL-ZHAN",
        name="沧浪街道综合文化站",
        kind=UnitKind.VENUE,
        region=canglang,
        venue_type=VenueType.TOWNSHIP_STATION,
    )
    PostFactory(unit=world.station_unit, by=world.office, kind="established")
    for _ in range(2):
        PostFactory(unit=village, by=world.office, kind="public_welfare", role="administrator")
    PostFactory(unit=world.venue_unit, by=world.office, kind="established")
    client.force_login(world.office)

    def shown(region):
        context = client.get(reverse("workforce:overview") + f"?region={region.pk}").context
        data = context["data"]
        children = {
            child.code: (tally.people, covered.units, covered.covered)
            for child, tally, covered in context["children"]
        }
        units = {unit.code: tally.people for unit, tally in data.units}
        assert data.total.people == sum(people for people, _u, _c in children.values()) + sum(units.values())
        return data.total.people, children, units, context["coverage"]

    total, children, units, coverage = shown(world.gusu)
    assert total == 4 and units == {"GS-WTL": 0, "GS-WHG": 1}
    assert children == {"320508001": (3, 2, 2), "320508002": (0, 1, 0)}
    assert (coverage.units, coverage.covered, coverage.vacancies) == (3, 2, 1)
    total, children, units, _coverage = shown(world.pingjiang)
    assert total == 3 and units == {"GS-PJ-ZHAN": 1} and children == {"320508001001": (2, 1, 1)}
    total, children, _units, _coverage = shown(world.city)
    assert total == 4 and children["320508"] == (4, 3, 2) and children["320583"] == (0, 0, 0)
    assert station2.pk not in {
        unit.pk
        for unit, _tally in client.get(reverse("workforce:overview") + f"?region={world.gusu.pk}")
        .context["data"]
        .units
    }
