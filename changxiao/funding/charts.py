"""The ECharts options of the funding pages (built with core.charts): planned against actual, culture spending
growth against regular revenue growth, per-capita culture spending against the provincial average — by year."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from changxiao.core.charts import bar_chart, line_chart

TEN_THOUSAND = Decimal(10_000)


def _wan(value) -> float | None:
    """Yuan in 万元, two decimals, as the chart's number."""
    if value is None:
        return None
    return float((value / TEN_THOUSAND).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _one(value) -> float | None:
    return None if value is None else float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _two(value) -> float | None:
    return None if value is None else float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def region_charts(lines) -> dict | None:
    """Three line charts over the jurisdiction's years (oldest first); none without figures."""
    if not lines:
        return None
    years = [str(line.year) for line in lines]
    return {
        "planned": line_chart(
            categories=years,
            series={
                _("Budget (planned)"): [
                    _wan(line.budget.culture_spending) if line.budget else None for line in lines
                ],
                _("Final accounts (actual)"): [
                    _wan(line.final.culture_spending) if line.final else None for line in lines
                ],
            },
            unit=_("10,000 yuan"),
        ),
        "growth": line_chart(
            categories=years,
            series={
                _("Culture spending growth"): [_one(line.culture_growth) for line in lines],
                _("Regular revenue growth"): [_one(line.revenue_growth) for line in lines],
            },
            unit="%",
        ),
        "per_capita": line_chart(
            categories=years,
            series={
                _("Per-capita culture spending"): [
                    _two(line.final.culture_per_capita) if line.final else None for line in lines
                ],
                _("Provincial average"): [_two(line.average) for line in lines],
            },
            unit=_("yuan per resident"),
        ),
    }


def table_chart(rows, year: int) -> dict | None:
    """Per-capita culture spending of each jurisdiction of the office's table; none when no row has one."""
    values = [(row.region.name, _two(row.per_capita)) for row in rows]
    if not any(value is not None for _name, value in values):
        return None
    return bar_chart(
        categories=[name for name, _value in values],
        values=[value for _name, value in values],
        series_name=_("Per-capita culture spending"),
        unit=_("yuan per resident"),
    )
