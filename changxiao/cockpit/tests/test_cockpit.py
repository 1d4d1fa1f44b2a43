"""The cockpit's tiles: every published figure with its target, direction, thresholds, source, freshness and records;
the layouts the office arranges per audience; the drill-down whose parts add up to the whole."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from changxiao.cockpit import services
from changxiao.cockpit.drilldown import drill, parts_of
from changxiao.cockpit.figures import figures_for
from changxiao.cockpit.models import Layout, MetricFigure
from changxiao.core.metric_targets import HIGHER, LOWER, target_for, targets_for
from changxiao.core.metrics import all_metrics, get_metric

YEAR = 2026
RECTIFIED = "supervision.rectification_on_time_rate"
OVERDUE = "supervision.findings_overdue"


@pytest.fixture
def indicator_sets(db):
    from changxiao.assessment.indicator_data import load_shipped

    load_shipped()


def _tiles(response):
    return {tile.metric.code: tile for tile in response.context["tiles"]}


def test_every_published_metric_is_a_tile_with_its_target_from_the_indicator_sets(
    world, login, indicator_sets, supervision_story
):
    page = login(world.leader).get(reverse("cockpit:cockpit"), {"year": YEAR})
    assert page.status_code == 200
    tiles = _tiles(page)
    assert set(tiles) == {m.code for m in all_metrics() if "region" in m.subjects}
    rectified = tiles[RECTIFIED]
    # 1 rectified on time of 3 counted (the venue's on time and open one, the station's open one, the finance
    # bureau's late one: 4 counted) → 25.0%, below the 90% pass level of the long-term management set: red.
    assert (rectified.figure.numerator, rectified.figure.denominator) == (1, 4)
    assert rectified.target.direction == HIGHER and rectified.target.target == Decimal("90")
    assert rectified.target.excellent == Decimal("98")
    assert "三（二）" in rectified.target.source
    assert rectified.state == "red"
    overdue = tiles[OVERDUE]
    assert overdue.target.direction == LOWER
    assert overdue.figure.value == 3 and overdue.state == "red"  # 3 > the pass level 2
    html = page.content.decode()
    assert escape(rectified.figure.records_url) in html
    assert "supervision:metric_records" not in html


def test_a_stale_figure_is_grey_until_computed_again(world, login, indicator_sets, supervision_story):
    client = login(world.office)
    client.get(reverse("cockpit:cockpit"), {"year": YEAR})
    MetricFigure.objects.filter(metric_code=RECTIFIED).update(computed_at=timezone.now() - timedelta(hours=5))
    tile = _tiles(client.get(reverse("cockpit:cockpit"), {"year": YEAR}))[RECTIFIED]
    assert tile.stale and tile.state == "grey"
    response = client.post(reverse("cockpit:figures_recompute") + f"?region={world.city.pk}&year={YEAR}")
    assert response.status_code == 302
    tile = _tiles(client.get(reverse("cockpit:cockpit"), {"year": YEAR}))[RECTIFIED]
    assert not tile.stale and tile.state == "red"


def test_the_office_arranges_a_layout_and_overrides_a_target(world, login, indicator_sets, supervision_story):
    client = login(world.office)
    response = client.post(
        reverse("cockpit:layout_list"),
        {"region": world.city.pk, "name": "领导小组", "audience": "leading_group", "is_default": "on"},
    )
    layout = Layout.objects.get()
    assert response.status_code == 302 and layout.is_default
    for code in (OVERDUE, RECTIFIED):
        client.post(reverse("cockpit:tile_add", args=[layout.pk]), {"metric_code": code})
    overdue, rectified = layout.tiles.order_by("position")
    client.post(reverse("cockpit:tile_move", args=[layout.pk, rectified.pk]), {"step": "-1"})
    assert [t.metric_code for t in layout.tiles.order_by("position")] == [RECTIFIED, OVERDUE]
    client.post(
        reverse("cockpit:tile_target", args=[layout.pk, rectified.pk]),
        {
            f"t{rectified.pk}-direction": "higher",
            f"t{rectified.pk}-target": "20",
            f"t{rectified.pk}-target_source": "领导小组2026年第1次会议",
        },
    )
    page = login(world.leader).get(reverse("cockpit:cockpit"), {"year": YEAR})
    tiles = page.context["tiles"]
    assert [t.metric.code for t in tiles] == [RECTIFIED, OVERDUE]
    assert tiles[0].target.source == "领导小组2026年第1次会议" and tiles[0].state == "green"  # 25.0% ≥ 20
    login(world.office).post(reverse("cockpit:tile_remove", args=[layout.pk, overdue.pk]))
    assert [t.metric_code for t in layout.tiles.all()] == [RECTIFIED]


def test_a_target_needs_its_source(world, login):
    layout = services.layout_create(
        by=world.office, region=world.city, name="L", audience="leading_group", is_default=False
    )
    tile = services.tile_add(layout=layout, by=world.office, metric_code=RECTIFIED)
    client = login(world.office)
    client.post(
        reverse("cockpit:tile_target", args=[layout.pk, tile.pk]),
        {f"t{tile.pk}-direction": "higher", f"t{tile.pk}-target": "20", f"t{tile.pk}-target_source": ""},
    )
    tile.refresh_from_db()
    assert tile.target is None


@pytest.mark.parametrize("code", [OVERDUE, RECTIFIED, "supervision.accountability_actions"])
def test_a_jurisdictions_totals_equal_the_sum_of_its_parts(world, supervision_story, code):
    """Down every level: 苏州市 = 姑苏区 + 昆山市 + the city's own units; 姑苏区 = 平江街道 + its units; a township = its
    units. A count adds up, a rate is recomputed from the parts' numerators and denominators."""
    metric = get_metric(code)
    for region in (world.city, world.gusu, world.pingjiang):
        data = drill(world.office, metric, region, YEAR)
        whole, total = data["whole"], data["sum"]
        assert whole.value == total.value, region.name
        if not metric.additive:
            assert (whole.numerator, whole.denominator) == (total.numerator, total.denominator)
    assert get_metric(OVERDUE).additive and not get_metric(RECTIFIED).additive


