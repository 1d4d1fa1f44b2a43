"""The funding guarantees in the cockpit: a rule not met is a warning with its numbers, owner, deadline and link,
seen only within the person's scope; the annual report's section carries the metrics' figures."""

from decimal import Decimal

import pytest
from django.urls import reverse

from changxiao.core.annual_report import metric_figure
from changxiao.core.attention import attention_for
from changxiao.funding.annual_report import section
from changxiao.funding.attention import rules_not_met
from changxiao.funding.metrics import RULES_MET
from changxiao.funding.models import RuleCheck

from .test_figures import _enter_2024, city  # noqa: F401  (the fixture)


@pytest.fixture
def not_met(city):  # noqa: F811
    _enter_2024(city, "106100000")  # +6.1% against +7.4%
    return city


def test_a_rule_not_met_is_a_warning_with_its_numbers_owner_deadline_and_link(not_met):
    world = not_met
    check = RuleCheck.objects.get(region=world.gusu, year=2024)
    [item] = rules_not_met(world.office, world.city.path)
    assert item.severity == "red" and item.owner == "姑苏区人民政府"
    assert "姑苏区" in item.title and "2024" in item.title and "+6.1%" in item.title and "+7.4%" in item.title
    assert item.url == reverse("funding:region", args=[world.gusu.pk]) + "?year=2024"
    assert item.deadline is not None and item.deadline > check.checked_at.date()
    assert item.region_path == world.gusu.path
    # Also in the cockpit's one list, for the district and the leader.
    assert any(i.url == item.url for i in attention_for(world.district, world.gusu.path))
    assert [i.url for i in rules_not_met(world.leader, world.city.path)] == [item.url]


def test_a_rule_not_met_is_seen_only_within_the_persons_scope(not_met):
    world = not_met
    assert rules_not_met(world.office2, world.city.path) == []
    assert rules_not_met(world.office2, world.city2.path) == []
    assert rules_not_met(world.outsider, world.city.path) == []
    assert rules_not_met(world.office, world.kunshan.path) == []


def test_a_rule_met_again_leaves_the_list(not_met):
    world = not_met
    _enter_2024(world, "120000000", reason="决算调整")
    assert rules_not_met(world.office, world.city.path) == []


def test_the_report_section_names_the_rules_not_met_with_the_metrics_figures(not_met):
    world = not_met
    part = section(world.gusu, 2024)
    assert part.key == "funding" and part.figures[0] == metric_figure(RULES_MET, world.gusu, 2024)
    assert part.figures[0].value == "0.0%（0/1）"
    assert part.figures[4].value == "1项"
    assert "姑苏区“文化体育与传媒支出增幅不低于经常性收入增幅”" in part.paragraphs[0]
    assert "其中1项已转为督查问题整改" in part.paragraphs[0]
    city_part = section(world.city, 2024)
    assert city_part.figures[3].value == "1项" and city_part.figures[4].value == "1项"
    assert Decimal(0) == Decimal(part.figures[0].number)
