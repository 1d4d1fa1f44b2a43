"""The funding section of the annual long-term management report (core.annual_report): the funding rules met by the
jurisdiction, its per-capita culture spending and growth against regular revenue — the metrics' figures — and the
rules not met inside it, each named with its jurisdiction."""

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

from .choices import CheckState
from .metrics import GROWTH_DIFFERENCE, PER_CAPITA, RULES_MET
from .models import RuleCheck

# Rules not met named one by one in the text; beyond, the count says the rest.
NAMED = 10


def section(region, year: int) -> ReportSection:
    checks = RuleCheck.objects.filter(within(region), year=year, rule__is_active=True)
    decided = checks.filter(state__in=[CheckState.MET, CheckState.NOT_MET]).count()
    not_met = list(
        checks.filter(state=CheckState.NOT_MET)
        .select_related("rule", "region")
        .order_by("region__path", "rule__code")
    )
    figures = (
        metric_figure(RULES_MET, region, year),
        metric_figure(PER_CAPITA, region, year),
        metric_figure(GROWTH_DIFFERENCE, region, year),
        count_figure("辖区内经费保障规则核查", decided, "项"),
        count_figure("其中未达标", len(not_met), "项"),
    )
    text = (
        f"{year}年，{region.name}本级经费保障规则达标率{figures[0].value}，人均文化事业费{figures[1].value}，"
        f"文化事业费增幅与经常性财政收入增幅之差{figures[2].value}。"
        f"全辖区可判定的规则核查{numbers.integer(decided)}项，未达标{numbers.integer(len(not_met))}项"
    )
    if not_met:
        named = "；".join(f"{check.region.name}“{check.rule.name}”" for check in not_met[:NAMED])
        more = f"等{numbers.integer(len(not_met))}项" if len(not_met) > NAMED else ""
        transferred = sum(1 for check in not_met if check.finding_id)
        text += f"：{named}{more}；其中{numbers.integer(transferred)}项已转为督查问题整改。"
    else:
        text += "。"
    return ReportSection(key="funding", title="保障机制：经费保障", paragraphs=(text,), figures=figures)


register_report_section(
    SectionBuilder(key="funding", title=_("Guarantees: funding rules"), order=45, build=section)
)
