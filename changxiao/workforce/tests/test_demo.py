"""The workforce's demonstration data: the stations, rooms and venues of 姑苏区 and 昆山市 staffed, the city's
requirement that a manager holds the grassroots culture manager's certificate, some gaps and some certificates
expiring within 90 days; running the loader twice changes nothing."""

import io
from datetime import timedelta

from django.urls import reverse

from changxiao.core.deadlines import local_today
from changxiao.core.demo import DEMO_ADMIN_USERNAME, discover_loaders
from changxiao.core.metrics import get_metric
from changxiao.orgs.models import Region, Unit, User
from changxiao.workforce.models import Attendance, Certificate, Post, Practitioner, SocialOrganization


def _load(names: set[str]) -> None:
    for loader in discover_loaders():
        if loader.name in names:
            loader.func(io.StringIO())


def test_demo_staffs_two_districts_with_gaps_and_expiring_certificates(demo):
    today = local_today()
    posts = Post.objects.held_on(today).with_certification(today)
    districts = {code[:2] for code in posts.values_list("unit__code", flat=True)}
    assert districts == {"GS", "KS", "SZ"}  # 姑苏区, 昆山市 and the city library
    assert posts.filter(has_gap=True).count() >= 1
    assert posts.filter(requires_certificate=True, has_gap=False).count() >= 1
    assert Certificate.objects.filter(expires_on__lte=today + timedelta(days=90)).count() >= 2
    value = get_metric("workforce.certified_rate").value_for(Region.objects.get(code="320500"), today.year)
    assert value.denominator and 0 < value.value < 100
    training = get_metric("workforce.training_rate").value_for(Region.objects.get(code="320500"), today.year)
    assert training.denominator and 0 < training.value < 100
    count = (
        Practitioner.objects.count(),
        Post.objects.count(),
        Certificate.objects.count(),
        Attendance.objects.count(),
        SocialOrganization.objects.count(),
    )
    _load({"orgs", "workforce"})
    assert (
        Practitioner.objects.count(),
        Post.objects.count(),
        Certificate.objects.count(),
        Attendance.objects.count(),
        SocialOrganization.objects.count(),
    ) == count


def test_demo_registers_social_organizations_and_sizes_posts_to_the_population(demo, client):
    """The per-10,000 indicator has a figure for the demo's districts this year, one organization's code fails only
    its check character (registered as confirmed), and a large township's station needs more posts than it holds."""
    year = local_today().year
    assert SocialOrganization.objects.count() >= 3
    assert SocialOrganization.objects.filter(code_checked=False).count() == 1
    metric = get_metric("workforce.social_organizations")
    for code in ("320508", "320583"):
        value = metric.value_for(Region.objects.get(code=code), year)
        assert value.value is not None and value.value > 0 and value.numerator >= 1
    client.force_login(User.objects.get(username=DEMO_ADMIN_USERNAME))
    station = Unit.objects.get(code="GS-PJ-ZHAN")
    page = client.get(reverse("workforce:roster", args=[station.pk]))
    [need] = [n for n in page.context["staffing"].needs if n.post_kind == "established"]
    assert (need.required, need.held, need.vacancies) == (2, 1, 1)
    smaller = client.get(reverse("workforce:roster", args=[Unit.objects.get(code="KS-ZZ-ZHAN").pk]))
    [need] = [n for n in smaller.context["staffing"].needs if n.post_kind == "established"]
    assert need.required == 1
    coverage = get_metric("workforce.post_coverage").value_for(Region.objects.get(code="320508"), year)
    assert coverage.denominator and coverage.value is not None
