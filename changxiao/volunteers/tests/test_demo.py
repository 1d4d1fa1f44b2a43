"""The demo: teams in every district, a year of activities, volunteers near a star, a certificate; twice is once.
It reads the whole demo, loaded once per test process (the root conftest's `demo` fixture)."""

import io

from changxiao.core.demo import discover_loaders
from changxiao.orgs.choices import RegionLevel
from changxiao.orgs.models import Region
from changxiao.volunteers import services
from changxiao.volunteers.demo import CITY
from changxiao.volunteers.models import Activity, Certificate, HourRecord, Team, Volunteer


def _counts() -> tuple[int, ...]:
    return (
        Team.objects.count(),
        Activity.objects.count(),
        HourRecord.objects.count(),
        Volunteer.objects.count(),
        Certificate.objects.count(),
    )


def test_the_demo_has_teams_in_every_district_a_year_of_activities_and_a_certificate(demo):
    counties = Region.objects.filter(parent__code=CITY, level=RegionLevel.COUNTY)
    teams = Team.objects.filter(name__endswith="文化志愿服务队（演示）")
    places = list(teams.values_list("unit__region__path", flat=True))
    assert counties and all(any(p.startswith(c.path) for p in places) for c in counties)  # a team in each
    count = teams.count()
    assert Activity.objects.filter(team__in=teams).count() >= 2 * 12 + (count - 2) * 4
    assert Certificate.objects.filter(state="issued").count() == 1
    assert Certificate.objects.filter(state="requested").count() == 1
    # One forgotten check-out per team, listed for its leader.
    assert HourRecord.objects.filter(needs_review=True, activity__team__in=teams).count() == count
    near = [services.stars_of(v) for v in Volunteer.objects.all()]
    assert any(s["stars"] == 0 and s["to_next"] and s["to_next"] <= 5 for s in near)


def test_loading_the_demo_again_changes_nothing(demo):
    before = _counts()
    for loader in discover_loaders():
        if loader.name == "volunteers":
            loader.func(io.StringIO())
    assert _counts() == before
