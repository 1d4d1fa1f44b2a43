"""Certification (持证上岗): the office says which roles require which certificate kind; a post held without a valid
certificate is a gap on the unit's roster and the office's overview until one is recorded; a renewal keeps the history;
bad dates are refused; the sweep reminds 90 and 30 days before expiry, once each; the metric counts the same posts."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from changxiao.core.deadlines import local_today
from changxiao.core.metrics import get_metric
from changxiao.core.models import Notification
from changxiao.core.sweep import run_sweep
from changxiao.core.workbench import todos_for
from changxiao.workforce.models import Certificate, CertificateKind, CertificateRequirement
from changxiao.workforce.services import certificate_record, requirement_create

from .factories import CertificateFactory, PostFactory, certificate_kind


@pytest.fixture
def required(world):
    """The city office requires the station manager's certificate."""
    kind = certificate_kind(owner=world.city)
    requirement_create(owner=world.city, by=world.office, role="manager", kind=kind, source="市文广旅局文件")
    return kind


def _certificate_body(kind, **overrides) -> dict:
    return {
        "kind": kind.pk,
        "issuer": "苏州市文化广电和旅游局",
        "number": "SZ-0100",
        "issued_on": "2025-06-01",
        "expires_on": "2028-06-01",
        **overrides,
    }


def test_the_office_sets_a_requirement_and_a_district_may_not(world, client):
    kind = certificate_kind(owner=world.city)
    client.force_login(world.office)
    response = client.post(
        reverse("workforce:requirement_add") + f"?region={world.city.pk}",
        {"role": "manager", "kind": kind.pk, "source": "文件"},
    )
    assert response.status_code == 302
    assert CertificateRequirement.objects.filter(owner=world.city, role="manager").exists()
    client.force_login(world.district)
    assert client.post(reverse("workforce:kind_add"), {"name": "某证"}).status_code == 403
    assert not CertificateKind.objects.filter(name="某证").exists()


def test_a_gap_shows_in_red_and_closes_when_the_certificate_is_recorded(world, client, required):
    post = PostFactory(unit=world.station_unit, by=world.office)
    PostFactory(unit=world.station_unit, by=world.office, role="librarian")  # no requirement: never a gap
    client.force_login(world.district)
    roster = reverse("workforce:roster", args=[world.station_unit.pk])
    page = client.get(roster).content.decode()
    assert page.count('class="table-danger"') == 1
    overview = client.get(reverse("workforce:overview") + f"?region={world.gusu.pk}")
    assert overview.context["data"].total.gaps == 1

    response = client.post(
        reverse("workforce:certificate_add", args=[post.practitioner_id]), _certificate_body(required)
    )
    assert response.status_code == 302
    page = client.get(roster).content.decode()
    assert 'class="table-danger"' not in page
    overview = client.get(reverse("workforce:overview") + f"?region={world.gusu.pk}")
    assert (overview.context["data"].total.required, overview.context["data"].total.gaps) == (1, 0)


