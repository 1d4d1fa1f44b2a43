"""Escalating an item goes through core's seam (core.events.finding_open): feedback asks, supervision opens the
finding in the same transaction and answers with its number and page; feedback imports nothing of supervision."""

import dataclasses

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse

from changxiao.core import events
from changxiao.core.models import TimelineEvent
from changxiao.feedback import services
from changxiao.feedback.models import Category, FeedbackItem
from changxiao.supervision.apps import _open_finding
from changxiao.supervision.models import Finding, Inspection

SUPERVISION = "supervision.finding_open"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def handler():
    """Swap supervision's handler of finding_open for the test's, and put supervision's back afterwards."""

    def swap(replacement):
        events.finding_open.unregister(dispatch_uid=SUPERVISION)
        if replacement is not None:
            events.finding_open.register(replacement, dispatch_uid="tests.finding_open")

    yield swap
    events.finding_open.unregister(dispatch_uid="tests.finding_open")
    events.finding_open.register(_open_finding, dispatch_uid=SUPERVISION)


def escalatable_item(w) -> FeedbackItem:
    """A complaint about the 姑苏区 cultural centre, answered twice and rated 不满意 twice: the office may escalate."""
    category, _created = Category.objects.get_or_create(name="设施设备")
    item, _created = services.feedback_submit(
        kind="complaint", category=category, region=w.gusu, venue=w.venue_unit, content="文化馆电梯坏了一个月"
    )
    item = services.item_assign(item=item, by=w.office, unit=w.venue_unit)
    for answer in ("已报修", "已修复"):
        services.reply_add(item=item, by=w.venue, text=answer, public=True)
        services.item_rate(item=item, rating="unsatisfied")
    item.refresh_from_db()
    return item


def test_feedback_asks_with_plain_data_and_keeps_the_answer(world, login, handler):
    item = escalatable_item(world)
    asked = []

    def spy(request):
        asked.append(request)
        return _open_finding(request)

    handler(spy)
    response = login(world.office).post(reverse("feedback:item_escalate", args=[item.pk]))
    (request,) = asked
    assert (request.source, request.source_ref, request.source_url) == (
        "feedback",
        item.code,
        item.get_absolute_url(),
    )
    assert (request.by_id, request.region_id, request.unit_id) == (
        world.office.pk,
        item.region_id,
        item.unit_id,
    )
    # Nothing of either app's code travels: numbers and texts only (the citizen's name and phone, to be kept out of
    # the finding, as a tuple of texts).
    assert all(
        isinstance(value, int | str) or all(isinstance(text, str) for text in value)
        for value in dataclasses.asdict(request).values()
    )
    assert request.personal == item.personal_values()
    item.refresh_from_db()
    finding = Finding.objects.get()
    assert (item.state, item.finding_id) == ("escalated", finding.pk)
    assert response.url == finding.get_absolute_url()
    assert (finding.inspection.kind, finding.lead_unit, finding.severity) == (
        "feedback",
        world.venue_unit,
        "major",
    )


def test_a_refusal_by_supervision_leaves_nothing_behind(world, login, handler):
    """Supervision refuses after it wrote its inspection and finding: the item is not escalated, and neither the
    inspection nor the finding stays — both steps are one transaction."""
    item = escalatable_item(world)

    def open_then_refuse(request):
        _open_finding(request)
        raise ValidationError("督查系统暂不受理")

    handler(open_then_refuse)
    office = login(world.office)
    response = office.post(reverse("feedback:item_escalate", args=[item.pk]), follow=True)
    assert response.redirect_chain[-1][0] == item.get_absolute_url()
    assert "督查系统暂不受理" in response.content.decode()
    item.refresh_from_db()
    assert (item.state, item.finding_id) == ("answered", None)
    assert not Inspection.objects.exists() and not Finding.objects.exists()
    assert not TimelineEvent.objects.for_object(item).filter(verb="feedback_escalated").exists()


def test_without_supervision_installed_escalating_is_a_configuration_error(world, handler):
    item = escalatable_item(world)
    handler(None)
    with pytest.raises(ImproperlyConfigured, match="finding_open"):
        services.item_escalate(item=item, by=world.office)
    item.refresh_from_db()
    assert (item.state, item.finding_id) == ("answered", None)
