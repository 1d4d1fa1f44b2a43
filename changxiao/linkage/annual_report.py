"""The linkage section of the annual long-term management report (core.annual_report): what reached the villages
(deliveries of the menu, outreach and pair activities), the coverage of villages, the reach per 10,000 residents,
the spread between townships and the providers' answers on time — the metrics' figures, so the report matches the
pages."""

from django.utils.translation import gettext_lazy as _

from changxiao.core import numbers
from changxiao.core.annual_report import (
    ReportSection,
    SectionBuilder,
    count_figure,
    metric_figure,
    register_report_section,
)

from . import coverage
from .metrics import COVERAGE, GINI, ON_TIME, PER_10K


def _per_10k(figure) -> str:
    """The figure without its unit, which the sentence says."""
    return numbers.EMPTY if figure.number is None else numbers.figure(figure.number, 2)


def section(region, year: int) -> ReportSection:
    data = coverage.coverage(region, year)
    figures = (
        count_figure("菜单服务送达", data.deliveries, "场"),
        count_figure("结对及流动服务活动", data.activities, "场"),
        metric_figure(COVERAGE, region, year),
        metric_figure(PER_10K, region, year),
        metric_figure(GINI, region, year),
        metric_figure(ON_TIME, region, year),
    )
    text = (
        f"{year}年，{region.name}通过点单配送送达服务{numbers.integer(data.deliveries)}场，开展结对帮扶和流动服务活动"
        f"{numbers.integer(data.activities)}场；村（社区）年内服务达到{numbers.integer(data.times)}次以上的覆盖率"
        f"{figures[2].value}，每万名常住人口享有服务{_per_10k(figures[3])}场，乡镇（街道）间均衡程度（基尼系数）{figures[4].value}，"
        f"服务提供方按时答复率{figures[5].value}。"
    )
    return ReportSection(key="linkage", title="城乡联动与服务覆盖", paragraphs=(text,), figures=figures)


register_report_section(
    SectionBuilder(key="linkage", title=_("Linkage and coverage"), order=50, build=section)
)
