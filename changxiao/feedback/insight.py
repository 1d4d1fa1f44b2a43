"""Demand insight (需求分析): counts by kind, category, district and month, and hot topics from Chinese keyword
extraction (jieba, TF-IDF) over the items of a period and jurisdiction."""

import hashlib
import logging
import operator
from collections import Counter
from functools import lru_cache, reduce
from pathlib import Path

from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import ExtractMonth

from changxiao.orgs.choices import RegionLevel
from changxiao.orgs.models import Region

from .choices import Kind
from .models import Category

STOP_WORDS_FILE = Path(__file__).resolve().parent / "data" / "stopwords.txt"


def _stop_words() -> frozenset[str]:
    """Words that say nothing about what people want from public culture (data/stopwords.txt explains the list)."""
    lines = STOP_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(word for line in lines if (word := line.strip()) and not word.startswith("#"))


STOP_WORDS = _stop_words()
TOPICS = 15
MAX_TEXTS = 5000
# The keywords of a year change slowly, and reading them out of 5,000 texts is most of the page's time (jieba, ~150 ms):
# they are kept for this long for the same items (same jurisdiction, year and count of items).
TOPICS_FOR_SECONDS = 600


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


def _kept_topics(items, total: int) -> list[tuple[str, int]]:
    """hot_topics of the items (a scoped queryset), kept TOPICS_FOR_SECONDS: the key is the query itself (who sees
    what, which year and district) and the count of its items, so a new item gives new topics at once."""
    contents = items.values_list("content", flat=True)[:MAX_TEXTS]
    key = hashlib.sha256(f"{contents.query}|{total}".encode()).hexdigest()
    return cache.get_or_set(f"feedback:topics:{key}", lambda: hot_topics(list(contents)), TOPICS_FOR_SECONDS)


def insight(parts: list, year: int) -> dict:
    """Figures for the insight page from querysets already scoped to the viewer and the jurisdiction: the parts of
    FeedbackItemQuerySet.visible_parts (no item in two), each counted by itself and the counts added up."""
    parts = [part.filter(submitted_at__year=year).order_by() for part in parts]
    kinds = dict(Kind.choices)
    # One count by kind, category and month gives the total and three of the breakdowns (each its own GROUP BY cost a
    # pass over the year's items of the jurisdiction); by keys, with COUNT(*), so PostgreSQL reads the index of
    # region and time alone. The categories' names are read after, by key.
    by_kind: Counter[str] = Counter()
    by_category_id: Counter[int] = Counter()
    months: Counter[int] = Counter()
    by_region: Counter[int] = Counter()
    for part in parts:
        for row in part.values("kind", "category_id", month=ExtractMonth("submitted_at")).annotate(
            n=Count("*")
        ):
            by_kind[str(kinds[row["kind"]])] += row["n"]
            by_category_id[row["category_id"]] += row["n"]
            months[row["month"]] += row["n"]
        by_region.update(dict(part.values_list("region_id").annotate(n=Count("*"))))
    names = dict(Category.objects.filter(pk__in=by_category_id).values_list("pk", "name"))
    by_category: Counter[str] = Counter()
    for category_id, n in by_category_id.items():
        by_category[names[category_id]] += n
    by_month = [(f"{m}月", months.get(m, 0)) for m in range(1, 13)]
    counties = {
        r.path: r.name
        for r in Region.objects.filter(level__in=[RegionLevel.COUNTY, RegionLevel.ZONE]).only("path", "name")
    }
    paths = dict(Region.objects.filter(pk__keys=frozenset(by_region)).values_list("pk", "path"))
    district_counts: Counter[str] = Counter()
    for region_id, n in by_region.items():
        district_counts[_district_of(counties, paths[region_id]) or "—"] += n
    total = sum(months.values())
    return {
        "total": total,
        "by_kind": by_kind.most_common(),
        "by_category": by_category.most_common(),
        "by_month": by_month,
        "by_district": district_counts.most_common(),
        "topics": _kept_topics(reduce(operator.or_, parts), total),
    }
