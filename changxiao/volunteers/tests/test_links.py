"""Links: a team of a registered social organization shows its registration (core.organizations); the teams of a
unit are offered to the apps whose work a team can staff through core.volunteer_teams."""

from datetime import date

import pytest
from django.urls import reverse

from changxiao.core import volunteer_teams
from changxiao.orgs.choices import Role, UnitKind
from changxiao.workforce.services import organization_register
from conftest import make_person, make_unit

from .factories import TeamFactory

pytestmark = pytest.mark.django_db


def test_a_team_of_a_registered_organization_shows_its_registration(world, client):
    unit = make_unit("SZ-WYZ", "苏州市文艺志愿者协会", UnitKind.SOCIAL_ORGANIZATION, world.city)
    person = make_person("wyz", unit, Role.MEMBER, full_name="周会长")
    organization_register(
        region=world.city,
        by=world.office,
        name="苏州市文艺志愿者协会",
        credit_code="51320500MJ12345679",
        kind="social_group",
        field="libraries",
        contact_name="周会长",
        contact_phone="0512-65223457",
        services="文艺志愿服务",
        registered_on=date(2016, 3, 1),
        unit=unit,
    )
    team = TeamFactory(unit=unit, by=person, kind="organization")
    plain = TeamFactory(unit=world.venue_unit, by=world.venue)
    client.force_login(world.office)
    page = client.get(reverse("volunteers:team", args=[team.pk])).content.decode()
    assert "51320500MJ12345679" in page and "已登记" in page
    assert (
        "51320500MJ12345679" not in client.get(reverse("volunteers:team", args=[plain.pk])).content.decode()
    )
    # The seam: a unit's teams, by name, with their pages; none for a unit without a team.
    refs = volunteer_teams.teams_of([unit.pk, world.venue_unit.pk])
    assert {(r.id, r.unit_id, r.url) for r in refs} == {
        (team.pk, unit.pk, team.get_absolute_url()),
        (plain.pk, world.venue_unit.pk, plain.get_absolute_url()),
    }
    assert volunteer_teams.teams_of([world.station_unit.pk]) == []
