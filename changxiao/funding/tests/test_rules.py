"""Every rule against hand-computed cases (rules.evaluate is pure: no database)."""

from decimal import Decimal as D

import pytest
from django.utils import translation

from changxiao.funding.choices import CheckState, Comparator, RuleKind
from changxiao.funding.rules import (
    MISSING_AVERAGE,
    MISSING_POPULATION,
    MISSING_PREVIOUS,
    ZERO_BASE,
    Figures,
    Terms,
    evaluate,
    explain,
    growth,
    per_capita,
    share_met,
)


@pytest.fixture(autouse=True)
def _english():
    """The explanations are read in the source language here (the zh-Hans words are the catalogue's)."""
    with translation.override("en"):
        yield


GROWTH_AT_LEAST = Terms(RuleKind.GROWTH, Comparator.AT_LEAST, 1)
GROWTH_ABOVE = Terms(RuleKind.GROWTH, Comparator.ABOVE, 1)


def test_growth_short_of_revenue_growth_is_not_met_and_says_by_how_much():
    # Culture 1,000 → 1,061 (+6.1%); revenue 10,000 → 10,740 (+7.4%): 1.3 points short.
    figures = {2024: Figures(D("10000"), D("1000")), 2025: Figures(D("10740"), D("1061"))}
    outcome = evaluate(GROWTH_AT_LEAST, 2025, figures)
    assert outcome.state == CheckState.NOT_MET
    (year,) = outcome.years
    assert year.value == D("6.1") and year.threshold == D("7.4")
    with_language = explain(RuleKind.GROWTH, year)
    assert "+6.1%" in with_language and "+7.4%" in with_language and "1.3" in with_language


def test_growth_ahead_of_revenue_is_met():
    # Culture 800 → 900 (+12.5%); revenue 5,000 → 5,300 (+6%).
    figures = {2024: Figures(D("5000"), D("800")), 2025: Figures(D("5300"), D("900"))}
    outcome = evaluate(GROWTH_ABOVE, 2025, figures)
    assert outcome.state == CheckState.MET
    assert outcome.years[0].value == D("12.5") and outcome.years[0].threshold == D("6")


@pytest.mark.parametrize(
    ("terms", "state"), [(GROWTH_AT_LEAST, CheckState.MET), (GROWTH_ABOVE, CheckState.NOT_MET)]
)
def test_equal_growth_meets_不低于_and_fails_高于(terms, state):
    # Both grow by exactly 5%: culture 2,000 → 2,100; revenue 40,000 → 42,000.
    figures = {2024: Figures(D("40000"), D("2000")), 2025: Figures(D("42000"), D("2100"))}
    outcome = evaluate(terms, 2025, figures)
    assert outcome.state == state
    assert outcome.years[0].difference == 0
    assert "equal" in explain(RuleKind.GROWTH, outcome.years[0])


def test_equal_after_rounding_but_not_exactly_is_compared_exactly():
    # Culture 3,000 → 3,222.2 (+7.4067%), revenue 1,000 → 1,074.1 (+7.41%): both shown as +7.4%, still short.
    figures = {2024: Figures(D("1000"), D("3000")), 2025: Figures(D("1074.1"), D("3222.2"))}
    assert evaluate(GROWTH_AT_LEAST, 2025, figures).state == CheckState.NOT_MET


def test_growth_over_a_missing_previous_year_cannot_be_checked():
    outcome = evaluate(GROWTH_AT_LEAST, 2025, {2025: Figures(D("10740"), D("1061"))})
    assert outcome.state == CheckState.UNKNOWN
    assert outcome.years[0].reason == MISSING_PREVIOUS
    assert "previous year" in explain(RuleKind.GROWTH, outcome.years[0])


def test_growth_over_a_zero_base_is_undefined_and_no_pass():
    figures = {2024: Figures(D("10000"), D("0")), 2025: Figures(D("10740"), D("50"))}
    outcome = evaluate(GROWTH_AT_LEAST, 2025, figures)
    assert outcome.state == CheckState.UNKNOWN
    assert outcome.years[0].reason == ZERO_BASE
    assert growth(D("50"), D("0")) is None


