"""Indicator sets belong to a jurisdiction: shipped sets are read by every office and copied to be changed; each
city's copy is its own, unseen by the second city (office2, 无锡市); a round assesses against a set of its own
jurisdiction, of one above it or shipped."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from changxiao.assessment import sets
from changxiao.assessment.indicator_data import load_shipped
from changxiao.assessment.models import IndicatorSet
from changxiao.assessment.tests.factories import RoundFactory
from changxiao.core.models import TimelineEvent


@pytest.fixture
def shipped(db):
    load_shipped()
    return IndicatorSet.objects.get(code="long-term-management", owner=None)


def test_each_city_copies_a_shipped_set_as_its_own(world, login, shipped):
    office = login(world.office)
    office.post(reverse("assessment:set_new_version", args=[shipped.pk]))
    suzhou = IndicatorSet.objects.get(owner=world.city)
    office2 = login(world.office2)
    office2.post(reverse("assessment:set_new_version", args=[shipped.pk]))
    wuxi = IndicatorSet.objects.get(owner=world.city2)
    assert (suzhou.version, wuxi.version) == (shipped.version + 1, shipped.version + 1)
    assert wuxi.indicators.count() == shipped.indicators.count()
    events = TimelineEvent.objects.for_object(wuxi)
    assert events.filter(verb="indicator_set_new_version", actor=world.office2).exists()
    page = office2.get(reverse("assessment:set_list")).content.decode()
    assert wuxi.get_absolute_url() in page and shipped.get_absolute_url() in page
    assert suzhou.get_absolute_url() not in page
    indicator = suzhou.indicators.get(code="5.1")
    for url in (
        suzhou.get_absolute_url(),
        reverse("assessment:indicator_edit", args=[indicator.pk]),
        f"/api/v1/indicator-sets/{suzhou.pk}",
    ):
        assert office2.get(url).status_code == 404, url
    assert office2.post(reverse("assessment:set_new_version", args=[suzhou.pk])).status_code == 404
    assert (
        office2.post(reverse("assessment:indicator_edit", args=[indicator.pk]), {"name": "x"}).status_code
        == 404
    )
    listed = {row["id"] for row in office2.get("/api/v1/indicator-sets").json()}
    assert wuxi.pk in listed and shipped.pk in listed and suzhou.pk not in listed
    # The first city's members read its set; the district's office cannot change it.
    assert login(world.district).get(suzhou.get_absolute_url()).status_code == 200
    with pytest.raises(PermissionDenied):
        sets.indicator_save(indicator=indicator, by=world.office2)


def test_a_shipped_set_is_changed_only_through_a_copy(world, login, shipped):
    office = login(world.office)
    indicator = shipped.indicators.get(code="5.1")
    response = office.get(reverse("assessment:indicator_edit", args=[indicator.pk]), follow=True)
    assert "不属于本辖区" in response.content.decode()
    assert response.redirect_chain[-1][0] == shipped.get_absolute_url()
    with pytest.raises(PermissionDenied):
        sets.indicator_save(indicator=indicator, by=world.office)


def test_a_round_assesses_against_a_set_of_its_jurisdiction(world, shipped):
    suzhou = sets.indicator_set_new_version(indicator_set=shipped, by=world.office)
    from conftest import make_unit

    wuxi_bureau = make_unit("LX-WTL", "梁溪区文体旅局", "culture_bureau", world.city2)
    with pytest.raises(ValidationError):
        RoundFactory(by=world.office2, title="无锡市年度考核", indicator_set=suzhou, units=[wuxi_bureau])
    assessment_round = RoundFactory(
        by=world.office2, title="无锡市年度考核", indicator_set=shipped, units=[wuxi_bureau]
    )
    assert assessment_round.indicator_set == shipped
