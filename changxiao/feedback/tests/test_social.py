"""Social forces (社会力量): a demand opened to social organizations, an offer accepted, the outcome recorded."""

import pytest
from django.urls import reverse

from changxiao.feedback import services
from changxiao.feedback.models import FeedbackItem, RoutingRule, SocialOffer
from changxiao.feedback.tests.factories import FeedbackFactory
from changxiao.orgs.choices import Role, UnitKind
from conftest import make_person, make_unit


@pytest.fixture
def demand(world):
    RoutingRule.objects.create(owner=world.city, region=world.gusu, unit=world.district_unit)
    return FeedbackFactory(region=world.gusu, content="社区老人想学智能手机拍照")


@pytest.fixture
def volunteers(world):
    unit = make_unit("SO-1", "姑苏区摄影志愿者协会", UnitKind.SOCIAL_ORGANIZATION, world.gusu)
    person = make_person("volunteer", unit, Role.MEMBER, full_name="钱志愿")
    return unit, person


def test_demand_opened_offer_accepted_and_outcome_on_the_tracking_page(
    world, login, client, demand, volunteers
):
    unit, person = volunteers
    district = login(world.district)
    district.post(reverse("feedback:item_open_to_social", args=[demand.pk]))
    demand.refresh_from_db()
    assert demand.open_to_social

    volunteer = login(person)
    page = volunteer.get(reverse("feedback:open_demands"))
    assert "社区老人想学智能手机拍照" in page.content.decode()
    volunteer.post(
        reverse("feedback:social_offer", args=[demand.pk]), {"unit": unit.pk, "plan": "每周六开课，共四次"}
    )
    response = volunteer.post(
        reverse("feedback:social_offer", args=[demand.pk]), {"unit": unit.pk, "plan": "再报一次"}, follow=True
    )
    assert "已经" in response.content.decode()
    offer = SocialOffer.objects.get()

    office = login(world.office)
    office.post(reverse("feedback:social_offer_accept", args=[offer.pk]))
    office.post(reverse("feedback:social_outcome", args=[demand.pk]), {"outcome": "已开课四次，32位老人参加"})
    offer.refresh_from_db()
    demand.refresh_from_db()
    assert offer.state == "accepted" and demand.social_outcome.startswith("已开课")
    assert person.notifications.filter(title__contains=demand.code).exists()
    client.logout()
    page = client.get(demand.get_tracking_url()).content.decode()
    assert "已开课四次" in page and "姑苏区摄影志愿者协会" in page


def test_only_demands_open_and_only_social_organizations_offer(world, login, demand, volunteers):
    unit, _person = volunteers
    complaint = FeedbackFactory(
        kind="complaint", category=demand.category, region=world.gusu, content="活动室太吵影响看书"
    )
    response = login(world.district).post(
        reverse("feedback:item_open_to_social", args=[complaint.pk]), follow=True
    )
    assert "只有需求" in response.content.decode()
    assert not FeedbackItem.objects.get(pk=complaint.pk).open_to_social
    services.item_open_to_social(item=demand, by=world.district)
    # A venue is not a social organization: it cannot offer in the name of the association.
    response = login(world.venue).post(
        reverse("feedback:social_offer", args=[demand.pk]), {"unit": unit.pk, "plan": "x"}
    )
    assert response.status_code == 403
    assert not SocialOffer.objects.exists()
