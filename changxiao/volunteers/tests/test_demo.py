"""The demo: teams in every district, a year of activities, volunteers near a star, a certificate; twice is once."""

import io
import time

import pytest

from changxiao.volunteers import services
from changxiao.volunteers.models import Activity, Certificate, HourRecord, Team, Volunteer

pytestmark = pytest.mark.django_db


def test_the_demo_loads_fast_and_twice_changes_nothing():
    from changxiao.core.demo import discover_loaders

    loaders = {loader.name: loader for loader in discover_loaders()}
    loaders["orgs"].func(io.StringIO())
    started = time.monotonic()
    loaders["volunteers"].func(io.StringIO())
    elapsed = time.monotonic() - started
    teams = Team.objects.count()
    assert teams >= 5
    assert Activity.objects.count() >= 2 * 12 + (teams - 2) * 4
    assert Certificate.objects.filter(state="issued").count() == 1
    assert Certificate.objects.filter(state="requested").count() == 1
    assert HourRecord.objects.filter(needs_review=True).count() == teams  # one forgotten check-out per team
    near = [services.stars_of(v) for v in Volunteer.objects.all()]
    assert any(s["stars"] == 0 and s["to_next"] and s["to_next"] <= 5 for s in near)
    counts = (
        Team.objects.count(),
        Activity.objects.count(),
        HourRecord.objects.count(),
        Volunteer.objects.count(),
    )
    loaders["volunteers"].func(io.StringIO())
    assert counts == (
        Team.objects.count(),
        Activity.objects.count(),
        HourRecord.objects.count(),
        Volunteer.objects.count(),
    )
    print(f"volunteers demo loader: {elapsed:.2f} s")
    assert elapsed > 0
