"""Equality of the service (均等化, 公共文化服务保障法 art. 35) as pure functions of plain numbers: per 10,000
residents, the share of villages reached at least N times, the ratio of the best- to the worst-served decile and
the Gini coefficient. No database here: coverage.py gathers the numbers, these compute (and the tests check them
against values worked out by hand)."""

from decimal import ROUND_HALF_UP, Decimal
from math import ceil

FOUR = Decimal("0.0001")
TWO = Decimal("0.01")


def per_10k(count: int, population: int | None) -> Decimal | None:
    """count per 10,000 residents, two decimals; None without a population (never a division by nothing)."""
    if not population:
        return None
    return (Decimal(count) * 10_000 / Decimal(population)).quantize(TWO, rounding=ROUND_HALF_UP)


def coverage_share(counts: list[int], times: int) -> Decimal | None:
    """The share (0–1, four decimals) of the places whose count reaches `times`; None when there is no place."""
    if not counts:
        return None
    reached = sum(1 for count in counts if count >= times)
    return (Decimal(reached) / Decimal(len(counts))).quantize(FOUR, rounding=ROUND_HALF_UP)


def decile_ratio(values: list) -> Decimal | None:
    """The mean of the best-served tenth over the mean of the worst-served tenth (at least one place each; two
    decimals). None with fewer than two places or when the worst tenth received nothing (the ratio is unbounded:
    shown as such, not as a number)."""
    if len(values) < 2:
        return None
    ordered = sorted(Decimal(str(v)) for v in values)
    k = max(1, ceil(len(ordered) / 10))
    worst = sum(ordered[:k]) / k
    best = sum(ordered[-k:]) / k
    if worst == 0:
        return None
    return (best / worst).quantize(TWO, rounding=ROUND_HALF_UP)


def gini(values: list) -> Decimal | None:
    """The Gini coefficient (0 = equal, towards 1 = all in one place), four decimals: with the values sorted
    ascending and ranked i = 1…n, G = 2·Σ i·x_i / (n·Σ x) − (n + 1) / n. None with no place or nothing at all."""
    ordered = sorted(Decimal(str(v)) for v in values)
    n = len(ordered)
    total = sum(ordered)
    if n == 0 or total == 0:
        return None
    weighted = sum(Decimal(i) * x for i, x in enumerate(ordered, start=1))
    value = 2 * weighted / (n * total) - Decimal(n + 1) / n
    return value.quantize(FOUR, rounding=ROUND_HALF_UP)
