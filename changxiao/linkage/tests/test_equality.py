"""The equality measures against values worked out by hand."""

from decimal import Decimal

from changxiao.linkage.equality import coverage_share, decile_ratio, gini, per_10k


def test_per_10k():
    assert per_10k(3, 4_800) == Decimal("6.25")  # 3 × 10,000 / 4,800
    assert per_10k(0, 2_100) == Decimal("0.00")
    assert per_10k(5, None) is None
    assert per_10k(5, 0) is None


def test_coverage_share():
    assert coverage_share([0, 1, 2, 3], 2) == Decimal("0.5000")  # two of four reached twice
    assert coverage_share([2, 2, 2], 2) == Decimal("1.0000")
    assert coverage_share([1, 0, 0], 1) == Decimal("0.3333")
    assert coverage_share([], 2) is None


def test_decile_ratio():
    # Ten places: the best tenth is 10, the worst 1 → 10.
    assert decile_ratio([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) == Decimal("10.00")
    # Eleven places: tenths of two (ceil 11/10): best (10 + 12) / 2 = 11, worst (2 + 4) / 2 = 3 → 3.67.
    assert decile_ratio([2, 4, 5, 5, 5, 5, 5, 5, 5, 10, 12]) == Decimal("3.67")
    assert decile_ratio([0, 3, 4]) is None  # the worst received nothing: unbounded
    assert decile_ratio([5]) is None


def test_gini():
    assert gini([5, 5, 5, 5]) == Decimal("0.0000")
    # All in one of four places: 2·4·8/(4·8) − 5/4 = 0.75.
    assert gini([0, 0, 0, 8]) == Decimal("0.7500")
    # 1, 2, 3: 2·(1 + 4 + 9)/(3·6) − 4/3 = 28/18 − 24/18 = 0.2222.
    assert gini([3, 1, 2]) == Decimal("0.2222")
    # Per-resident rates as decimals: 0.5, 1.5 → 2·(0.5 + 3)/(2·2) − 3/2 = 0.25.
    assert gini([Decimal("1.5"), Decimal("0.5")]) == Decimal("0.2500")
    assert gini([]) is None
    assert gini([0, 0]) is None
