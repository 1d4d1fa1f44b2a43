"""Articles: a unit writes and submits; the office publishes or returns with a reason; the author never publishes its
own; a published article is withdrawn with a reason; pictures are re-encoded; the public pages, feeds and share
meta; the typical-cases library; the portal's home shows the news."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from changxiao.core.models import TimelineEvent
from changxiao.orgs.choices import Role
from changxiao.publicity.models import Article
from changxiao.publicity.services import article_publish, article_return, article_submit, article_withdraw
from changxiao.publicity.tests.factories import ArticleFactory, png, published


def test_the_office_publishes_what_a_unit_submitted(world, client):
    article = ArticleFactory(unit=world.venue_unit, by=world.venue, title="评弹进社区", image=png())
    assert client.get(reverse("public:publicity_article", args=[article.pk])).status_code == 404  # a draft
    article_submit(article=article, by=world.venue)
    with pytest.raises(ValidationError):
        article_publish(article=article, by=world.district, confirmed=True)  # not the office
    article = article_publish(article=article, by=world.office, confirmed=True)
    assert article.state == "published" and article.published_by == world.office
    page = client.get(reverse("public:publicity_article", args=[article.pk])).content.decode()
    assert 'property="og:title" content="评弹进社区"' in page
    assert 'property="og:image"' in page and 'property="og:description"' in page
    home = client.get(reverse("public:home")).content.decode()
    assert "评弹进社区" in home


def test_a_drafts_picture_is_shown_to_its_writer_through_the_platform(world, login):
    """Stored files have no URL of their own (a private bucket, a folder no web server serves): the article page shows
    its picture through a view that checks the reader may see the article."""
    article = ArticleFactory(unit=world.venue_unit, by=world.venue, image=png())
    picture = reverse("publicity:article_picture", args=[article.pk])
    client = login(world.venue)
    assert f'src="{picture}"' in client.get(reverse("publicity:article", args=[article.pk])).content.decode()
    response = client.get(picture)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_the_author_never_publishes_its_own(world):
    """The office writes an article in its own name: another office (none here) would publish it, never itself."""
    article = ArticleFactory(unit=world.office_unit, by=world.office)
    article_submit(article=article, by=world.office)
    with pytest.raises(ValidationError):
        article_publish(article=article, by=world.office, confirmed=True)
    assert Article.objects.get(pk=article.pk).state == "submitted"


def test_returned_with_a_reason_then_corrected_and_submitted_again(world):
    article = article_submit(article=ArticleFactory(unit=world.venue_unit, by=world.venue), by=world.venue)
    with pytest.raises(ValidationError):
        article_return(article=article, by=world.office, reason="  ")
    article = article_return(article=article, by=world.office, reason="请补充数据")
    assert article.state == "returned" and article.return_reason == "请补充数据"
    article_submit(article=article, by=world.venue)
    assert Article.objects.get(pk=article.pk).state == "submitted"


def test_withdrawn_with_a_reason_leaves_the_portal_and_the_timeline_keeps_it(world, client):
    article = published(
        ArticleFactory(unit=world.venue_unit, by=world.venue), writer=world.venue, office=world.office
    )
    with pytest.raises(PermissionDenied):
        article_withdraw(article=article, by=world.venue, reason="x")
    article_withdraw(article=article, by=world.office, reason="数据有误")
    assert client.get(reverse("public:publicity_article", args=[article.pk])).status_code == 404
    assert TimelineEvent.objects.filter(verb="article_withdrawn", comment="数据有误").exists()


def test_a_disguised_picture_is_refused_and_nothing_is_stored(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("photo.png", b"<script>alert(1)</script>", content_type="image/png")
    with pytest.raises(ValidationError):
        ArticleFactory(unit=world.venue_unit, by=world.venue, image=fake)
    assert not Article.objects.exists()


def test_links_to_records_must_be_pages_of_this_site(world):
    for path in ["https://example.com/", "//evil", "javascript:alert(1)"]:
        with pytest.raises(ValidationError):
            ArticleFactory(unit=world.venue_unit, by=world.venue, links=[("结对", path)])
    article = ArticleFactory(
        unit=world.venue_unit, by=world.venue, links=[("周庄镇结对帮扶", "/linkage/pairings/3/")]
    )
    assert article.links.get().path == "/linkage/pairings/3/"


def test_the_feeds_and_the_typical_cases_library(world, client):
    case = published(
        ArticleFactory(unit=world.venue_unit, by=world.venue, title="新做法甲"),
        writer=world.venue,
        office=world.office,
    )
    news = published(
        ArticleFactory(unit=world.venue_unit, by=world.venue, title="新闻乙", kind="news"),
        writer=world.venue,
        office=world.office,
    )
    rss = client.get(reverse("public:publicity_rss"))
    assert rss["Content-Type"].startswith("application/rss+xml") and "新做法甲" in rss.content.decode()
    atom = client.get(reverse("public:publicity_atom"))
    assert atom["Content-Type"].startswith("application/atom+xml") and "新闻乙" in atom.content.decode()
    library = client.get(reverse("public:publicity_news"), {"cases": "1"}).content.decode()
    assert case.title in library and news.title not in library


def test_the_leader_reads_and_is_offered_nothing(world, login):
    article = article_submit(article=ArticleFactory(unit=world.venue_unit, by=world.venue), by=world.venue)
    assert world.leader.memberships.get().role == Role.LEADER
    page = login(world.leader).get(reverse("publicity:article", args=[article.pk])).content.decode()
    assert reverse("publicity:article_publish", args=[article.pk]) not in page


def test_the_office_is_asked_to_review_what_its_jurisdiction_submitted(world):
    """The workbench's review to-do: the articles submitted in the office's jurisdiction, not its own (another office
    publishes those), not another city's."""
    from changxiao.core.workbench import todos_for

    submitted = ArticleFactory(unit=world.venue_unit, by=world.venue, title="评弹进社区")
    article_submit(article=submitted, by=world.venue)
    own = ArticleFactory(unit=world.office_unit, by=world.office, title="办公室自写")
    article_submit(article=own, by=world.office)

    def reviews(user):
        return [todo.url for todo in todos_for(user) if todo.url.startswith("/publicity/")]

    assert reviews(world.office) == [submitted.get_absolute_url()]
    assert reviews(world.office2) == [] and reviews(world.leader) == []
