"""The citizen feedback section of the annual long-term management report (core.annual_report)."""

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

from .choices import FeedbackState
from .metrics import ANSWERED_ON_TIME, SATISFACTION
from .models import FeedbackItem


def section(region, year: int) -> ReportSection:
    items = FeedbackItem.objects.filter(within(region, indexed=True), submitted_at__year=year)
    received = items.count()
    escalated = items.filter(finding__isnull=False).count()
    answered = items.filter(answered_on__isnull=False).count()
    figures = (
        count_figure("收到群众反馈", received, "件"),
        count_figure("已答复", answered, "件"),
        count_figure("转入督查", escalated, "件"),
        metric_figure(ANSWERED_ON_TIME, region, year),
        metric_figure(SATISFACTION, region, year),
    )
    text = (
        f"{year}年，{region.name}收到群众需求、建议、投诉和表扬{numbers.integer(received)}件，已答复{numbers.integer(answered)}件，"
        f"按时答复率{figures[3].value}，答复满意率{figures[4].value}；转入督查{numbers.integer(escalated)}件。"
    )
    state_open = items.filter(state__in=[FeedbackState.NEW, FeedbackState.ASSIGNED]).count()
    if state_open:
        text += f"年末尚在办理{numbers.integer(state_open)}件。"
    return ReportSection(key="feedback", title="群众反馈及办理情况", paragraphs=(text,), figures=figures)


register_report_section(SectionBuilder(key="feedback", title=_("Citizen feedback"), order=80, build=section))
