"""The surveys' part of the province generator (core.province): responses spread over the year at any scale."""

from datetime import UTC, datetime, timedelta

from changxiao.surveys.province import submitted_at


def test_responses_are_spread_over_the_span_even_at_scale_one():
    first = datetime(2026, 1, 5, 8, tzinfo=UTC)
    span = timedelta(days=336, hours=5)
    total = 10_000_000  # scale 1: span × n passed the largest timedelta
    assert submitted_at(first, span, 0, total) == first
    last = submitted_at(first, span, total - 1, total)
    assert first + span - timedelta(seconds=5) < last < first + span
    assert submitted_at(first, span, total // 2, total) == first + span / 2
