"""Social-force offers staffed by a volunteer team (issue 21, point 8): the organization chooses one of its own
teams; another unit's team is refused; the demand's page links the team, and the team's page lists the offer
(core.volunteer_teams, both ways)."""

import pytest
from django.urls import reverse

from changxiao.feedback import services
from changxiao.feedback.models import RoutingRule, SocialOffer
from changxiao.feedback.tests.factories import FeedbackFactory
from changxiao.orgs.choices import Role, UnitKind
from changxiao.volunteers.tests.factories import TeamFactory
from conftest import make_person, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def offering(world):
    RoutingRule.objects.create(owner=world.city, region=world.gusu, unit=world.district_unit)
    demand = FeedbackFactory(region=world.gusu, content="社区老人想学智能手机拍照")
    services.item_open_to_social(item=demand, by=world.district)
    unit = make_unit("SO-1", "姑苏区摄影志愿者协会", UnitKind.SOCIAL_ORGANIZATION, world.gusu)
    person = make_person("volunteer", unit, Role.MEMBER, full_name="钱志愿")
    ours = TeamFactory(unit=unit, by=person, kind="organization", name="摄影志愿服务队")
    theirs = TeamFactory(unit=world.venue_unit, by=world.venue, name="文化馆志愿服务队")
    return demand, unit, person, ours, theirs


def test_an_offer_staffed_by_the_organizations_team_shows_both_ways(world, login, offering):
    demand, unit, person, ours, theirs = offering
    volunteer = login(person)
    page = volunteer.get(reverse("feedback:open_demands")).content.decode()
    assert (
        "摄影志愿服务队" in page and "文化馆志愿服务队" not in page
    )  # only the organization's teams offered
    volunteer.post(
        reverse("feedback:social_offer", args=[demand.pk]),
        {"unit": unit.pk, "plan": "每周六开课", "team": ours.pk},
    )
    offer = SocialOffer.objects.get()
    assert (offer.staffing_team_id, offer.staffing_team_name) == (ours.pk, "摄影志愿服务队")
    assert (
        f'href="{ours.get_absolute_url()}"'
        in volunteer.get(reverse("feedback:open_demands")).content.decode()
    )

    office = login(world.office)
    assert f'href="{ours.get_absolute_url()}"' in office.get(demand.get_absolute_url()).content.decode()
    team_page = office.get(ours.get_absolute_url()).content.decode()
    assert demand.code in team_page and demand.get_absolute_url() in team_page
    assert demand.code not in office.get(theirs.get_absolute_url()).content.decode()


def test_another_units_team_is_refused_and_no_offer_is_stored(login, offering):
    demand, unit, person, _ours, theirs = offering
    response = login(person).post(
        reverse("feedback:social_offer", args=[demand.pk]),
        {"unit": unit.pk, "plan": "每周六开课", "team": theirs.pk},
        follow=True,
    )
    assert "只有姑苏区摄影志愿者协会组织的志愿服务队伍" in response.content.decode()
    assert not SocialOffer.objects.exists()
    response = login(person).post(
        reverse("feedback:social_offer", args=[demand.pk]),
        {"unit": unit.pk, "plan": "每周六开课", "team": "not-a-number"},
        follow=True,
    )
    assert "只有" in response.content.decode() and not SocialOffer.objects.exists()
