"""The metrics page of a jurisdiction reads its sub-jurisdictions' figures as the cockpit keeps them: its queries do
not grow with the number of sub-jurisdictions (bench/province.py: a city of eight counties took seconds)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

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
