"""The supervision section of the annual long-term management report (core.annual_report)."""

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

from .choices import FindingState
from .metrics import ACCOUNTABILITY_ACTIONS, FINDINGS_OVERDUE, RECTIFIED_ON_TIME
from .models import Finding, Inspection


def section(region, year: int) -> ReportSection:
    inspections = Inspection.objects.current().filter(within(region), date__year=year).count()
    findings = (
        Finding.objects.current()
        .filter(inspection__date__year=year)
        .filter(within(region, "lead_unit__region__path"))
    )
    found = findings.count()
    verified = findings.filter(state=FindingState.VERIFIED).count()
    figures = (
        count_figure("开展督查", inspections, "次"),
        count_figure("发现问题", found, "个"),
        count_figure("整改到位并通过核查", verified, "个"),
        metric_figure(RECTIFIED_ON_TIME, region, year),
        metric_figure(FINDINGS_OVERDUE, region, year),
        metric_figure(ACCOUNTABILITY_ACTIONS, region, year),
    )
    text = (
        f"{year}年，{region.name}共开展督查{numbers.integer(inspections)}次，发现问题{numbers.integer(found)}个，"
        f"整改到位并通过核查{numbers.integer(verified)}个，按时整改率{figures[3].value}；"
        f"逾期整改或逾期未整改问题{figures[4].value}，问责{figures[5].value}。"
    )
    return ReportSection(
        key="supervision", title="督查发现问题及整改情况", paragraphs=(text,), figures=figures
    )


register_report_section(
    SectionBuilder(
        key="supervision", title=_("Supervision findings and rectification"), order=20, build=section
    )
)
