"""Providers: a social organization of the workforce's registry offers through its account unit (core.organizations
tells its registration); once dissolved it cannot offer; its item's page shows the registration."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from changxiao.linkage import services
from changxiao.linkage.tests import factories as f
from changxiao.orgs.choices import Role, UnitKind
from changxiao.workforce.services import organization_dissolve, organization_register
from conftest import make_person, make_unit


def _troupe(world):
    unit = make_unit("SZ-XJT", "苏州市锡剧团", UnitKind.SOCIAL_ORGANIZATION, world.city)
    person = make_person("troupe", unit, Role.MEMBER, full_name="钱团长")
    organization = organization_register(
        region=world.city,
        by=world.office,
        name="苏州市锡剧团",
        credit_code="91350100M000100Y43",
        kind="social_group",
        field="libraries",
        contact_name="钱团长",
        contact_phone="0512-65223456",
        services="锡剧演出",
        registered_on=date(2015, 6, 1),
        unit=unit,
    )
    return unit, person, organization


def _offer(world, unit, person):
    menu = f.menu(world)
    return services.offering_submit(
        menu=menu,
        provider=unit,
        by=person,
        title="锡剧折子戏",
        kind="performance",
        description="锡剧团演出",
        capacity=300,
        cost_borne="government",
        available_from=date(menu.year, 1, 1),
        available_until=date(menu.year, 12, 31),
        places=5,
    )


def test_a_registered_organization_offers_and_its_page_shows_the_registration(world, client):
    unit, person, _organization = _troupe(world)
    item = _offer(world, unit, person)
    client.force_login(world.office)
    page = client.get(item.get_absolute_url()).content.decode()
    assert "91350100M000100Y43" in page


def test_a_dissolved_organization_cannot_offer(world):
    unit, person, organization = _troupe(world)
    organization_dissolve(
        organization=organization, by=world.office, dissolved_on=date(2025, 12, 31), reason="注销登记"
    )
    with pytest.raises(ValidationError, match="已注销|注销|dissolved"):
        _offer(world, unit, person)
