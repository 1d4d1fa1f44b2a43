"""The metrics page of a jurisdiction reads its sub-jurisdictions' figures as the cockpit keeps them: its queries do
not grow with the number of sub-jurisdictions (bench/province.py: a city of eight counties took seconds)."""

from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from changxiao.cockpit.models import MetricFigure
from changxiao.orgs.choices import RegionLevel
from conftest import make_region


def _queries(client, city):
    """The queries of a second opening of the city's metrics page (the first computes and keeps missing figures)."""
    client.get(reverse("cockpit:metrics"), {"subject": f"region-{city.pk}"})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("cockpit:metrics"), {"subject": f"region-{city.pk}"})
    assert response.status_code == 200
    return len(captured), response


def test_sub_jurisdictions_figures_are_read_kept_in_constant_queries(world, login):
    office = login(world.office)
    before, response = _queries(office, world.city)
    assert {child for child, _values in response.context["children"]} == {world.gusu, world.kunshan}
    for n in range(3):
        make_region(f"32059{n}", f"新区{n}", RegionLevel.COUNTY, world.city)
    after, response = _queries(office, world.city)
    assert len(response.context["children"]) == 5
    assert after == before


def test_the_subjects_own_figures_are_the_kept_ones_with_their_time_and_compute_now(world, login):
    """The subject's row reads the kept figures too (computing every metric live took 0.7-0.9 s on a province), shows
    when each was computed, and the office computes them again from the page; a leader sees no button."""
    office = login(world.office)
    page = {"subject": f"region-{world.city.pk}", "year": 2026}
    office.get(reverse("cockpit:metrics"), page)
    kept = MetricFigure.objects.filter(region=world.city, year=2026)
    code = kept.first().metric_code
    kept.filter(metric_code=code).update(
        value=Decimal("12.5"), computed_at=timezone.now() - timedelta(hours=5)
    )
    response = office.get(reverse("cockpit:metrics"), page)
    figure = dict(response.context["rows"])
    shown = next(value for metric, value in figure.items() if metric.code == code)
    assert shown.value == Decimal("12.5")
    text = response.content.decode()
    assert "12.5" in text and "数据已过时" in text and "立即计算" in text
    response = office.post(
        reverse("cockpit:figures_recompute") + f"?region={world.city.pk}&year=2026&back=metrics"
    )
    assert response.status_code == 302 and response.url.startswith(reverse("cockpit:metrics"))
    assert kept.get(metric_code=code).value != Decimal("12.5")
    assert "立即计算" not in login(world.leader).get(reverse("cockpit:metrics"), page).content.decode()


def test_a_district_coordinator_computes_its_district_again_five_times_a_minute(world, client):
    """After recording the district's data its coordinator need not wait for the sweep: they compute 姑苏区's figures
    again from the page (not the city's: 404); a sixth press within the minute is refused with a message and
    computes nothing; the read-only leader is offered no button and refused."""
    page = {"subject": f"region-{world.gusu.pk}", "year": 2026}
    recompute = reverse("cockpit:figures_recompute") + f"?region={world.gusu.pk}&year=2026&back=metrics"
    client.force_login(world.district)
    assert "立即计算" in client.get(reverse("cockpit:metrics"), page).content.decode()
    kept = MetricFigure.objects.filter(region=world.gusu, year=2026)
    code = kept.first().metric_code
    kept.filter(metric_code=code).update(value=Decimal("12.5"))
    response = client.post(recompute, follow=True)
    assert kept.get(metric_code=code).value != Decimal("12.5")
    assert "已重新计算" in response.content.decode()

    for _again in range(4):
        assert "已重新计算" in client.post(recompute, follow=True).content.decode()
    kept.filter(metric_code=code).update(value=Decimal("12.5"))
    response = client.post(recompute, follow=True)
    assert "一分钟内已重新计算5次" in response.content.decode()
    assert kept.get(metric_code=code).value == Decimal("12.5")

    city = reverse("cockpit:figures_recompute") + f"?region={world.city.pk}&year=2026"
    assert client.post(city).status_code == 404  # the city lies outside its cockpit
    client.force_login(world.leader)
    assert "立即计算" not in client.get(reverse("cockpit:metrics"), page).content.decode()
    assert client.post(recompute).status_code == 403


def test_a_venue_computes_its_own_figures_again(world, client):
    """A venue that has just recorded its activities computes its own unit's figures again from the metrics page,
    not another unit's; the read-only leader is offered no button."""
    page = {"subject": f"unit-{world.venue_unit.pk}", "year": 2026}
    recompute = reverse("cockpit:figures_recompute") + f"?unit={world.venue_unit.pk}&year=2026&back=metrics"
    client.force_login(world.venue)
    assert "立即计算" in client.get(reverse("cockpit:metrics"), page).content.decode()
    kept = MetricFigure.objects.filter(unit=world.venue_unit, year=2026)
    code = kept.first().metric_code
    kept.filter(metric_code=code).update(value=Decimal("12.5"))
    response = client.post(recompute, follow=True)
    assert "已重新计算" in response.content.decode()
    assert response.redirect_chain[-1][0].startswith(reverse("cockpit:metrics"))
    assert kept.get(metric_code=code).value != Decimal("12.5")
    station = reverse("cockpit:figures_recompute") + f"?unit={world.station_unit.pk}&year=2026"
    assert client.post(station).status_code in (403, 404)
    assert not MetricFigure.objects.filter(unit=world.station_unit).exists()
    assert (
        client.post(reverse("cockpit:figures_recompute") + f"?region={world.gusu.pk}&year=2026").status_code
        == 403
    )
    client.force_login(world.leader)
    assert "立即计算" not in client.get(reverse("cockpit:metrics"), page).content.decode()
    assert client.post(recompute).status_code == 403
