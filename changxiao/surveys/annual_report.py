"""The public satisfaction section of the annual long-term management report (core.annual_report)."""

from django.utils.translation import gettext_lazy as _

from changxiao.core import numbers
from changxiao.core.annual_report import (
    ReportSection,
    SectionBuilder,
    count_figure,
    metric_figure,
    register_report_section,
)
from changxiao.orgs.scope import within

from .metrics import SATISFACTION_INDEX
from .models import Campaign, Response


def section(region, year: int) -> ReportSection:
    campaigns = Campaign.objects.filter(within(region), starts_on__year=year)
    responses = Response.objects.filter(campaign__in=campaigns).count()
    figures = (
        count_figure("群众满意度测评活动", campaigns.count(), "次"),
        count_figure("收回答卷", responses, "份"),
        metric_figure(SATISFACTION_INDEX, region, year),
    )
    text = (
        f"{year}年，{region.name}开展群众满意度测评{numbers.integer(campaigns.count())}次，收回答卷"
        f"{numbers.integer(responses)}份，群众满意度指数{figures[2].value}。"
    )
    return ReportSection(key="surveys", title="群众满意度测评", paragraphs=(text,), figures=figures)


register_report_section(
    SectionBuilder(key="surveys", title=_("Public satisfaction"), order=70, build=section)
)
