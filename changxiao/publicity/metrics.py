"""Figures publicity publishes (core.metrics): the articles published in a jurisdiction in a year."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from changxiao.core.metrics import Metric, MetricValue, records_url, register_metric, subject_kind
from changxiao.orgs.scope import within

from .models import Article

ARTICLES = "publicity.articles_published"


def article_rows(subject, year: int, user=None):
    rows = Article.objects.published() if user is None else Article.objects.visible_to(user).published()
    # A unit's own articles, or those of every unit of the jurisdiction (an article's region is its unit's).
    where = Q(unit=subject) if subject_kind(subject) == "unit" else within(subject, "region__path")
    return list(
        rows.filter(where, published_at__year=year).select_related("unit").order_by("published_at", "pk")
    )


def articles_published(subject, year: int, user=None) -> MetricValue:
    rows = article_rows(subject, year, user)
    return MetricValue(
        value=len(rows),
        numerator=len(rows),
        records_url=records_url("publicity:metric_records", subject, year, ARTICLES),
    )


register_metric(
    Metric(
        code=ARTICLES,
        name=_("Articles published"),
        unit_of_measure="",
        description=_(
            "Articles of the jurisdiction's units (new practices, models, experiences and news) published by the office "
            "in the year and not withdrawn since."
        ),
        compute=articles_published,
        # A jurisdiction's count is the sum of its parts' (sub-jurisdictions and the units placed in it).
        additive=True,
    )
)
RECORDS = {ARTICLES: article_rows}
