"""Properties of the scoring engine, checked on generated rules and values."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from changxiao.assessment.scoring import Result, Rule, rank, result, score

amounts = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)
points = st.decimals(min_value=Decimal("0.5"), max_value=100, places=1, allow_nan=False, allow_infinity=False)


ANY_VETO = st.booleans()


@st.composite
def rules(draw, veto=ANY_VETO):
    comparator = draw(st.sampled_from(["gte", "lte"]))
    scoring = draw(st.sampled_from(["meets", "proportional", "tiers"]))
    maximum = draw(points)
    pass_level = draw(st.decimals(min_value=Decimal("0.1"), max_value=1000, places=2))
    excellent = draw(st.none() | st.decimals(min_value=Decimal("0.1"), max_value=2000, places=2))
    tiers = tuple(
        (
            draw(st.decimals(min_value=0, max_value=1000, places=1)),
            draw(st.decimals(min_value=0, max_value=200, places=1)),
        )
        for _ in range(draw(st.integers(0, 4)))
    )
    return Rule("X", comparator, scoring, maximum, pass_level, excellent, tiers, draw(veto))


SETTINGS = settings(max_examples=300, deadline=None)


@SETTINGS
@given(rule=rules(), value=amounts)
def test_points_stay_within_the_maximum(rule, value):
    result_ = score(rule, value)
    assert Decimal(0) <= result_.points <= rule.max_points


@SETTINGS
@given(rule=rules(), a=amounts, b=amounts)
def test_meeting_more_never_scores_less(rule, a, b):
    low, high = sorted([a, b])
    better, worse = (high, low) if rule.comparator == "gte" else (low, high)
    assert score(rule, better).points >= score(rule, worse).points


@SETTINGS
@given(
    rule=rules(veto=st.just(True)),
    value=amounts,
    others=st.lists(st.tuples(rules(veto=st.just(False)), amounts), max_size=5),
)
def test_a_failed_veto_indicator_fails_the_participant(rule, value, others):
    veto_score = score(rule, value)
    outcome = result("甲区", [veto_score, *(score(r, v) for r, v in others)])
    if veto_score.level == "fail":
        assert outcome.vetoed and outcome.grade == "fail"
    else:
        assert not outcome.vetoed


@SETTINGS
@given(totals=st.lists(st.integers(0, 20), min_size=1, max_size=12))
def test_ties_share_a_rank(totals):
    results = [Result(f"P{i}", Decimal(t), Decimal(100), "pass", False) for i, t in enumerate(totals)]
    ranked = rank(results)
    for (rank_a, a), (rank_b, b) in zip(ranked, ranked[1:], strict=False):
        assert (rank_a == rank_b) == (a.total == b.total)
        assert a.total >= b.total
    # Competition ranking: a rank is one more than the number of participants strictly ahead.
    for position, item in ranked:
        assert position == 1 + sum(1 for other in results if other.total > item.total)


def test_missing_value_scores_nothing_and_fails_a_veto():
    rule = Rule("V", "gte", "meets", Decimal(10), Decimal(1), veto=True)
    outcome = score(rule, None)
    assert outcome.points == 0 and outcome.vetoed


def test_examples_are_explained():
    rule = Rule("库", "gte", "proportional", Decimal(10), Decimal("1.0"), Decimal("1.5"))
    half = score(rule, Decimal("0.5"))
    assert half.points == Decimal("5.00") and half.level == "fail" and "50.00" in half.explanation
    assert score(rule, Decimal("1.6")).level == "excellent"
    tiers = Rule(
        "站",
        "gte",
        "tiers",
        Decimal(6),
        tiers=((Decimal(300), Decimal(2)), (Decimal(500), Decimal(4)), (Decimal(800), Decimal(6))),
    )
    assert [score(tiers, Decimal(v)).points for v in (200, 300, 650, 900)] == [0, 2, 4, 6]
    bands = result(
        "甲",
        [
            score(Rule("A", "yes", "yes_no", Decimal(10)), True),
            score(Rule("B", "yes", "yes_no", Decimal(10)), False),
        ],
    )
    assert (bands.total, bands.grade) == (Decimal(10), "fail")
