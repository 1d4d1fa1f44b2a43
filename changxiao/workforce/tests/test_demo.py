"""The workforce's demonstration data: the stations, rooms and venues of 姑苏区 and 昆山市 staffed, the city's
requirement that a manager holds the grassroots culture manager's certificate, some gaps and some certificates
expiring within 90 days; running the loader twice changes nothing."""

import io
from datetime import timedelta

import pytest

from changxiao.core.deadlines import local_today
from changxiao.core.demo import discover_loaders
from changxiao.core.metrics import get_metric
from changxiao.orgs.models import Region
from changxiao.workforce.models import Attendance, Certificate, Post, Practitioner


def _load(names: set[str]) -> None:
    for loader in discover_loaders():
        if loader.name in names:
            loader.func(io.StringIO())


@pytest.mark.django_db
def test_demo_staffs_two_districts_with_gaps_and_expiring_certificates():
    _load({"orgs", "workforce"})
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
    )
    _load({"workforce"})
    assert (
        Practitioner.objects.count(),
        Post.objects.count(),
        Certificate.objects.count(),
        Attendance.objects.count(),
    ) == count
