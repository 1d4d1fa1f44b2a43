"""The public facilities' part of publicity in the annual long-term management report (core.annual_report): the
facilities published in the directory, the share publishing complete opening hours and keeping the opening rules,
the average weekly hours, the activities and attendance per 10,000 residents — the metrics' figures, so the report
matches the pages."""

from django.utils.translation import gettext_lazy as _

from changxiao.core.annual_report import (
    ReportSection,
    SectionBuilder,
    count_figure,
    metric_figure,
    register_report_section,
)

from .metrics import ACTIVITIES, ATTENDANCE, HOURS_PUBLISHED, RULE_COMPLIANCE, WEEKLY_HOURS, facility_rows


def section(region, year: int) -> ReportSection:
    facilities = len(facility_rows(region, year))
    figures = (
        count_figure("向社会公布的公共文化设施", facilities, "个"),
        metric_figure(HOURS_PUBLISHED, region, year),
        metric_figure(RULE_COMPLIANCE, region, year),
        metric_figure(WEEKLY_HOURS, region, year),
        metric_figure(ACTIVITIES, region, year),
        metric_figure(ATTENDANCE, region, year),
    )
    text = (
        f"{year}年，{region.name}在公共文化设施目录中向社会公布设施{figures[0].value}，"
        f"公布完整开放时间的设施占{figures[1].value}，符合开放规定的设施占{figures[2].value}，"
        f"平均每周开放{figures[3].value}；全年在公共活动日历发布活动每万人{figures[4].value}场，"
        f"参与每万人{figures[5].value}人次。"
    )
    return ReportSection(
        key="portal", title="宣传公开：公共文化设施开放", paragraphs=(text,), figures=figures
    )


register_report_section(
    SectionBuilder(key="portal", title=_("Publicity: facilities' opening"), order=62, build=section)
)
