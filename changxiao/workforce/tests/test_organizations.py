"""Industry organizations and social groups (issue 20, point 5): a registry with the unified social credit code
checked by its GB 32100-2015 check character — malformed codes refused, codes failing only the check confirmed —
members, and registered organizations per 10,000 residents (no figure without a population)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from changxiao.core.deadlines import local_today
from changxiao.core.metrics import get_metric
from changxiao.orgs.choices import UnitKind
from changxiao.orgs.models import PopulationRecord, Unit
from changxiao.workforce import credit_code
from changxiao.workforce.models import OrganizationMember, SocialOrganization
from changxiao.workforce.services import (
    organization_dissolution_correct,
    organization_dissolve,
    organization_member_add,
    organization_register,
)

VALID = "52320508MJ5649716" + credit_code.check_character("52320508MJ5649716")
WRONG_CHECK = VALID[:17] + ("0" if VALID[17] != "0" else "1")
PILOT = "91350100M0001TGQXM"  # issued, but fails the check character (aarioai/id-rule)


def _body(world, **extra):
    return {
        "region": world.gusu.pk,
        "name": "姑苏区图书馆学会",
        "credit_code": VALID,
        "kind": "social_group",
        "field": "libraries",
        "contact_name": "王老师",
        "contact_phone": "0512-65223456",
        "services": "阅读推广、馆员培训",
        "individual_members": "120",
        "registered_on": "2015-06-01",
        **extra,
    }


def _register(world, code=VALID, region=None, **extra):
    return organization_register(
        region=region or world.gusu,
        by=world.office,
        name=extra.pop("name", "姑苏区图书馆学会"),
        credit_code=code,
        kind="social_group",
        field="libraries",
        contact_name="王老师",
        contact_phone="0512-65223456",
        services="阅读推广",
        registered_on=extra.pop("registered_on", date(2015, 6, 1)),
        **extra,
    )


def test_the_check_character_follows_gb_32100():
    assert credit_code.passes_check("91350100M000100Y43")
    assert credit_code.passes_check(VALID)
    assert not credit_code.passes_check(PILOT) and credit_code.is_well_formed(PILOT)


def test_a_district_registers_an_organization_and_adds_a_member(world, client):
    client.force_login(world.district)
    response = client.post(
        reverse("workforce:organizations"), _body(world, credit_code=f" {VALID[:9]}-{VALID[9:]} ")
    )
    organization = SocialOrganization.objects.get()
    assert response.status_code == 302 and response["Location"] == organization.get_absolute_url()
    assert (organization.credit_code, organization.code_checked, organization.individual_members) == (
        VALID,
        True,
        120,
    )
    response = client.post(
        reverse("workforce:member_add", args=[organization.pk]),
        {"name": "苏州市姑苏区平江图书馆", "joined_on": "2020-01-01"},
    )
    assert response.status_code == 302
    page = client.get(organization.get_absolute_url())
    assert "苏州市姑苏区平江图书馆" in page.content.decode()


@pytest.mark.parametrize(
    "code",
    ["5232050", "52320508MJ5649716XX", "52320508MJ564971OX", "52320508MJ56497I6X", "52320508mj56497!6X", ""],
)
def test_a_malformed_code_is_refused_and_nothing_saved(world, client, code):
    client.force_login(world.office)
    response = client.post(reverse("workforce:organizations"), _body(world, credit_code=code))
    assert response.status_code == 400
    assert "credit_code" in response.context["form"].errors
    # Confirming does not let a malformed code through.
    response = client.post(
        reverse("workforce:organizations"), {**_body(world, credit_code=code), "confirmed": "1"}
    )
    assert response.status_code == 400
    assert not SocialOrganization.objects.exists()


def test_a_code_failing_only_its_check_is_warned_and_registered_when_confirmed(world, client):
    client.force_login(world.office)
    response = client.post(reverse("workforce:organizations"), _body(world, credit_code=PILOT))
    assert response.status_code == 200
    assert "GB 32100-2015" in response.content.decode()
    assert not SocialOrganization.objects.exists()
    response = client.post(
        reverse("workforce:organizations"), {**_body(world, credit_code=PILOT), "confirmed": "1"}
    )
    assert response.status_code == 302
    organization = SocialOrganization.objects.get()
    assert not organization.code_checked
    with pytest.raises(ValidationError):
        _register(world, code=WRONG_CHECK)  # the service asks for confirmation too
    assert _register(world, code=WRONG_CHECK, confirmed=True).code_checked is False


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"contact_phone": "call me"}, "contact_phone"),
        ({"individual_members": "-3"}, "individual_members"),
        ({"individual_members": "99999999999"}, "individual_members"),
        ({"registered_on": "2999-01-01"}, "registered_on"),
        ({"services": ""}, "services"),
        ({"region": "99999999999999999999"}, "region"),
    ],
)
def test_other_bad_input_is_refused_and_nothing_saved(world, client, extra, field):
    client.force_login(world.office)
    response = client.post(reverse("workforce:organizations"), _body(world, **extra))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not SocialOrganization.objects.exists()


def test_a_code_is_registered_once_and_a_member_once(world):
    organization = _register(world)
    with pytest.raises(ValidationError):
        _register(world, name="另一个")
    organization_member_add(
        organization=organization, by=world.office, name="平江图书馆", joined_on=date(2020, 1, 1)
    )
    with pytest.raises(ValidationError):
        organization_member_add(
            organization=organization, by=world.office, name="平江图书馆", joined_on=date(2020, 1, 1)
        )
    assert OrganizationMember.objects.count() == 1


def test_an_account_of_the_social_organization_kind_points_to_its_registration(world):
    account = Unit.objects.create(
        code="GS-SO-1", name="姑苏区图书馆学会", kind=UnitKind.SOCIAL_ORGANIZATION, region=world.gusu
    )
    organization = _register(world, unit=account)
    assert account.social_registration == organization
    with pytest.raises(ValidationError):
        _register(world, code="91350100M000100Y43", name="其他", unit=world.venue_unit)


def test_scoping_per_persona(world, client):
    organization = _register(world)
    # The zone's registry is read by everyone working in the city (昆山市's venue too), not by another city.
    for persona in (world.office, world.district, world.venue, world.leader, world.outsider):
        client.force_login(persona)
        assert client.get(organization.get_absolute_url()).status_code == 200
    client.force_login(world.office2)
    assert client.get(organization.get_absolute_url()).status_code == 404
    assert organization not in client.get(reverse("workforce:organizations")).context["page"].object_list
    for persona in (world.venue, world.leader, world.office2):
        client.force_login(persona)
        response = client.post(
            reverse("workforce:member_add", args=[organization.pk]), {"name": "x", "joined_on": "2020-01-01"}
        )
        assert response.status_code in (403, 404)
        assert (
            client.post(
                reverse("workforce:organizations"), _body(world, credit_code="91350100M000100Y43")
            ).status_code
            in (400, 403)  # another city's office keeps its own regions: Suzhou's is no choice of its form
        )
    assert SocialOrganization.objects.count() == 1 and not OrganizationMember.objects.exists()


def test_organizations_per_10000_residents_and_no_division_by_a_missing_population(world, client):
    _register(world)
    _register(world, code="91350100M000100Y43", name="昆山市非遗保护协会", region=world.kunshan)
    year = local_today().year
    metric = get_metric("workforce.social_organizations")
    value = metric.value_for(world.gusu, year)
    assert (value.value, value.numerator, value.denominator) == (None, 1, None)
    client.force_login(world.district)
    page = client.get(value.records_url)
    assert page.status_code == 200
    assert "No population recorded" in page.content.decode() or "未登记人口" in page.content.decode()
    PopulationRecord.objects.create(region=world.gusu, year=year, resident=950000, source="统计公报")
    value = metric.value_for(world.gusu, year)
    assert str(value.value) == "0.01" and value.denominator == 950000
    page = client.get(value.records_url)
    assert [item.name for item in page.context["page"].object_list] == ["姑苏区图书馆学会"]
    # Registered after the counting day of an earlier year: not counted then.
    assert metric.value_for(world.gusu, 2014).numerator == 0


def test_an_organization_marked_dissolved_stays_listed_and_leaves_the_count_from_that_day(world, client):
    from changxiao.core.models import TimelineEvent

    organization = _register(world)
    year = local_today().year
    PopulationRecord.objects.create(region=world.gusu, year=year, resident=10000, source="统计公报")
    metric = get_metric("workforce.social_organizations")
    assert metric.value_for(world.gusu, year).numerator == 1
    client.force_login(world.district)
    url = reverse("workforce:organization_dissolve", args=[organization.pk])
    for bad in (
        {"dissolved_on": "2015-05-31", "reason": "注销"},
        {"dissolved_on": "2020-01-01", "reason": ""},
    ):
        assert client.post(url, bad).status_code == 400
    organization.refresh_from_db()
    assert organization.dissolved_on is None
    day = date(year, 1, 1)
    assert client.post(url, {"dissolved_on": day.isoformat(), "reason": "民政局注销登记"}).status_code == 302
    organization.refresh_from_db()
    assert organization.dissolved_on == day
    assert metric.value_for(world.gusu, year).numerator == 0
    assert metric.value_for(world.gusu, year - 1).numerator == 1
    listing = client.get(reverse("workforce:organizations"))
    assert organization in listing.context["page"].object_list
    assert "已注销" in listing.content.decode() or "dissolved" in listing.content.decode()
    event = TimelineEvent.objects.for_object(organization).get(verb="organization_dissolved")
    assert event.actor == world.district and "民政局注销登记" in event.comment
    with pytest.raises(ValidationError):
        organization_dissolve(organization=organization, by=world.office, dissolved_on=day, reason="再次")


def test_a_dissolution_is_corrected_or_undone_with_a_reason(world, client):
    from changxiao.core.models import TimelineEvent

    organization = _register(world)
    organization_dissolve(
        organization=organization, by=world.office, dissolved_on=date(2020, 1, 1), reason="注销"
    )
    with pytest.raises(ValidationError):
        organization_dissolution_correct(
            organization=organization, by=world.office, dissolved_on=date(2021, 1, 1), reason=""
        )
    organization_dissolution_correct(
        organization=organization, by=world.office, dissolved_on=date(2021, 1, 1), reason="日期录错"
    )
    organization.refresh_from_db()
    assert organization.dissolved_on == date(2021, 1, 1)
    client.force_login(world.district)
    url = reverse("workforce:organization_dissolution_correct", args=[organization.pk])
    assert client.post(url, {"dissolved_on": "", "reason": "误登记，撤销"}).status_code == 302
    organization.refresh_from_db()
    assert organization.dissolved_on is None
    comments = list(
        TimelineEvent.objects.for_object(organization)
        .filter(verb="organization_dissolution_corrected")
        .values_list("comment", flat=True)
    )
    assert any("误登记，撤销" in c for c in comments) and any("日期录错" in c for c in comments)
    with pytest.raises(ValidationError):
        organization_dissolution_correct(
            organization=organization, by=world.office, dissolved_on=None, reason="x"
        )


def test_only_the_registry_keepers_mark_an_organization_dissolved(world):
    from django.core.exceptions import PermissionDenied

    organization = _register(world)
    for user in (world.leader, world.venue, world.office2):
        with pytest.raises(PermissionDenied):
            organization_dissolve(
                organization=organization, by=user, dissolved_on=date(2020, 1, 1), reason="注销"
            )
    organization.refresh_from_db()
    assert organization.dissolved_on is None


def test_the_organizations_list_takes_the_same_queries_for_more_organizations(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def code(n: int) -> str:
        body = f"51320508MJ{n:07d}"
        return body + credit_code.check_character(body)

    client.force_login(world.office)
    url = reverse("workforce:organizations")
    _register(world, code=code(1), name="学会1")
    client.get(url)  # the session and the menu warmed
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(2, 12):
        _register(world, code=code(n), name=f"学会{n}")
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert "学会11" in page.content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
