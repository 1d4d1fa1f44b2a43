"""Publicity in the province (core.province): articles by the bureaus and stations (20,000 at scale 1), seven in ten
published, the others waiting for review, and media reports about the counties (2,000 at scale 1)."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from changxiao.core.province import BATCH, Province, register_province

from .choices import ArticleKind, ArticleState, Mechanism
from .models import Article, MediaReport

ARTICLES = 20_000
REPORTS = 2_000


@register_province("publicity", order=300, occupied_by=("publicity.Article",))
def generate(province: Province) -> dict[str, int]:
    tree = province.tree
    writers = tree["bureaus"] + tree["stations"]
    kinds, mechanisms = list(ArticleKind.values), list(Mechanism.values)
    rng = province.rng("publicity")
    days = max(1, (province.today - date(province.year, 1, 1)).days)
    articles = []
    for n in range(province.volume(ARTICLES)):
        unit = writers[n % len(writers)]
        written = timezone.make_aware(
            datetime.combine(date(province.year, 1, 1) + timedelta(days=rng.randrange(days)), time(10))
        )
        published = rng.random() < 0.7
        articles.append(
            Article(
                unit=unit,
                region=unit.region,
                kind=kinds[n % len(kinds)],
                mechanism=mechanisms[n % len(mechanisms)],
                title=f"{unit.name}推进长效管理的做法（{n + 1}）",
                summary="以群众需求为导向，完善服务清单。",
                body="以群众需求为导向，完善服务清单，定期开展满意度测评。",
                state=ArticleState.PUBLISHED if published else ArticleState.SUBMITTED,
                written_by=province.admin,
                created_at=written,
                published_at=written + timedelta(days=2) if published else None,
                published_by=province.admin if published else None,
            )
        )
    Article.objects.bulk_create(articles, batch_size=BATCH)
    counties = tree["counties"]
    reports = MediaReport.objects.bulk_create(
        (
            MediaReport(
                region=counties[n % len(counties)],
                outlet="省广播电视台",
                title=f"记者走访：{counties[n % len(counties)].name}文化站开放情况",
                reported_on=date(province.year, 1, 1) + timedelta(days=rng.randrange(days)),
                summary="部分村文化室白天大门紧锁。",
                recorded_by=province.admin,
            )
            for n in range(province.volume(REPORTS))
        ),
        batch_size=BATCH,
    )
    return {"articles": len(articles), "media reports": len(reports)}
