"""The public face of publicity: the news and the typical-cases library, an article's share page (the title,
description and picture WeChat shows when it is forwarded), its picture, and the RSS and Atom feeds."""

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from changxiao.core.navigation import public_entries
from changxiao.core.ratelimit import rate_limit

from .choices import CASE_KINDS, ArticleKind, Mechanism
from .models import Article
from .permissions import get_public_article

PAGE_SIZE = 20


@require_safe
@rate_limit("public-read", limit=120)
def news(request: HttpRequest) -> HttpResponse:
    """新闻与典型: the published articles, newest first; ?cases=1 the typical-cases library, by kind and mechanism."""
    rows = Article.objects.published().select_related("unit")
    cases = request.GET.get("cases") == "1"
    if cases:
        rows = rows.filter(kind__in=CASE_KINDS)
    kind = request.GET.get("kind", "")
    if kind in ArticleKind.values:
        rows = rows.filter(kind=kind)
    mechanism = request.GET.get("mechanism", "")
    if mechanism in Mechanism.values:
        rows = rows.filter(mechanism=mechanism)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "publicity/public/news.html",
        {
            "page": page,
            "cases": cases,
            "kind": kind,
            "mechanism": mechanism,
            "kinds": ArticleKind.choices,
            "mechanisms": Mechanism.choices,
            "querystring": query.urlencode(),
            "entries": public_entries(),
        },
    )


@require_safe
@rate_limit("public-read", limit=120)
def article(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_public_article(pk)
    image_url = (
        request.build_absolute_uri(reverse("public:publicity_image", args=[article.pk]))
        if article.image
        else ""
    )
    return render(
        request,
        "publicity/public/article.html",
        {
            "article": article,
            "links": article.links.all(),
            "share_url": request.build_absolute_uri(article.get_public_url()),
            "image_url": image_url,
            "entries": public_entries(),
        },
    )


@require_safe
@rate_limit("public-read", limit=300)
def image(request: HttpRequest, pk: int) -> HttpResponse:
    """A published article's picture (re-encoded on upload by core.uploads); nothing of an unpublished one."""
    article = get_public_article(pk)
    if not article.image:
        raise Http404
    response = FileResponse(article.image.open("rb"))
    response["Cache-Control"] = "public, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class ArticlesFeed(Feed):
    """RSS 2.0 of the 30 newest published articles."""

    title = gettext_lazy("News and typical cases of the demonstration zone")
    description = gettext_lazy(
        "New practices, models and experiences of public cultural services, and the zone's news."
    )

    def link(self):
        return reverse("public:publicity_news")

    def items(self):
        return Article.objects.published().select_related("unit")[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_public_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.unit.name

    def item_categories(self, item):
        return [item.get_kind_display(), item.get_mechanism_display()]


class ArticlesAtomFeed(ArticlesFeed):
    feed_type = Atom1Feed
    subtitle = ArticlesFeed.description


@require_safe
@rate_limit("public-read", limit=120)
def rss_feed(request: HttpRequest) -> HttpResponse:
    return ArticlesFeed()(request)


@require_safe
@rate_limit("public-read", limit=120)
def atom_feed(request: HttpRequest) -> HttpResponse:
    return ArticlesAtomFeed()(request)