def test_the_parts_of_each_level(world):
    children, units = parts_of(world.office, world.city)
    assert {c.name for c in children} == {"姑苏区", "昆山市"}
    assert world.member_unit in units and world.venue_unit not in units
    children, units = parts_of(world.office, world.pingjiang)
    assert children == [] and units == [world.station_unit]
    # The district coordinator's cockpit reaches only its district.
    children, units = parts_of(world.district, world.gusu)
    assert [c.name for c in children] == ["平江街道"]


def test_drill_down_pages_by_place_and_by_mechanism(world, login, supervision_story):
    client = login(world.leader)
    page = client.get(reverse("cockpit:figure", args=[OVERDUE]), {"region": world.city.pk, "year": YEAR})
    assert page.status_code == 200
    parts = {row["part"].name: row["figure"].value for row in page.context["rows"]}
    assert parts["姑苏区"] == 2 and parts["昆山市"] == 0 and parts["市财政局"] == 1
    assert page.context["sum"].value == page.context["whole"].value == 3
    township = client.get(reverse("cockpit:cockpit"), {"region": world.pingjiang.pk, "year": YEAR})
    assert township.status_code == 200 and township.context["units"] == [world.station_unit]
    unit = client.get(reverse("cockpit:cockpit"), {"unit": world.station_unit.pk, "year": YEAR})
    assert _tiles(unit)[OVERDUE].figure.value == 1
    # Outside the leader's jurisdiction: the other city answers 404.
    assert client.get(reverse("cockpit:cockpit"), {"region": world.city2.pk}).status_code == 404


