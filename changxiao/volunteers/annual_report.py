"""The volunteers section of the annual long-term management report (core.annual_report): registered and active
culture volunteers, their service hours and activities, the certificates issued — the metrics' figures, so the
report matches the pages."""

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

from .choices import CertificateState
from .metrics import ACTIVE, ACTIVITIES_PER_VENUE, HOURS_PER_VOLUNTEER, PER_10K, held_activities, registered
from .models import Certificate


def _per_10k(figure) -> str:
    """The figure without its unit, which the sentence says."""
    return numbers.EMPTY if figure.number is None else numbers.figure(figure.number, 2)


def section(region, year: int) -> ReportSection:
    count = registered(region, year).count()
    activities = held_activities(region, year).count()
    issued = Certificate.objects.filter(
        within(region, "unit__region__path"), state=CertificateState.ISSUED, issued_at__year=year
    ).count()
    figures = (
        count_figure("注册文化志愿者", count, "人"),
        metric_figure(PER_10K, region, year),
        metric_figure(ACTIVE, region, year),
        metric_figure(HOURS_PER_VOLUNTEER, region, year),
        count_figure("开展志愿服务活动", activities, "场"),
        metric_figure(ACTIVITIES_PER_VENUE, region, year),
        count_figure("出具志愿服务记录证明", issued, "份"),
    )
    text = (
        f"{year}年，{region.name}注册文化志愿者{numbers.integer(count)}人，每万名常住人口{_per_10k(figures[1])}人；"
        f"年内参加服务的志愿者{figures[2].value}，人均服务{figures[3].value}；开展志愿服务活动"
        f"{numbers.integer(activities)}场，平均每个场馆{figures[5].value}；出具志愿服务记录证明{numbers.integer(issued)}份。"
    )
    return ReportSection(key="volunteers", title="保障机制：文化志愿者", paragraphs=(text,), figures=figures)


register_report_section(
    SectionBuilder(key="volunteers", title=_("Guarantees: volunteers"), order=42, build=section)
)
