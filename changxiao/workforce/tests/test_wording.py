"""How the workforce pages read to a zh-Hans reader: a day printed in a sentence reads as a phrase (截至2026-12-06的…,
于2020-01-01加入), never a bare date run into the next word."""

from datetime import date

from django.urls import reverse

from changxiao.core.deadlines import local_today
from changxiao.workforce.services import organization_member_add, organization_register


def test_the_overview_says_as_of_which_day_it_counts(world, client):
    client.force_login(world.district)
    page = client.get(reverse("workforce:overview")).content.decode()
    day = f"{local_today():%Y-%m-%d}"
    assert f"截至{day}的在岗人数" in page and f"{day}在岗人数" not in page.replace(f"截至{day}的", "")


def test_a_member_organization_reads_when_it_joined(world, client):
    organization = organization_register(
        region=world.gusu,
        by=world.office,
        name="姑苏区图书馆学会",
        credit_code="91350100M000100Y43",
        kind="social_group",
        field="libraries",
        contact_name="王老师",
        contact_phone="0512-65223456",
        services="阅读推广",
        registered_on=date(2015, 6, 1),
    )
    organization_member_add(
        organization=organization, by=world.office, name="平江图书馆", joined_on=date(2020, 1, 1)
    )
    client.force_login(world.district)
    page = client.get(reverse("workforce:organization", args=[organization.pk])).content.decode()
    assert "于2020-01-01加入" in page
