"""Publicity in the annual report: the articles published in the year, the metric's figure, by kind and mechanism;
an article withdrawn or of another jurisdiction is not counted."""

from changxiao.core.annual_report import metric_figure
from changxiao.core.deadlines import local_today
from changxiao.publicity.annual_report import section
from changxiao.publicity.metrics import ARTICLES
from changxiao.publicity.services import article_withdraw

from .factories import ArticleFactory, published


def test_the_report_section_counts_the_articles_as_the_metric_does(world):
    year = local_today().year
    for _n in range(2):
        published(
            ArticleFactory(unit=world.venue_unit, by=world.venue), writer=world.venue, office=world.office
        )
    news = published(
        ArticleFactory(unit=world.venue_unit, by=world.venue, kind="news"),
        writer=world.venue,
        office=world.office,
    )
    published(
        ArticleFactory(unit=world.outsider_unit, by=world.outsider),
        writer=world.outsider,
        office=world.office,
    )
    article_withdraw(article=news, by=world.office, reason="数据有误")
    part = section(world.gusu, year)
    assert part.key == "publicity" and part.figures[0] == metric_figure(
        ARTICLES, world.gusu, year, "发布宣传稿件"
    )
    assert part.figures[0].number == 2 and [f.value for f in part.figures[1:]] == ["2篇"]
    assert "稿件2篇" in part.paragraphs[0]
    assert section(world.city, year).figures[0].number == 3


def test_a_units_articles_count_and_their_records_page(world, client):
    """By unit, so that the cockpit's drill-down adds a city's own departments' articles up with its districts'."""
    from django.urls import reverse

    from changxiao.core.metrics import get_metric

    year = local_today().year
    published(
        ArticleFactory(unit=world.member_unit, by=world.member), writer=world.member, office=world.office
    )
    published(ArticleFactory(unit=world.venue_unit, by=world.venue), writer=world.venue, office=world.office)
    metric = get_metric(ARTICLES)
    assert metric.additive and metric.value_for(world.member_unit, year).value == 1
    client.force_login(world.office)
    url = reverse("publicity:metric_records", args=[ARTICLES]) + f"?unit={world.member_unit.pk}&year={year}"
    page = client.get(url)
    assert page.status_code == 200 and [a.unit for a in page.context["rows"]] == [world.member_unit]
