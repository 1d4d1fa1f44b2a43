"""One home for an organization (issue 20, point 5): the feedback channel's social-force offers read the offering
organization's record in the workforce's registry through core.organizations — its credit code and a link on the
demand's page, a warning where it is not registered, and no offer once it is dissolved."""

from datetime import date

import pytest
from django.urls import reverse

from changxiao.feedback import services as feedback
from changxiao.feedback.models import RoutingRule, SocialOffer
from changxiao.feedback.tests.factories import FeedbackFactory
from changxiao.orgs.choices import Role, UnitKind
from changxiao.workforce.services import organization_dissolve, organization_register
from conftest import make_person, make_unit

CODE = "51320508MJ5912345A"


@pytest.fixture
def demand(world):
    RoutingRule.objects.create(owner=world.city, region=world.gusu, unit=world.district_unit)
    item = FeedbackFactory(region=world.gusu, content="社区老人想学智能手机拍照")
    return feedback.item_open_to_social(item=item, by=world.district)


@pytest.fixture
def association(world):
    unit = make_unit("SO-1", "姑苏区摄影家协会", UnitKind.SOCIAL_ORGANIZATION, world.gusu)
    person = make_person("association", unit, Role.MEMBER, full_name="钱会长")
    return unit, person


def _register(world, unit):
    return organization_register(
        region=world.gusu,
        by=world.office,
        name="姑苏区摄影家协会",
        credit_code=CODE,
        kind="social_group",
        field="arts",
        contact_name="钱会长",
        contact_phone="0512-65223456",
        services="摄影培训",
        registered_on=date(2015, 6, 1),
        unit=unit,
        confirmed=True,
    )


def test_an_offer_shows_its_registration_and_a_dissolved_organization_cannot_offer(
    world, login, demand, association
):
    unit, person = association
    feedback.social_offer_submit(item=demand, by=person, unit=unit, plan="每周六开课")
    office = login(world.office)
    page = office.get(demand.get_absolute_url()).content.decode()
    assert "未在社会组织名录中登记" in page

    organization = _register(world, unit)
    page = office.get(demand.get_absolute_url()).content.decode()
    assert "未在社会组织名录中登记" not in page
    assert organization.credit_code in page and organization.get_absolute_url() in page

    organization_dissolve(
        organization=organization, by=world.office, dissolved_on=date(2026, 1, 1), reason="换届未成"
    )
    other = feedback.item_open_to_social(
        item=FeedbackFactory(region=world.gusu, content="社区居民想学剪纸手艺"), by=world.district
    )
    response = login(person).post(
        reverse("feedback:social_offer", args=[other.pk]), {"unit": unit.pk, "plan": "开课"}, follow=True
    )
    assert "已注销" in response.content.decode()
    assert not SocialOffer.objects.filter(item=other).exists()