def test_the_figures_are_read_in_a_constant_number_of_queries(
    world, django_assert_max_num_queries, supervision_story
):
    metrics = [m for m in all_metrics() if "region" in m.subjects]
    subjects = [world.city, world.gusu, world.kunshan]
    figures_for(metrics, subjects, YEAR)
    with django_assert_max_num_queries(2):
        figures_for(metrics, subjects, YEAR)


def test_the_grid_colours_each_jurisdiction_by_the_chosen_tile(
    world, login, indicator_sets, supervision_story
):
    page = login(world.leader).get(reverse("cockpit:cockpit"), {"year": YEAR, "grid": OVERDUE})
    cells = {cell["region"].name: cell["state"] for cell in page.context["grid"]}
    # 姑苏区: 2 overdue, at the pass level (≤ 2) but not excellent (0): yellow; 昆山市: none: green.
    assert cells == {"姑苏区": "yellow", "昆山市": "green"}


def test_the_assessment_fills_the_targets_seam(world, indicator_sets):
    target = target_for("workforce.certified_rate", world.gusu)
    assert target is not None and target.direction == HIGHER and not target.verified
    assert target_for("no.such_metric", world.gusu) is None
    # Every tile's target in one query, the same as asked one by one (one query a tile made a cockpit 37 queries).
    codes = [metric.code for metric in all_metrics()]
    with CaptureQueriesContext(connection) as captured:
        targets = targets_for(codes + ["no.such_metric"], world.gusu)
    assert len(captured) == 1 and "workforce.certified_rate" in targets and "no.such_metric" not in targets
    assert targets == {code: target_for(code, world.gusu) for code in codes if target_for(code, world.gusu)}


def test_the_sweep_computes_stale_figures_again(world, supervision_story):
    from changxiao.cockpit.sweep_steps import refresh_stale_figures
    from changxiao.core.deadlines import local_today

    metrics = [get_metric(OVERDUE)]
    year = local_today().year
    figures_for(metrics, [world.city, world.gusu], year)
    MetricFigure.objects.update(computed_at=timezone.now() - timedelta(hours=5), value=99)
    assert refresh_stale_figures() == 2
    assert refresh_stale_figures() == 0  # fresh now: nothing to do
    assert set(MetricFigure.objects.values_list("value", flat=True)) != {Decimal(99)}


def test_each_audience_gets_its_layout(world, login):
    leading = services.layout_create(
        by=world.office, region=world.city, name="领导小组", audience="leading_group", is_default=True
    )
    services.tile_add(layout=leading, by=world.office, metric_code=RECTIFIED)
    district = services.layout_create(
        by=world.office, region=world.city, name="区领导", audience="district_leader", is_default=False
    )
    services.tile_add(layout=district, by=world.office, metric_code=OVERDUE)
    wall = services.layout_create(
        by=world.office, region=world.city, name="大屏", audience="wall_screen", is_default=False
    )
    services.tile_add(layout=wall, by=world.office, metric_code="supervision.accountability_actions")
    assert login(world.leader).get(reverse("cockpit:cockpit")).context["layout"] == leading
    assert login(world.district).get(reverse("cockpit:cockpit")).context["layout"] == district
    assert login(world.leader).get(reverse("cockpit:cockpit"), {"mode": "wall"}).context["layout"] == wall
    chosen = login(world.district).get(reverse("cockpit:cockpit"), {"layout": leading.pk})
    assert chosen.context["layout"] == leading


def test_the_sweep_computes_the_jurisdictions_figures_ahead(world):
    from changxiao.cockpit.sweep_steps import compute_missing_figures

    regional = [m for m in all_metrics() if "region" in m.subjects]
    # 江苏省, 苏州市, 姑苏区, 昆山市, 无锡市: the townships wait for a drill-down.
    assert compute_missing_figures() == 5 * len(regional)
    assert compute_missing_figures() == 0
    assert not MetricFigure.objects.filter(region=world.pingjiang).exists()
