"""Figures published for the assessment: feedback answered on time and satisfaction with replies."""

from datetime import date
from decimal import Decimal

import pytest

from changxiao.core.metrics import get_metric
from changxiao.feedback import services
from changxiao.feedback.metrics import ANSWERED_ON_TIME, SATISFACTION
from changxiao.feedback.models import RoutingRule
from changxiao.feedback.tests.factories import FeedbackFactory


@pytest.fixture
def items(world, monkeypatch):
    today = {"value": date(2026, 3, 2)}
    for module in ("services", "metrics"):
        monkeypatch.setattr(f"changxiao.feedback.{module}.local_today", lambda: today["value"])
    RoutingRule.objects.create(owner=world.city, region=world.gusu, unit=world.venue_unit)
    made = [
        FeedbackFactory(kind="suggestion", region=world.gusu, content=f"建议增加活动{i}") for i in range(4)
    ]
    services.reply_add(item=made[0], by=world.venue, text="已采纳", public=True)  # on time
    services.item_rate(item=made[0], rating="satisfied")
    today["value"] = date(2026, 4, 1)
    services.reply_add(item=made[1], by=world.venue, text="已安排", public=True)  # late
    services.item_rate(item=made[1], rating="unsatisfied")
    # made[2] unanswered and overdue; made[3] unanswered, counted too (same dates)
    return made


def test_answered_on_time_and_satisfaction(world, items):
    value = get_metric(ANSWERED_ON_TIME).value_for(world.venue_unit, 2026)
    assert (value.numerator, value.denominator, value.value) == (1, 4, Decimal("25.0"))
    value = get_metric(SATISFACTION).value_for(world.gusu, 2026)
    assert (value.numerator, value.denominator, value.value) == (1, 2, Decimal("50.0"))
    assert get_metric(SATISFACTION).value_for(world.kunshan, 2026).value is None


def test_records_page_lists_the_counted_items(world, login, items):
    url = get_metric(ANSWERED_ON_TIME).value_for(world.venue_unit, 2026).records_url
    response = login(world.office).get(url)
    assert len(response.context["page"]) == 4
    assert login(world.outsider).get(url).status_code == 404
