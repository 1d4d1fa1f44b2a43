"""Figures the linkage publishes for the assessment and the cockpit (core.metrics), each with its records page
(the villages and townships and what reached each): the coverage of villages, deliveries and activities per 10,000
residents, the Gini of the townships' per-resident reach, and the providers' answers on time."""

from decimal import Decimal

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from changxiao.core.deadlines import local_today
from changxiao.core.metrics import Metric, MetricValue, records_url, register_metric, subject_kind
from changxiao.orgs.scope import within

from . import coverage
from .choices import OrderState
from .models import Order

COVERAGE = "linkage.village_coverage"
PER_10K = "linkage.reach_per_10k"
GINI = "linkage.township_gini"
ON_TIME = "linkage.answer_on_time_rate"
CODES = (COVERAGE, PER_10K, GINI, ON_TIME)


def _url(code: str, subject, year: int) -> str:
    return records_url("linkage:metric_records", subject, year, code)


def village_coverage(subject, year: int, user=None) -> MetricValue:
    data = coverage.coverage(subject, year)
    return MetricValue.rate(data.villages_reached, len(data.villages), _url(COVERAGE, subject, year))


def reach_per_10k(subject, year: int, user=None) -> MetricValue:
    data = coverage.coverage(subject, year)
    reach = data.deliveries + data.activities
    return MetricValue(
        value=data.per_10k,
        numerator=reach,
        denominator=data.population,
        records_url=_url(PER_10K, subject, year),
    )


def township_gini(subject, year: int, user=None) -> MetricValue:
    data = coverage.coverage(subject, year)
    value = data.gini
    return MetricValue(
        value=None if value is None else value.quantize(Decimal("0.001")),
        numerator=None,
        denominator=len(data.townships),
        records_url=_url(GINI, subject, year),
    )


def answer_on_time_rate(subject, year: int, user=None) -> MetricValue:
    """Orders of the year whose answer was due by today: the share answered by the deadline. For a region, the
    orders placed by its units; for a unit, the orders to it as provider."""
    today = local_today()
    orders = Order.objects.all() if user is None else Order.objects.visible_to(user)
    if subject_kind(subject) == "unit":
        orders = orders.filter(offering__provider=subject)
    else:
        orders = orders.filter(within(subject))
    due = orders.filter(year=year).filter(Q(answered_on__isnull=False) | Q(reply_due__lt=today))
    on_time = due.filter(answered_on__isnull=False, answered_on__lte=F("reply_due"))
    # An order cancelled by the village before any answer was due is not counted against the provider.
    counted = due.exclude(state=OrderState.CANCELLED, answered_on__isnull=True)
    return MetricValue.rate(on_time.count(), counted.count(), _url(ON_TIME, subject, year))


register_metric(
    Metric(
        code=COVERAGE,
        name=_("Villages reached by the service"),
        unit_of_measure="%",
        description=_(
            "Share of the villages and communities of the jurisdiction reached in the year at least the number of "
            "times the menu sets (deliveries of the menu to a unit there, outreach activities held there, confirmed "
            "activities of a pair with a unit there), up to today for the current year."
        ),
        compute=village_coverage,
        subjects=("region",),
    )
)
register_metric(
    Metric(
        code=PER_10K,
        name=_("Deliveries and activities per 10,000 residents"),
        unit_of_measure=pgettext_lazy("unit of measure", "per 10,000 residents"),
        description=_(
            "Deliveries of the menu, outreach activities held and confirmed pair activities in the jurisdiction in "
            "the year, per 10,000 of its resident population; no figure where no population is recorded."
        ),
        compute=reach_per_10k,
        subjects=("region",),
    )
)
register_metric(
    Metric(
        code=GINI,
        name=_("Spread between townships (Gini)"),
        unit_of_measure="",
        description=_(
            "The Gini coefficient of the townships' deliveries and activities per 10,000 residents in the year: 0 "
            "when every township is served alike, towards 1 when the service goes to a few; townships without a "
            "recorded population are left out."
        ),
        compute=township_gini,
        subjects=("region",),
    )
)
register_metric(
    Metric(
        code=ON_TIME,
        name=_("Orders answered on time"),
        unit_of_measure="%",
        description=_(
            "Share of the year's orders whose answer was due by today that the provider answered (accepted with a "
            "date or declined with a reason) within the menu's working days."
        ),
        compute=answer_on_time_rate,
    )
)
