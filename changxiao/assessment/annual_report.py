"""The assessment section of the annual long-term management report (core.annual_report): the rounds of the year,
their published ranking and the honours awarded."""

from django.utils.translation import gettext_lazy as _

from changxiao.core import numbers
from changxiao.core.annual_report import ReportSection, SectionBuilder, count_figure, register_report_section
from changxiao.orgs.scope import within

from .choices import NominationState, Phase
from .models import AssessmentRound, HonourList, Nomination, Participant


def section(region, year: int) -> ReportSection:
    rounds = AssessmentRound.objects.current().filter(within(region), year=year)
    published = rounds.filter(phase=Phase.PUBLISHED)
    firsts = (
        Participant.objects.filter(assessment_round__in=published, final_rank=1)
        .select_related("unit", "assessment_round")
        .order_by("assessment_round__pk")
    )
    honours = Nomination.objects.filter(
        honour_list__in=HonourList.objects.filter(within(region), year=year), state=NominationState.AWARDED
    )
    awarded = honours.count()
    figures = (
        count_figure("年度考核轮次", rounds.count(), "个"),
        count_figure("已公布结果的考核", published.count(), "个"),
        count_figure("考核对象", Participant.objects.filter(assessment_round__in=rounds).count(), "个"),
        count_figure("表彰奖励", awarded, "项"),
    )
    paragraphs = [
        f"{year}年，{region.name}组织年度考核{numbers.integer(rounds.count())}个，已公布结果"
        f"{numbers.integer(published.count())}个；表彰奖励{numbers.integer(awarded)}项。"
    ]
    for first in firsts:
        paragraphs.append(
            f"{first.assessment_round.title}中，{first.unit.name}位列第一，得分{numbers.points(first.final_total)}。"
        )
    names = "、".join(honours.order_by("pk").values_list("nominee", flat=True)[:10])
    if names:
        paragraphs.append(f"受表彰的集体和个人包括：{names}。")
    return ReportSection(
        key="assessment", title="考核结果及表彰奖励", paragraphs=tuple(paragraphs), figures=figures
    )


register_report_section(
    SectionBuilder(key="assessment", title=_("Assessment results and honours"), order=30, build=section)
)
