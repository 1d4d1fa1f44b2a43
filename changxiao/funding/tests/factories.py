"""Funding records for tests, made through the funding services so each passed the checks a person meets.

setup_city(world)                                         # 市财政局 reports 苏州市's figures; the seed's rules
RecordFactory(region=world.gusu, by=world.member, year=2024, culture_spending=…)
"""

from decimal import Decimal

import factory

from changxiao.core.tests.factories import ServiceFactory
from changxiao.funding.choices import Comparator, RuleKind, Stage
from changxiao.funding.models import FiscalRecord, FiscalReporter, FundingRule
from changxiao.funding.services import figures_enter, reporter_designate, rule_create
from changxiao.orgs.choices import Role, UnitKind

SEED = "苏州市示范区长效管理机制 三(四)"


class RecordFactory(ServiceFactory):
    """Final accounts of `region` for `year` entered by `by` (both required)."""

    class Meta:
        model = FiscalRecord

    stage = Stage.FINAL
    year = 2024
    regular_revenue = Decimal("10000000000.00")
    general_expenditure = Decimal("12000000000.00")
    culture_spending = Decimal("300000000.00")
    population = 900_000
    population_source = "统计公报"
    source_document = factory.LazyAttribute(lambda o: f"{o.year}年决算")

    @classmethod
    def make(cls, **fields) -> FiscalRecord:
        return figures_enter(**fields)


class RuleFactory(ServiceFactory):
    """The seed's growth rule (不低于, one year, final accounts) kept by `owner` made by `by` (both required)."""

    class Meta:
        model = FundingRule

    code = factory.Sequence(lambda n: f"rule-{n}")
    name = "文化体育与传媒支出增幅不低于经常性收入增幅"
    kind = RuleKind.GROWTH
    comparator = Comparator.AT_LEAST
    window = 1
    stage = Stage.FINAL
    source_title = SEED
    source_text = "文化体育与传媒支出不低于同级财政经常性收入的增长幅度"

    @classmethod
    def make(cls, **fields) -> FundingRule:
        return rule_create(**fields)


def setup_city(world) -> FiscalReporter:
    """市财政局 (world.member_unit) reports the figures of 苏州市 and its districts; 姑苏区 has a government with one
    person (world.government), for the findings a rule not met opens."""
    from conftest import make_person, make_unit

    world.government_unit = make_unit("GS-GOV", "姑苏区人民政府", UnitKind.DISTRICT_GOVERNMENT, world.gusu)
    world.government = make_person("gusu_gov", world.government_unit, Role.MEMBER, full_name="蒋志远")
    return reporter_designate(owner=world.city, unit=world.member_unit, by=world.office)
