"""The public portal in the cockpit: a facility breaking an opening rule is a warning with its managing unit, a
deadline and a link to the breach, seen only within the person's scope; the annual report's section carries the
metrics' figures."""

from datetime import time

from changxiao.core.annual_report import metric_figure
from changxiao.core.attention import attention_for
from changxiao.core.deadlines import add_workdays, local_today
from changxiao.portal.annual_report import section
from changxiao.portal.attention import facilities_breaking_rules
from changxiao.portal.metrics import HOURS_PUBLISHED, RULE_COMPLIANCE
from changxiao.portal.models import RuleBreach
from changxiao.portal.services import hours_add

from .factories import FacilityFactory, week


def _closed_at_weekends(world):
    library = FacilityFactory(unit=world.venue_unit, region=world.gusu, by=world.office, name="姑苏区图书馆")
    return week(library, by=world.office, days=(1, 2, 3, 4, 5), holidays=False)


def test_a_facility_breaking_opening_rules_is_one_warning_within_the_persons_scope(world):
    library = _closed_at_weekends(world)
    first = RuleBreach.objects.standing().filter(facility=library).order_by("found_on", "pk").first()
    [item] = facilities_breaking_rules(world.office, world.city.path)
    assert item.owner == world.venue_unit.name and item.severity == "yellow"
    weekends = RuleBreach.objects.get(facility=library, rule__rule="weekends")
    assert item.title.startswith("姑苏区图书馆 · ") and str(weekends.rule) in item.title
    assert item.deadline == add_workdays(first.found_on, 10) and item.url == first.get_absolute_url()
    assert item.region_path == world.gusu.path
    assert [i.url for i in facilities_breaking_rules(world.district, world.gusu.path)] == [item.url]
    assert any(i.url == item.url for i in attention_for(world.leader, world.city.path))
    assert facilities_breaking_rules(world.office2, world.city.path) == []
    assert facilities_breaking_rules(world.office2, world.city2.path) == []
    assert facilities_breaking_rules(world.outsider, world.city.path) == []
    assert facilities_breaking_rules(world.office, world.kunshan.path) == []


def test_a_rule_kept_again_leaves_the_warning(world):
    library = _closed_at_weekends(world)
    weekends = str(RuleBreach.objects.get(facility=library, rule__rule="weekends").rule)
    hours_add(
        facility=library, by=world.office, kind="regular", weekdays=[6, 7], opens=time(9), closes=time(17)
    )
    [item] = facilities_breaking_rules(world.office, world.city.path)
    assert weekends not in item.title and item.title.startswith("姑苏区图书馆")


def test_the_report_section_carries_the_metrics_figures(world):
    _closed_at_weekends(world)
    FacilityFactory(unit=world.venue_unit, region=world.gusu, by=world.office)  # no hours published
    year = local_today().year
    part = section(world.city, year)
    assert part.key == "portal" and part.figures[0].value == "2个"
    assert part.figures[1] == metric_figure(HOURS_PUBLISHED, world.city, year)
    assert part.figures[1].value == "50.0%（1/2）"
    assert part.figures[2] == metric_figure(RULE_COMPLIANCE, world.city, year)
    assert part.figures[2].value == "0.0%（0/2）"
    assert all(figure.value in part.paragraphs[0] for figure in part.figures[:3])
