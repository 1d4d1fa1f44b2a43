"""Demonstration data of publicity: published articles of each kind (新做法, 新典型, 新经验, news), one waiting for the
office's review and one returned, and a media report. Written through the services; running it twice changes
nothing. The texts are made up."""

from datetime import timedelta

from changxiao.core.deadlines import local_today
from changxiao.core.demo import demo_actor, register_demo
from changxiao.orgs.choices import Role
from changxiao.orgs.models import Membership, Unit

from . import services
from .models import Article, MediaReport

# unit code, kind, mechanism, title, summary, end state
ARTICLES = [
    (
        "KS-ZZ-ZHAN",
        "practice",
        "linkage",
        "周庄镇“点单式”文化配送走进村头",
        "村民在文化站点单，市文化馆按单配送，全年配送演出和讲座46场。",
        "published",
    ),
    (
        "GS-WHG",
        "model",
        "guarantees",
        "姑苏区文化馆志愿者队伍：十年如一日的“文化摆渡人”",
        "一支由退休教师组成的志愿者队伍，每周末在社区开设书法和评弹课。",
        "published",
    ),
    (
        "GS-PJ-ZHAN",
        "experience",
        "evaluation",
        "平江街道把群众测评结果写进文化站年度计划",
        "测评中满意度最低的三项，全部列入次年整改和服务计划。",
        "published",
    ),
    (
        "KS-LIB",
        "news",
        "publicity",
        "昆山市图书馆延长暑期开放时间",
        "暑期每天开放至21时，周一照常开放。",
        "published",
    ),
    (
        "GS-DR-SHI",
        "practice",
        "linkage",
        "大儒社区“15分钟文化圈”试点",
        "社区文化活动室与周边书店、茶馆合作，居民步行15分钟即可参加活动。",
        "submitted",
    ),
    (
        "KS-QB-SHI",
        "experience",
        "guarantees",
        "祁浜村农家书屋管理员轮值办法",
        "由村民轮流担任书屋管理员，书屋开放时间增加一倍。",
        "returned",
    ),
]


@register_demo("publicity", order=85)
def load(stdout) -> None:
    if Article.objects.filter(title=ARTICLES[0][3]).exists():
        return
    admin = demo_actor()
    units = {u.code: u for u in Unit.objects.filter(code__in={a[0] for a in ARTICLES} | {"SZ-OFFICE"})}
    membership = (
        Membership.objects.active().filter(unit__code="SZ-OFFICE", role=Role.OFFICE).order_by("pk").first()
    )
    reviewer = membership.user if membership else admin
    for code, kind, mechanism, title, summary, end in ARTICLES:
        unit = units.get(code)
        if unit is None:
            continue
        writer = admin  # the demo's actor writes in the unit's name
        article = services.article_write(
            by=writer,
            unit=unit,
            kind=kind,
            mechanism=mechanism,
            title=title,
            summary=summary,
            body=summary + "\n\n（演示数据）",
        )
        if end == "draft":
            continue
        services.article_submit(article=article, by=writer)
        if end == "published":
            services.article_publish(article=article, by=reviewer, confirmed=True)
        elif end == "returned":
            services.article_return(article=article, by=reviewer, reason="请补充开放时间增加前后的数据。")
    if not MediaReport.objects.exists() and "SZ-OFFICE" in units:
        services.report_record(
            by=reviewer,
            region=units["SZ-OFFICE"].region,
            outlet="苏州日报",
            title="某村文化活动室长期铁将军把门",
            reported_on=local_today() - timedelta(days=5),
            summary="记者连续三个周末走访，活动室均未开放。",
            unit=units.get("KS-QB-SHI"),
        )
    stdout.write(f"publicity: {Article.objects.count()} articles")
