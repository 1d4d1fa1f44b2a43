"""A finding another channel raises (core.events.finding_open, handled by services.finding_open_from_source):
supervision opens it as its own inspection would, with the permission of the person who raised it, and knows the
channel only by the name and reference it was given."""

import pytest
from django.core.exceptions import PermissionDenied

from changxiao.core import events
from changxiao.core.models import Notification, TimelineEvent
from changxiao.supervision.models import Finding, Inspection


def request_from(w, by, **changes) -> events.FindingOpenRequest:
    values = {
        "source": "feedback",
        "source_ref": "QW3E5R7T9Y",
        "source_url": "/feedback/41/",
        "by_id": by.pk,
        "region_id": w.gusu.pk,
        "unit_id": w.venue_unit.pk,
        "title": "群众反馈 QW3E5R7T9Y",
        "notes": "由群众反馈 QW3E5R7T9Y 转办。",
        "description": "少儿阅览区空调坏了两周",
        "requirement": "核实并整改，答复群众",
        "place": "苏州图书馆",
        "due_workdays": 5,
    }
    return events.FindingOpenRequest(**(values | changes))


def test_the_finding_is_opened_on_an_inspection_of_the_channels_kind(world):
    opened = events.ask(events.finding_open, request_from(world, world.office))
    finding = Finding.objects.get(pk=opened.finding_id)
    assert (opened.reference, opened.url) == (str(finding), finding.get_absolute_url())
    assert (finding.source, finding.source_ref, finding.source_url) == (
        "feedback",
        "QW3E5R7T9Y",
        "/feedback/41/",
    )
    assert (finding.lead_unit, finding.severity, finding.place) == (world.venue_unit, "major", "苏州图书馆")
    inspection = finding.inspection
    assert (inspection.kind, inspection.region, inspection.title) == (
        "feedback",
        world.gusu,
        "群众反馈 QW3E5R7T9Y",
    )
    assert list(inspection.scope_units.all()) == [world.venue_unit]
    assert TimelineEvent.objects.for_object(finding).filter(verb="finding_added", actor=world.office).exists()
    # The unit hears of it as of any finding.
    assert Notification.objects.filter(recipient=world.venue, url=finding.get_absolute_url()).exists()


def test_someone_who_may_not_start_an_inspection_raises_nothing(world):
    with pytest.raises(PermissionDenied):
        events.ask(events.finding_open, request_from(world, world.venue))
    assert not Inspection.objects.exists() and not Finding.objects.exists()


def test_a_channel_supervision_does_not_know_is_refused(world):
    with pytest.raises(ValueError, match="findings are not raised from 'radio'"):
        events.ask(events.finding_open, request_from(world, world.office, source="radio"))
    assert not Inspection.objects.exists()
