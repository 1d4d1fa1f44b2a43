"""The authorization matrix's cases for publicity, for every persona.

The article is written by the 姑苏区 cultural centre (world.venue_unit): the centre writes and submits it; the office
of 苏州市 publishes or returns it and withdraws it once published — never the district coordinator, never the centre
itself; the leader reads. A published article is public. The media report is of 姑苏区: recorded by its managers."""

from django.urls import reverse

from changxiao.core.tests.authz import EVERYONE, SEES_VENUE, Case, expect

AUTHOR = expect(403, member=404, inspector=404, outsider=404, venue=302)
AUTHOR_PAGE = {**{k: (200 if v == 302 else v) for k, v in AUTHOR.items()}, "anonymous": 302}
OFFICE_REVIEWS = expect(403, member=404, inspector=404, outsider=404, office=200)
OFFICE_REVIEWS_POST = {k: (302 if v == 200 else v) for k, v in OFFICE_REVIEWS.items()}
PUBLIC = expect(200, anonymous=200, office2=200)
BODY = {"kind": "practice", "mechanism": "linkage", "title": "文化配送", "summary": "摘要", "body": "正文"}


def _draft(w, *, picture: bool = False):
    from changxiao.publicity.tests.factories import ArticleFactory, png

    return ArticleFactory(unit=w.venue_unit, by=w.venue, **({"image": png()} if picture else {}))


def _submitted(w, *, picture: bool = False):
    from changxiao.publicity.services import article_submit

    return article_submit(article=_draft(w, picture=picture), by=w.venue)


def _published(w):
    from changxiao.publicity.tests.factories import ArticleFactory, png, published

    return published(
        ArticleFactory(unit=w.venue_unit, by=w.venue, image=png()), writer=w.venue, office=w.office
    )


def _report(w):
    from datetime import date

    from changxiao.publicity.services import report_record

    return report_record(
        by=w.office,
        region=w.gusu,
        outlet="苏州日报",
        title="文化馆空调坏了",
        reported_on=date(2026, 1, 5),
        summary="记者走访发现。",
        unit=w.venue_unit,
    )


def _write_body(w):
    return {**BODY, "unit": w.venue_unit.pk}


def _report_body(w):
    return {
        "region": w.gusu.pk,
        "outlet": "姑苏晚报",
        "title": "书屋未开放",
        "reported_on": "2026-01-05",
        "summary": "周末未开放",
    }


CASES = [
    Case("publicity:articles", lambda w: reverse("publicity:articles"), EVERYONE),
    Case(
        "publicity:article_write",
        lambda w: reverse("publicity:article_write"),
        expect(200, leader=403, office2=200),
    ),
    Case(
        "publicity:article_write",
        lambda w: reverse("publicity:article_write"),
        # Only the units one acts for are offered: another's is an invalid choice (the form again).
        expect(200, leader=403, venue=302, office2=200),
        method="post",
        data=_write_body,
    ),
    Case("publicity:article", lambda w: reverse("publicity:article", args=[_submitted(w).pk]), SEES_VENUE),
    Case(
        "publicity:article_picture",
        lambda w: reverse("publicity:article_picture", args=[_submitted(w, picture=True).pk]),
        SEES_VENUE,
    ),
    Case(
        "publicity:article_edit",
        lambda w: reverse("publicity:article_edit", args=[_draft(w).pk]),
        AUTHOR_PAGE,
    ),
    Case(
        "publicity:article_edit",
        lambda w: reverse("publicity:article_edit", args=[_draft(w).pk]),
        AUTHOR,
        method="post",
        data=BODY,
    ),
    Case(
        "publicity:article_submit",
        lambda w: reverse("publicity:article_submit", args=[_draft(w).pk]),
        AUTHOR,
        method="post",
    ),
    Case(
        "publicity:article_publish",
        lambda w: reverse("publicity:article_publish", args=[_submitted(w).pk]),
        OFFICE_REVIEWS,
    ),
    Case(
        "publicity:article_publish",
        lambda w: reverse("publicity:article_publish", args=[_submitted(w).pk]),
        OFFICE_REVIEWS_POST,
        method="post",
        data={"confirmed": "1"},
    ),
    Case(
        "publicity:article_return",
        lambda w: reverse("publicity:article_return", args=[_submitted(w).pk]),
        OFFICE_REVIEWS_POST,
        method="post",
        data={"reason": "请补充数据"},
    ),
    Case(
        "publicity:article_withdraw",
        lambda w: reverse("publicity:article_withdraw", args=[_published(w).pk]),
        # Published, the article is seen by all: refused (403), not hidden.
        expect(403, office=302, office2=403),
        method="post",
        data={"reason": "数据有误"},
    ),
    Case("publicity:reports", lambda w: reverse("publicity:reports"), EVERYONE),
    Case(
        "publicity:reports",
        lambda w: reverse("publicity:reports"),
        expect(403, office=302, district=302, office2=200),
        method="post",
        data=_report_body,
    ),
    Case(
        "publicity:report_raise",
        lambda w: reverse("publicity:report_raise", args=[_report(w).pk]),
        expect(404, office=200, district=200, leader=403),
    ),
    Case(
        "publicity:report_raise",
        lambda w: reverse("publicity:report_raise", args=[_report(w).pk]),
        expect(404, office=302, district=302, leader=403),
        method="post",
        data={"confirmed": "1"},
    ),
    Case(
        "publicity:metric_records",
        lambda w: (
            reverse("publicity:metric_records", args=["publicity.articles_published"])
            + f"?region={w.gusu.pk}"
        ),
        expect(200, outsider=404),
    ),
    Case(
        "api:list_articles", lambda w: "/api/v1/publicity/articles", expect(200, anonymous=401, office2=200)
    ),
    Case("public:publicity_news", lambda w: reverse("public:publicity_news") + "?cases=1", PUBLIC),
    Case(
        "public:publicity_article",
        lambda w: reverse("public:publicity_article", args=[_published(w).pk]),
        PUBLIC,
    ),
    Case(
        "public:publicity_image", lambda w: reverse("public:publicity_image", args=[_published(w).pk]), PUBLIC
    ),
    Case("public:publicity_rss", lambda w: reverse("public:publicity_rss"), PUBLIC),
    Case("public:publicity_atom", lambda w: reverse("public:publicity_atom"), PUBLIC),
]