def test_a_two_year_window_fails_when_either_year_fails():
    # 2024: culture +10% vs revenue +5% (pass); 2025: culture +2% vs revenue +4% (fail).
    figures = {
        2023: Figures(D("1000"), D("100")),
        2024: Figures(D("1050"), D("110")),
        2025: Figures(D("1092"), D("112.2")),
    }
    two_years = Terms(RuleKind.GROWTH, Comparator.ABOVE, 2)
    outcome = evaluate(two_years, 2025, figures)
    assert [y.state for y in outcome.years] == [CheckState.MET, CheckState.NOT_MET]
    assert outcome.state == CheckState.NOT_MET
    assert evaluate(two_years, 2024, figures).state == CheckState.UNKNOWN  # 2023 has no previous year
    assert evaluate(Terms(RuleKind.GROWTH, Comparator.ABOVE, 1), 2024, figures).state == CheckState.MET


def test_per_capita_against_the_provincial_average():
    # 1,300,000 yuan for 2,000 residents = 650 yuan; the province's average 600 → met, 50 above.
    figures = {2025: Figures(D("1"), D("1300000"), population=2000)}
    terms = Terms(RuleKind.PER_CAPITA, Comparator.ABOVE, 1)
    outcome = evaluate(terms, 2025, figures, {2025: D("600")})
    assert outcome.state == CheckState.MET
    assert outcome.years[0].value == D("650")
    assert "50.00" in explain(RuleKind.PER_CAPITA, outcome.years[0])
    assert evaluate(terms, 2025, figures, {2025: D("650")}).state == CheckState.NOT_MET  # 高于: equal fails
    at_least = Terms(RuleKind.PER_CAPITA, Comparator.AT_LEAST, 1)
    assert evaluate(at_least, 2025, figures, {2025: D("650")}).state == CheckState.MET


@pytest.mark.parametrize("population", [None, 0])
def test_per_capita_refuses_to_divide_by_a_missing_population(population):
    figures = {2025: Figures(D("1"), D("1300000"), population=population)}
    outcome = evaluate(Terms(RuleKind.PER_CAPITA), 2025, figures, {2025: D("600")})
    assert outcome.state == CheckState.UNKNOWN
    assert outcome.years[0].reason == MISSING_POPULATION
    assert outcome.years[0].value is None
    assert "缺人口数据" in explain(RuleKind.PER_CAPITA, outcome.years[0])
    assert per_capita(D("1300000"), population) is None


def test_per_capita_without_a_provincial_average_cannot_be_checked():
    figures = {2025: Figures(D("1"), D("1300000"), population=2000)}
    outcome = evaluate(Terms(RuleKind.PER_CAPITA), 2025, figures, {})
    assert outcome.state == CheckState.UNKNOWN and outcome.years[0].reason == MISSING_AVERAGE


def test_mechanism_funds_must_be_in_the_budget():
    terms = Terms(RuleKind.MECHANISM)
    assert (
        evaluate(terms, 2025, {2025: Figures(D("1"), D("1"), mechanism=D("3000000"))}).state == CheckState.MET
    )
    assert evaluate(terms, 2025, {2025: Figures(D("1"), D("1"), mechanism=None)}).state == CheckState.NOT_MET
    assert (
        evaluate(terms, 2025, {2025: Figures(D("1"), D("1"), mechanism=D("0"))}).state == CheckState.NOT_MET
    )
    assert evaluate(terms, 2025, {}).state == CheckState.UNKNOWN


def test_a_public_welfare_share_is_compared_exactly():
    # 3% of 86,400 commercial seconds is 2,592: 2,592 reaches it, 2,590 (2.998%, shown 3.0%) does not.
    assert share_met(D("86400"), D("2592"), D("3")) is True
    assert share_met(D("86400"), D("2590"), D("3")) is False
    assert share_met(D("0"), D("0"), D("3")) is None
