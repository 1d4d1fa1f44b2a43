"""Articles and media reports for tests, made by the publicity services.

article = ArticleFactory(unit=world.venue_unit, by=world.venue)            # a draft of a new practice
published(article, writer=world.venue, office=world.office)                  # submitted and published
"""

import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from changxiao.core.tests.factories import ServiceFactory
from changxiao.publicity.models import Article
from changxiao.publicity.services import article_publish, article_submit, article_write


def png(name: str = "photo.png", size=(64, 48)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class ArticleFactory(ServiceFactory):
    """An article of `unit` written by `by` (both required): a new practice of the linkage mechanism."""

    class Meta:
        model = Article

    kind = "practice"
    mechanism = "linkage"
    title = factory.Sequence(lambda n: f"点单式文化配送{n}")
    summary = "村民点单，文化馆配送。"
    body = "全年配送演出和讲座46场。"
    links = ()

    @classmethod
    def make(cls, **fields) -> Article:
        return article_write(**fields)


def published(article: Article, *, writer, office) -> Article:
    article_submit(article=article, by=writer)
    return article_publish(article=article, by=office, confirmed=True)
