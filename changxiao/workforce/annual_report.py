"""The people section of the annual long-term management report (core.annual_report): practitioners in post,
certification, training, posts and social organizations."""

from datetime import date

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

from .metrics import CERTIFIED_RATE, ORGANIZATIONS, POST_COVERAGE, TRAINING_RATE
from .models import Post


def section(region, year: int) -> ReportSection:
    in_post = Post.objects.held_on(date(year, 12, 31)).filter(within(region, "unit__region__path")).count()
    figures = (
        count_figure("年末在岗从业人员", in_post, "人"),
        metric_figure(CERTIFIED_RATE, region, year),
        metric_figure(TRAINING_RATE, region, year),
        metric_figure(POST_COVERAGE, region, year),
        metric_figure(ORGANIZATIONS, region, year),
    )
    text = (
        f"{year}年末，{region.name}公共文化从业人员在岗{numbers.integer(in_post)}人，持证上岗率{figures[1].value}，"
        f"年度培训达标率{figures[2].value}，乡镇综合文化站和村（社区）综合性文化服务中心岗位配齐率{figures[3].value}，"
        f"每万人拥有登记的公共文化行业组织和社会团体{figures[4].value}。"
    )
    return ReportSection(key="workforce", title="保障机制：人才队伍", paragraphs=(text,), figures=figures)


register_report_section(
    SectionBuilder(key="workforce", title=_("Guarantees: people"), order=40, build=section)
)
