"""The publicity section of the annual long-term management report (core.annual_report): the articles the office
published in the year — the metric's figure, so the report matches the pages — by kind and by mechanism."""

from collections import Counter

from django.utils.translation import gettext_lazy as _

from changxiao.core import numbers
from changxiao.core.annual_report import (
    ReportSection,
    SectionBuilder,
    count_figure,
    metric_figure,
    register_report_section,
)

from .choices import ArticleKind, Mechanism
from .metrics import ARTICLES, article_rows


def section(region, year: int) -> ReportSection:
    rows = article_rows(region, year)
    kinds = Counter(article.kind for article in rows)
    mechanisms = Counter(article.mechanism for article in rows)
    figures = (
        metric_figure(ARTICLES, region, year, label="发布宣传稿件"),
        *(
            count_figure(str(label), kinds.get(value, 0), "篇")
            for value, label in ArticleKind.choices
            if kinds.get(value)
        ),
    )
    text = (
        f"{year}年，{region.name}发布示范区新做法、新模式、新经验及工作动态稿件{numbers.integer(len(rows))}篇"
    )
    if rows:
        text += (
            "，其中"
            + "、".join(
                f"{label}{numbers.integer(kinds[value])}篇"
                for value, label in ArticleKind.choices
                if kinds.get(value)
            )
            + "；涉及"
            + "、".join(
                f"{label}{numbers.integer(mechanisms[value])}篇"
                for value, label in Mechanism.choices
                if mechanisms.get(value)
            )
        )
    text += "。"
    return ReportSection(key="publicity", title="宣传推广", paragraphs=(text,), figures=figures)


register_report_section(SectionBuilder(key="publicity", title=_("Publicity"), order=60, build=section))
