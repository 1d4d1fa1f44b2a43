"""The target responsibility section of the annual long-term management report (core.annual_report)."""

from django.utils.translation import gettext_lazy as _

from changxiao.core import numbers
from changxiao.core.annual_report import (
    ReportSection,
    SectionBuilder,
    count_figure,
    metric_figure,
    register_report_section,
)
from changxiao.core.deadlines import local_today
from changxiao.orgs.scope import within

from .choices import TaskStatus
from .metrics import IMPLEMENTATION_ON_TIME, TASK_ON_TIME
from .models import Task, WorkPlan


def section(region, year: int) -> ReportSection:
    plans = WorkPlan.objects.current().filter(within(region), year=year)
    tasks = Task.objects.current().filter(plan__in=plans)
    total = tasks.count()
    completed = tasks.filter(status=TaskStatus.COMPLETED).count()
    overdue = tasks.overdue(local_today()).count()
    figures = (
        count_figure("年度工作计划", plans.count(), "个"),
        count_figure("分解任务", total, "项"),
        count_figure("已完成（销号）任务", completed, "项"),
        count_figure("逾期未完成任务", overdue, "项"),
        metric_figure(TASK_ON_TIME, region, year),
        metric_figure(IMPLEMENTATION_ON_TIME, region, year),
    )
    text = (
        f"{year}年，{region.name}共制定年度工作计划{numbers.integer(plans.count())}个，分解任务"
        f"{numbers.integer(total)}项，已完成销号{numbers.integer(completed)}项，逾期未完成{numbers.integer(overdue)}项。"
        f"任务按时完成率{figures[4].value}，实施方案按时报送率{figures[5].value}。"
    )
    return ReportSection(key="targets", title="目标任务及完成情况", paragraphs=(text,), figures=figures)


register_report_section(
    SectionBuilder(key="targets", title=_("Targets and completion"), order=10, build=section)
)
