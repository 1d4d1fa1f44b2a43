"""Deliveries staffed by a volunteer team (issue 21, point 8): the provider chooses one of its own teams when it
accepts or reports a delivery; another unit's team is refused; the order's page links the team, and the team's page
lists the delivery (core.volunteer_teams, both ways)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from changxiao.core.deadlines import local_today
from changxiao.linkage import services
from changxiao.linkage.tests import factories
from changxiao.volunteers.tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def teams(world):
    ours = TeamFactory(unit=world.venue_unit, by=world.venue, name="姑苏区文化馆志愿服务队")
    theirs = TeamFactory(unit=world.station_unit, by=world.office, name="平江街道志愿服务队")
    return ours, theirs


def test_the_provider_staffs_a_delivery_with_its_own_team_shown_both_ways(world, login, teams):
    ours, theirs = teams
    order = factories.order(world)
    venue = login(world.venue)
    page = venue.get(order.get_absolute_url()).content.decode()
    assert (
        "姑苏区文化馆志愿服务队" in page and "平江街道志愿服务队" not in page
    )  # only the provider's teams offered

    response = venue.post(
        reverse("linkage:order_accept", args=[order.pk]),
        {"scheduled_on": local_today().isoformat(), "team_id": ours.pk},
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.staffing_team_id, order.staffing_team_name) == (ours.pk, "姑苏区文化馆志愿服务队")

    page = login(world.office).get(order.get_absolute_url()).content.decode()
    assert f'href="{ours.get_absolute_url()}"' in page

    team_page = venue.get(ours.get_absolute_url()).content.decode()
    assert order.code in team_page and order.get_absolute_url() in team_page
    assert order.code not in venue.get(theirs.get_absolute_url()).content.decode()


def test_another_units_team_is_refused_and_nothing_changes(world, login, teams):
    _ours, theirs = teams
    order = factories.order(world)
    response = login(world.venue).post(
        reverse("linkage:order_accept", args=[order.pk]),
        {"scheduled_on": local_today().isoformat(), "team_id": theirs.pk},
    )
    assert response.status_code == 400
    assert "只有" in response.content.decode() and world.venue_unit.name in response.content.decode()
    order.refresh_from_db()
    assert order.state == "ordered" and order.staffing_team_id is None

    accepted = services.order_accept(order=order, by=world.venue, scheduled_on=local_today())
    with pytest.raises(ValidationError):
        services.order_deliver(
            order=accepted, by=world.venue, delivered_on=local_today(), attendance=50, team_id=theirs.pk
        )
    accepted.refresh_from_db()
    assert accepted.state == "accepted" and accepted.staffing_team_name == ""


def test_a_delivery_reported_with_a_team_keeps_it_and_without_one_keeps_the_accepted_team(world, teams):
    ours, _theirs = teams
    order = services.order_accept(
        order=factories.order(world), by=world.venue, scheduled_on=local_today(), team_id=ours.pk
    )
    order = services.order_deliver(order=order, by=world.venue, delivered_on=local_today(), attendance=80)
    order.refresh_from_db()
    assert order.staffing_team_id == ours.pk and order.state == "delivered"
