"""The annual long-term management report (年度长效管理工作报告), one section per mechanism (a seam,
docs/architecture.md section 4). Each app registers its section in its `annual_report` module; the cockpit compiles
them for a jurisdiction and a year into one Word document and imports no app.

A section is `build(region, year) -> ReportSection`: a title, paragraphs of text the office may edit before the
report is issued, and the figures (each with the page it can be checked on) that the text is about."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReportFigure:
    label: str
    value: str  # as the document writes it (core.numbers): 80.0%, 12个
    url: str = ""  # the page the figure can be checked on
    # For the section's chart: the bare number, when the figure is one.
    number: float | None = None


@dataclass(frozen=True)
class ReportSection:
    key: str
    title: str
    paragraphs: tuple[str, ...]
    figures: tuple[ReportFigure, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class SectionBuilder:
    key: str
    title: str
    order: int
    build: Callable[[object, int], ReportSection]


_SECTIONS: dict[str, SectionBuilder] = {}


def register_report_section(builder: SectionBuilder) -> SectionBuilder:
    if builder.key in _SECTIONS and _SECTIONS[builder.key] is not builder:
        raise ValueError(f"annual report section {builder.key} registered twice")
    _SECTIONS[builder.key] = builder
    return builder


def report_sections() -> list[SectionBuilder]:
    return sorted(_SECTIONS.values(), key=lambda b: (b.order, b.key))


def metric_figure(code: str, region, year: int, label: str = "") -> ReportFigure:
    """A figure of the metric registry as the report writes it, with its records page: the same computation as the
    metrics page and the cockpit (over every record of the jurisdiction), so the report and the pages agree."""
    from . import numbers
    from .metrics import get_metric

    metric = get_metric(code)
    value = metric.value_for(region, year, None)
    unit = str(metric.unit_of_measure)
    if value.value is None:
        text = numbers.EMPTY
    elif unit == "%":
        text = numbers.percent(value.value)
        if value.denominator is not None:
            text += f"（{numbers.integer(value.numerator)}/{numbers.integer(value.denominator)}）"
    else:
        text = numbers.measure(value.value, unit)
    return ReportFigure(
        label=label or str(metric.name),
        value=text,
        url=value.records_url,
        number=float(value.value) if value.value is not None else None,
    )


def count_figure(label: str, count: int, unit: str, url: str = "") -> ReportFigure:
    from . import numbers

    return ReportFigure(label=label, value=f"{numbers.integer(count)}{unit}", url=url, number=float(count))
