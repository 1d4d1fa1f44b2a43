"""ECharts options built on the server; templates hand them to static/js/charts.js through json_script."""

from collections.abc import Sequence

PALETTE = ["#9e1b1b", "#1452a0", "#d4a017", "#2e7d32", "#6a1b9a", "#00838f", "#ef6c00", "#5d4037"]


def bar_chart(
    *,
    categories: Sequence[str],
    values: Sequence[float | int | None],
    series_name: str,
    unit: str = "",
    keep_order: bool = False,
    maximum: float | None = None,
) -> dict:
    """A horizontal bar chart: one bar per category, largest at the top (or in the given order, first at the
    top, for months and other ordered categories); the axis ends at `maximum` when given (a fixed scale, such as
    0–100, reads the same on every page), else where the data ends."""
    pairs = list(zip(categories, values, strict=True))
    pairs = list(reversed(pairs)) if keep_order else sorted(pairs, key=lambda pair: pair[1] or 0)
    return {
        "color": PALETTE,
        "grid": {"left": 8, "right": 24, "top": 8, "bottom": 8, "containLabel": True},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "xAxis": {"type": "value", "name": unit, "axisLabel": {"hideOverlap": True}}
        | ({"min": 0, "max": maximum} if maximum is not None else {}),
        "yAxis": {"type": "category", "data": [str(c) for c, _v in pairs]},
        "series": [
            {"type": "bar", "name": str(series_name), "data": [v for _c, v in pairs], "barMaxWidth": 22}
        ],
    }


def radar_chart(*, axes: Sequence[str], series: dict[str, Sequence[float]], maximum: float = 100) -> dict:
    """A radar (spider) chart: one polygon per series over the same axes, e.g. the share of each category's points."""
    return {
        "color": PALETTE,
        "tooltip": {},
        "legend": {"bottom": 0, "type": "scroll"},
        "radar": {"indicator": [{"name": str(a), "max": maximum} for a in axes], "radius": "62%"},
        "series": [
            {
                "type": "radar",
                "data": [{"name": str(name), "value": list(values)} for name, values in series.items()],
            }
        ],
    }


def line_chart(
    *, categories: Sequence[str], series: dict[str, Sequence[float | None]], unit: str = ""
) -> dict:
    """Lines over ordered categories (years, months), one per series."""
    return {
        "color": PALETTE,
        "grid": {"left": 8, "right": 24, "top": 24, "bottom": 40, "containLabel": True},
        "tooltip": {"trigger": "axis"},
        "legend": {"bottom": 0, "type": "scroll"},
        "xAxis": {"type": "category", "data": [str(c) for c in categories]},
        "yAxis": {"type": "value", "name": unit},
        "series": [
            {"type": "line", "name": str(name), "data": list(values), "connectNulls": True}
            for name, values in series.items()
        ],
    }