def test_a_requirement_of_another_city_does_not_apply(world, required):
    from changxiao.workforce.models import Post

    other = certificate_kind(owner=world.city2, name="无锡证")
    requirement_create(owner=world.city2, by=world.office2, role="librarian", kind=other)
    PostFactory(unit=world.station_unit, by=world.office, role="librarian")
    post = Post.objects.with_certification(local_today()).get()
    assert (post.requires_certificate, post.has_gap) == (False, False)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"expires_on": "2025-05-01"}, "有效期截止日期不能早于发证日期"),
        ({"expires_on": "2025-06-01"}, "有效期截止日期不能早于发证日期"),
        ({"number": ""}, "这个字段是必填项"),
        ({"issued_on": "2099-01-01"}, "该日期在今天之后"),
    ],
)
def test_a_bad_certificate_is_refused_and_nothing_saved(world, client, required, overrides, message):
    post = PostFactory(unit=world.station_unit, by=world.office)
    client.force_login(world.district)
    response = client.post(
        reverse("workforce:certificate_add", args=[post.practitioner_id]),
        _certificate_body(required, **overrides),
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Certificate.objects.exists()


def test_an_expired_certificate_is_a_gap_and_its_renewal_keeps_the_history(world, client, required):
    post = PostFactory(unit=world.station_unit, by=world.office)
    today = local_today()
    old = CertificateFactory(
        practitioner=post.practitioner,
        by=world.office,
        kind=required,
        issued_on=today - timedelta(days=1000),
        expires_on=today - timedelta(days=1),
    )
    client.force_login(world.district)
    roster = reverse("workforce:roster", args=[world.station_unit.pk])
    assert 'class="table-danger"' in client.get(roster).content.decode()
    response = client.post(
        reverse("workforce:certificate_renew", args=[old.pk]),
        _certificate_body(
            required, issued_on=today.isoformat(), expires_on=(today + timedelta(days=1000)).isoformat()
        ),
    )
    assert response.status_code == 302
    renewal = Certificate.objects.get(replaces=old)
    assert renewal.practitioner == post.practitioner
    assert Certificate.objects.count() == 2
    assert 'class="table-danger"' not in client.get(roster).content.decode()
    with pytest.raises(ValidationError):
        certificate_record(
            practitioner=post.practitioner,
            by=world.office,
            kind=required,
            issuer="x",
            number="SZ-9",
            issued_on=today,
            replaces=old,
        )


def test_a_cancelled_certificate_no_longer_counts(world, client, required):
    post = PostFactory(unit=world.station_unit, by=world.office)
    certificate = CertificateFactory(practitioner=post.practitioner, by=world.office, kind=required)
    client.force_login(world.office)
    client.post(reverse("workforce:certificate_cancel", args=[certificate.pk]), {"reason": "号码录错"})
    certificate.refresh_from_db()
    assert certificate.is_cancelled
    value = get_metric("workforce.certified_rate").value_for(world.gusu, local_today().year)
    assert (value.numerator, value.denominator) == (0, 1)


def test_the_certified_rate_counts_the_posts_of_its_records_page(world, client, required):
    certified = PostFactory(unit=world.station_unit, by=world.office)
    CertificateFactory(practitioner=certified.practitioner, by=world.office, kind=required)
    PostFactory(unit=world.station_unit, by=world.office)
    PostFactory(unit=world.outsider_unit, by=world.office)
    year = local_today().year
    value = get_metric("workforce.certified_rate").value_for(world.gusu, year)
    assert (value.numerator, value.denominator, value.value) == (1, 2, 50)
    client.force_login(world.office)
    page = client.get(value.records_url)
    assert page.status_code == 200
    assert len(page.context["page"].object_list) == 2


def test_the_sweep_reminds_90_and_30_days_before_expiry_once_each(world, required):
    post = PostFactory(unit=world.venue_unit, by=world.office)
    today = local_today()
    CertificateFactory(
        practitioner=post.practitioner,
        by=world.office,
        kind=required,
        issued_on=today - timedelta(days=900),
        expires_on=today + timedelta(days=80),
    )
    run_sweep(["workforce.certificate_expiry"])
    run_sweep(["workforce.certificate_expiry"])
    assert Notification.objects.filter(recipient=world.venue).count() == 1
    Certificate.objects.update(expires_on=today + timedelta(days=20))
    run_sweep(["workforce.certificate_expiry"])
    run_sweep(["workforce.certificate_expiry"])
    assert Notification.objects.filter(recipient=world.venue).count() == 2
    assert not Notification.objects.filter(recipient=world.office).exists()


def test_expiring_certificates_are_on_the_keepers_workbench(world, required):
    post = PostFactory(unit=world.venue_unit, by=world.office)
    today = local_today()
    CertificateFactory(
        practitioner=post.practitioner,
        by=world.office,
        kind=required,
        issued_on=today - timedelta(days=900),
        expires_on=today + timedelta(days=40),
    )
    mine = [todo for todo in todos_for(world.venue) if todo.url == post.practitioner.get_absolute_url()]
    assert len(mine) == 1 and mine[0].due == today + timedelta(days=40)
    for who in ("leader", "outsider", "office2", "member"):
        assert not [
            t for t in todos_for(getattr(world, who)) if t.url == post.practitioner.get_absolute_url()
        ]
