"""Who edits and who reads: the finance bureau and the office enter figures, the district reads its own and enters
nothing, the public reads only what the office published — and no longer once withdrawn."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from changxiao.funding.choices import Stage
from changxiao.funding.models import FiscalPublication
from changxiao.funding.services import figures_enter, publication_publish, publication_withdraw

from .factories import RecordFactory, RuleFactory, setup_city


@pytest.fixture
def city(world):
    setup_city(world)
    RuleFactory(owner=world.city, by=world.office, code="seed-growth")
    world.record = RecordFactory(region=world.gusu, by=world.member, year=2024)
    return world


@pytest.mark.parametrize("who", ["district", "leader", "venue", "inspector", "office2"])
def test_only_the_finance_unit_and_the_office_enter_figures(city, who):
    with pytest.raises(PermissionDenied):
        figures_enter(
            region=city.gusu,
            by=getattr(city, who),
            year=2024,
            stage=Stage.FINAL,
            regular_revenue=Decimal("1"),
            general_expenditure=Decimal("1"),
            culture_spending=Decimal("1"),
            source_document="x",
            reason="试图修改",
        )


def test_the_district_reads_its_own_figures_and_is_offered_no_entry(city, client):
    client.force_login(city.district)
    page = client.get(reverse("funding:region", args=[city.gusu.pk]))
    assert page.status_code == 200
    assert reverse("funding:figures_enter", args=[city.gusu.pk, "final"]) not in page.content.decode()
    assert client.get(reverse("funding:region", args=[city.kunshan.pk])).status_code == 404


def test_the_public_sees_only_what_the_office_publishes(city, client):
    public = reverse("public:funding_public_region", args=[city.gusu.pk, 2024])
    assert client.get(public).status_code == 404
    assert "姑苏区" not in client.get(reverse("public:funding_public")).content.decode()

    client.force_login(city.office)
    confirm = client.post(reverse("funding:publish", args=[city.gusu.pk]), {"year": "2024"})
    assert (
        confirm.status_code == 200 and "confirmed" in confirm.content.decode()
    )  # asks for confirmation first
    assert not FiscalPublication.objects.exists()
    client.post(reverse("funding:publish", args=[city.gusu.pk]), {"year": "2024", "confirmed": "1"})
    publication = FiscalPublication.objects.get()
    client.logout()
    body = client.get(public).content.decode()
    assert "姑苏区" in body and "300,000,000.00" in body
    assert client.get(reverse("public:funding_public_region", args=[city.gusu.pk, 2023])).status_code == 404

    with pytest.raises(PermissionDenied):
        publication_withdraw(publication=publication, by=city.district, reason="x")
    publication_withdraw(publication=publication, by=city.office, reason="数据待复核")
    assert client.get(public).status_code == 404


def test_the_finance_unit_does_not_publish(city):
    with pytest.raises(PermissionDenied):
        publication_publish(region=city.gusu, year=2024, by=city.member, confirmed=True)


def test_a_year_without_figures_cannot_be_published(city):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        publication_publish(region=city.gusu, year=2022, by=city.office, confirmed=True)
