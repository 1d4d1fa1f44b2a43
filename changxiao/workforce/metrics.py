"""Figures the workforce publishes for the assessment (core.metrics), each computed from the rows of its records
page: 持证上岗率, the certified share of the posts that require a certificate."""

from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from changxiao.core.deadlines import local_today
from changxiao.core.metrics import Metric, MetricValue, records_url, register_metric, subject_kind
from changxiao.orgs.scope import inside

from .models import Post

CERTIFIED_RATE = "workforce.certified_rate"


def counting_day(year: int) -> date:
    """The day a year's figure is taken on: the year's last day, or today while the year runs."""
    return min(local_today(), date(year, 12, 31))


def required_posts(subject, year: int, user=None) -> QuerySet[Post]:
    """The posts held on the counting day whose role requires a certificate where they are, each with `has_gap`."""
    day = counting_day(year)
    posts = Post.objects.all() if user is None else Post.objects.visible_to(user)
    if subject_kind(subject) == "unit":
        posts = posts.filter(unit=subject)
    else:
        posts = posts.filter(inside((subject.path,), "unit__region__path"))
    return posts.held_on(day).with_certification(day).filter(requires_certificate=True)


def certified_rate(subject, year: int, user=None) -> MetricValue:
    posts = required_posts(subject, year, user)
    return MetricValue.rate(
        posts.filter(has_gap=False).count(),
        posts.count(),
        records_url("workforce:metric_records", subject, year, CERTIFIED_RATE),
    )


register_metric(
    Metric(
        code=CERTIFIED_RATE,
        name=_("Certified practitioners (持证上岗率)"),
        unit_of_measure="%",
        description=_(
            "Share of the posts held on the year's last day (today for the current year) whose role requires a "
            "certificate where the unit is, held by a practitioner with a valid certificate of every kind required."
        ),
        compute=certified_rate,
    )
)
