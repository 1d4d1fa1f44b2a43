"""The to-dos of whoever enters figures, the sweep's re-check (a rule added or an average entered takes effect, a
finding opened once), the population taken from the jurisdiction's records, the warning of a missing previous year."""

from decimal import Decimal

from django.urls import reverse

from changxiao.core.deadlines import local_today
from changxiao.core.sweep import run_sweep
from changxiao.funding.choices import CheckState, Stage
from changxiao.funding.models import FiscalRecord, RuleCheck
from changxiao.funding.workbench import rules_not_met
from changxiao.orgs.models import PopulationRecord
from changxiao.supervision.models import Finding

from .factories import RecordFactory, RuleFactory, setup_city


def _short(w):
    year = local_today().year - 1
    RecordFactory(region=w.gusu, by=w.member, year=year - 1, culture_spending=Decimal("100000000"))
    RecordFactory(
        region=w.gusu,
        by=w.member,
        year=year,
        culture_spending=Decimal("100000000"),
        regular_revenue=Decimal("10500000000"),
    )  # culture 0% against revenue +5%
    return year


def test_the_finance_unit_sees_the_rule_not_met_and_the_district_does_not(world):
    setup_city(world)
    RuleFactory(owner=world.city, by=world.office, code="seed-growth")
    year = _short(world)
    todos = list(rules_not_met(world.member))
    assert any("姑苏区" in todo.title and str(year) in todo.detail for todo in todos)
    assert not list(rules_not_met(world.district))  # reads, does not enter
    assert not list(rules_not_met(world.leader))


def test_the_sweep_checks_what_was_not_checked_and_opens_one_finding(world):
    setup_city(world)
    year = _short(world)
    assert not RuleCheck.objects.exists()
    rule = RuleFactory(owner=world.city, by=world.office, code="seed-growth")
    RuleCheck.objects.filter(
        rule=rule
    ).delete()  # as if the rule had been added before the figures were checked
    Finding.objects.all().delete()
    run_sweep(only=["funding.recheck"])
    check = RuleCheck.objects.get(rule=rule, year=year)
    assert check.state == CheckState.NOT_MET and Finding.objects.filter(pk=check.finding_id).exists()
    run_sweep(only=["funding.recheck"])
    assert Finding.objects.count() == 1


def test_the_population_comes_from_the_jurisdiction_when_not_typed(world):
    setup_city(world)
    PopulationRecord.objects.create(region=world.gusu, year=2024, resident=926100, source="苏州统计年鉴2025")
    from changxiao.funding.services import figures_enter

    record = figures_enter(
        region=world.gusu,
        by=world.member,
        year=2024,
        stage=Stage.FINAL,
        regular_revenue=Decimal("1"),
        general_expenditure=Decimal("926100"),
        culture_spending=Decimal("926100"),
        source_document="决算",
    )
    assert (record.population, record.population_source) == (926100, "苏州统计年鉴2025")
    assert record.culture_per_capita == Decimal("1.00")


def test_entering_a_year_without_the_previous_one_says_the_growth_cannot_be_checked(world, client):
    setup_city(world)
    client.force_login(world.member)
    response = client.post(
        reverse("funding:figures_enter", args=[world.gusu.pk, "final"]),
        {
            "year": "2024",
            "regular_revenue": "1000",
            "general_expenditure": "2000",
            "culture_spending": "100",
            "culture_item_name": "文化旅游体育与传媒支出",
            "source_document": "决算",
        },
        follow=True,
    )
    assert "尚无2023年决算" in response.content.decode()
    assert FiscalRecord.objects.count() == 1
