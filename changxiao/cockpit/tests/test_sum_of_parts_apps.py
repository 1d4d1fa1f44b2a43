"""The drill-down adds up for the newer mechanisms too: one metric of publicity, the volunteers, the portal and the
linkage, each with records in 姑苏区 (and 平江街道), 昆山市 and, for a count by unit, a department of the city itself.
A count adds up (additive); a rate is recomputed from the parts' numerators and denominators. Funding publishes no
figure that adds up: each jurisdiction's rules are checked on its own accounts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from changxiao.cockpit.drilldown import drill
from changxiao.core.deadlines import local_today
from changxiao.core.metrics import get_metric
from changxiao.orgs.choices import RegionLevel
from conftest import make_region


def _publicity(world):
    from changxiao.publicity.tests.factories import ArticleFactory, published

    for unit, writer in (
        (world.venue_unit, world.venue),
        (world.outsider_unit, world.outsider),
        (world.member_unit, world.member),
    ):
        published(ArticleFactory(unit=unit, by=writer), writer=writer, office=world.office)


def _volunteers(world, regions=None):
    from changxiao.volunteers import services
    from changxiao.volunteers.tests.factories import ActivityFactory, TeamFactory, VolunteerFactory, id_number

    team = TeamFactory(unit=world.venue_unit, by=world.venue)
    activity = ActivityFactory(team=team, by=world.venue)
    for region, code in regions or ((world.pingjiang, "320508"), (world.kunshan, "320583")):
        volunteer = VolunteerFactory(
            region=region, unit=world.venue_unit, by=world.venue, id_number=id_number(region=code)
        )
        services.signup_create(activity=activity, volunteer=volunteer)
        services.checkin(activity=activity, volunteer=volunteer, at=activity.starts_at + timedelta(minutes=5))
        services.checkout(activity=activity, volunteer=volunteer, at=activity.ends_at)


def _portal(world, county_level=False):
    from changxiao.portal.tests.factories import FacilityFactory, week

    region = world.gusu if county_level else world.pingjiang
    week(FacilityFactory(unit=world.venue_unit, region=region, by=world.office), by=world.office)
    FacilityFactory(unit=world.venue_unit, region=world.pingjiang, by=world.office, level="township")
    FacilityFactory(unit=world.outsider_unit, region=world.kunshan, by=world.office)


def _linkage(world):
    make_region("320508001101", "大儒社区", RegionLevel.VILLAGE, world.pingjiang)
    make_region("320583001", "玉山镇", RegionLevel.TOWNSHIP, world.kunshan)


CASES = {
    "publicity.articles_published": _publicity,
    "volunteers.active": _volunteers,
    "portal.hours_published": _portal,
    "linkage.village_coverage": _linkage,
}


def _sums_hold(world, code):
    metric = get_metric(code)
    year = (
        timezone.localtime(timezone.now() + timedelta(days=1)).year if code == "volunteers.active" else None
    )
    year = year or local_today().year
    regions = [world.city, world.gusu]
    if "unit" in metric.subjects:
        regions.append(world.pingjiang)  # a township's parts are its units
    for region in regions:
        data = drill(world.office, metric, region, year)
        whole, total = data["whole"], data["sum"]
        assert whole.value is not None and whole.value == total.value, region.name
        if not metric.additive:
            assert (whole.numerator, whole.denominator) == (total.numerator, total.denominator), region.name
    assert metric.additive == (code in ("publicity.articles_published", "volunteers.active"))


@pytest.mark.parametrize("code", list(CASES))
def test_a_jurisdictions_figure_equals_the_sum_of_its_parts(world, code):
    CASES[code](world)
    _sums_hold(world, code)


# Known gaps, left to the apps (reported): a region-only figure counts the records placed at the jurisdiction's own
# level (a county library in 姑苏区, a volunteer whose residence is recorded as 姑苏区 only), which belong to none
# of its parts — the sub-jurisdictions. They need the metric by unit (as publicity's) or records placed lower.
GAPS = {
    "portal.hours_published": lambda world: _portal(world, county_level=True),
    "volunteers.active": lambda world: _volunteers(
        world, ((world.gusu, "320508"), (world.kunshan, "320583"))
    ),
}


@pytest.mark.xfail(strict=True, reason="records at the jurisdiction's own level are in none of its parts")
@pytest.mark.parametrize("code", list(GAPS))
def test_records_at_the_jurisdictions_own_level_are_in_no_part(world, code):
    GAPS[code](world)
    _sums_hold(world, code)
