"""Demand insight (需求分析): counts by kind, category, district and month, and hot topics from Chinese keyword
extraction (jieba, TF-IDF) over the items of a period and jurisdiction."""

import logging
from collections import Counter
from functools import lru_cache
from pathlib import Path

from django.db.models import Count
from django.db.models.functions import ExtractMonth

from changxiao.orgs.choices import RegionLevel
from changxiao.orgs.models import Region

from .choices import Kind

STOP_WORDS_FILE = Path(__file__).resolve().parent / "data" / "stopwords.txt"


def _stop_words() -> frozenset[str]:
    """Words that say nothing about what people want from public culture (data/stopwords.txt explains the list)."""
    lines = STOP_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(word for line in lines if (word := line.strip()) and not word.startswith("#"))


STOP_WORDS = _stop_words()
TOPICS = 15
MAX_TEXTS = 5000


@lru_cache(maxsize=1)
def _analyser():
    import jieba
    import jieba.analyse

    jieba.setLogLevel(logging.WARNING)
    return jieba.analyse


def hot_topics(contents: list[str], top: int = TOPICS) -> list[tuple[str, int]]:
    """The keywords of the period, each with the number of items that mention it, most mentioned first."""
    analyse = _analyser()
    mentions: Counter[str] = Counter()
    for content in contents[:MAX_TEXTS]:
        words = {w for w in analyse.extract_tags(content, topK=8) if w not in STOP_WORDS and len(w) > 1}
        mentions.update(words)
    return [(word, count) for word, count in mentions.most_common(top) if count > 1 or len(contents) < 5]


def _district_of(paths: dict[str, str], region_path: str) -> str:
    for path, name in paths.items():
        if region_path.startswith(path):
            return name
    return ""


def insight(items, year: int) -> dict:
    """Figures for the insight page from a queryset already scoped to the viewer and the jurisdiction."""
    items = items.filter(submitted_at__year=year).order_by()
    kinds = dict(Kind.choices)
    # One count by kind, category and month gives the total and three of the breakdowns (each its own GROUP BY cost a
    # pass over the year's items of the jurisdiction).
    by_kind: Counter[str] = Counter()
    by_category: Counter[str] = Counter()
    months: Counter[int] = Counter()
    for row in items.values("kind", "category__name", month=ExtractMonth("submitted_at")).annotate(
        n=Count("pk")
    ):
        by_kind[str(kinds[row["kind"]])] += row["n"]
        by_category[row["category__name"]] += row["n"]
        months[row["month"]] += row["n"]
    by_month = [(f"{m}月", months.get(m, 0)) for m in range(1, 13)]
    counties = {
        r.path: r.name
        for r in Region.objects.filter(level__in=[RegionLevel.COUNTY, RegionLevel.ZONE]).only("path", "name")
    }
    district_counts: Counter[str] = Counter()
    for row in items.values("region__path").annotate(n=Count("pk")):
        district_counts[_district_of(counties, row["region__path"]) or "—"] += row["n"]
    return {
        "total": sum(months.values()),
        "by_kind": by_kind.most_common(),
        "by_category": by_category.most_common(),
        "by_month": by_month,
        "by_district": district_counts.most_common(),
        "topics": hot_topics(list(items.values_list("content", flat=True)[:MAX_TEXTS])),
    }
