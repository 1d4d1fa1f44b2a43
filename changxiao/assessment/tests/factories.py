"""Assessment rounds for tests, created by `round_create` as the office creates them, against the shipped
long-term-management indicator set unless another is given.

    assessment_round = RoundFactory(by=world.office, units=[world.district_unit])  # 苏州市's 2026 round, preparing
"""

from datetime import date

import factory

from changxiao.assessment.indicator_data import load_shipped
from changxiao.assessment.models import AssessmentRound, IndicatorSet
from changxiao.assessment.services import round_create
from changxiao.core.tests.factories import ServiceFactory, home_region
from conftest import YEAR_START


def long_term_set() -> IndicatorSet:
    """The shipped indicator set of the long-term management mechanism (loaded if it is not yet)."""
    load_shipped()
    return IndicatorSet.objects.get(code="long-term-management", owner=None)


class RoundFactory(ServiceFactory):
    """The 2026 round of the jurisdiction whose office `by` is (required) over `units` (required), made as on
    2026-01-05 with its self-report, review and final deadlines in early 2027."""

    class Meta:
        model = AssessmentRound

    region = factory.LazyAttribute(lambda o: home_region(o.by))
    title = "2026年度考核"
    year = 2026
    indicator_set = factory.LazyFunction(long_term_set)
    self_report_due = date(2027, 1, 15)
    review_due = date(2027, 1, 31)
    final_due = date(2027, 2, 28)
    on = YEAR_START

    @classmethod
    def make(cls, **fields) -> AssessmentRound:
        return round_create(**fields)
