"""Figures the feedback channel publishes for the assessment (see core.metrics); each computed from the rows of its
records page. An item belongs to the year it was submitted in, and to its handling unit (or its jurisdiction)."""

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from changxiao.core.deadlines import local_today
from changxiao.core.metrics import Metric, MetricValue, records_url, register_metric, subject_kind
from changxiao.orgs.scope import within

from .choices import Rating
from .models import FeedbackItem

ANSWERED_ON_TIME = "feedback.answered_on_time_rate"
SATISFACTION = "feedback.reply_satisfaction_rate"


def _items(subject, year: int, user=None) -> QuerySet[FeedbackItem]:
    items = FeedbackItem.objects.filter(submitted_at__year=year)
    if user is not None:
        items = items.visible_to(user)
    if subject_kind(subject) == "unit":
        return items.filter(unit=subject)
    return items.filter(within(subject, indexed=True))


def counted_for_timeliness(subject, year: int, user=None) -> QuerySet[FeedbackItem]:
    """Answered items (their on-time flag stored when first answered), and items still unanswered past the due date."""
    unanswered_late = Q(answered_on_time__isnull=True, answered_on__isnull=True, answer_due__lt=local_today())
    return _items(subject, year, user).filter(Q(answered_on_time__isnull=False) | unanswered_late)


def rated(subject, year: int, user=None) -> QuerySet[FeedbackItem]:
    return _items(subject, year, user).exclude(last_rating="")


def _counted(items: QuerySet[FeedbackItem], part: Q) -> tuple[int, int]:
    """(items matching `part`, all items) in one pass: a city's year is 77,000 items at issue 26's scale 1, read
    once rather than once per count (270 → 150 ms)."""
    counts = items.aggregate(part=Count("pk", filter=part), total=Count("pk"))
    return counts["part"], counts["total"]


def answered_on_time_rate(subject, year: int, user=None) -> MetricValue:
    on_time, total = _counted(counted_for_timeliness(subject, year, user), Q(answered_on_time=True))
    return MetricValue.rate(
        on_time, total, records_url("feedback:metric_records", subject, year, ANSWERED_ON_TIME)
    )


def satisfaction_rate(subject, year: int, user=None) -> MetricValue:
    satisfied, total = _counted(
        rated(subject, year, user), Q(last_rating__in=[Rating.SATISFIED, Rating.BASICALLY])
    )
    return MetricValue.rate(
        satisfied, total, records_url("feedback:metric_records", subject, year, SATISFACTION)
    )


register_metric(
    Metric(
        code=ANSWERED_ON_TIME,
        name=_("Feedback answered on time"),
        unit_of_measure="%",
        description=_(
            "Share of the year's citizen feedback first answered by its deadline, among items answered or still "
            "unanswered past the deadline."
        ),
        compute=answered_on_time_rate,
    )
)
register_metric(
    Metric(
        code=SATISFACTION,
        name=_("Satisfaction with replies"),
        unit_of_measure="%",
        description=_(
            "Share of the year's rated feedback whose latest rating is satisfied or basically satisfied."
        ),
        compute=satisfaction_rate,
    )
)
