"""Reminders sent in batches (core.reminders.send_reminders): each once, with its timeline event, one background
delivery a batch; a batch partly claimed by another run is claimed one by one. And whom a pass tells
(orgs.recipients.Recipients) is whom unit_people and region_managers name."""

import pytest
from django.core import mail

from changxiao.core.models import Notification, ReminderLog, TimelineEvent
from changxiao.core.notifications import Message, notify_many
from changxiao.core.reminders import Digest, Reminder, claim_once, send_reminders
from changxiao.orgs.models import Region, Unit
from changxiao.orgs.recipients import Recipients, region_managers, unit_people
from conftest import at_once


def _reminders(world, kind="test_due"):
    units = [world.venue_unit, world.station_unit, world.district_unit]
    return [
        Reminder(
            unit,
            kind,
            "2026-12-07",
            Message([world.office, world.venue], f"提醒 {unit.name}", url="/workbench/"),
            event="test_marked",
            comment="2026-12-07",
        )
        for unit in units
    ]


def test_each_reminder_is_sent_once_with_its_event_and_one_delivery_a_batch(
    world, django_capture_on_commit_callbacks
):
    world.office.email = "office@example.org"
    world.office.save()
    claim_once(world.station_unit, kind="test_due", key="2026-12-07")  # sent before

    with django_capture_on_commit_callbacks(execute=True) as deliveries:
        assert send_reminders(_reminders(world)) == 2
    assert len(deliveries) == 1  # one background task for the batch's emails
    events = TimelineEvent.objects.filter(verb="test_marked")
    assert sorted(e.content_object.name for e in events) == sorted(
        [world.venue_unit.name, world.district_unit.name]
    )
    titles = sorted(Notification.objects.filter(recipient=world.office).values_list("title", flat=True))
    assert titles == sorted(f"提醒 {u.name}" for u in (world.venue_unit, world.district_unit))
    assert len(mail.outbox) == 2

    assert send_reminders(_reminders(world)) == 0
    assert ReminderLog.objects.filter(kind="test_due").count() == 3
    assert Notification.objects.count() == 4 and events.count() == 2


def test_the_same_reminder_twice_in_a_batch_is_sent_once(world):
    twice = _reminders(world)[:1] * 2
    assert send_reminders(twice) == 1
    assert Notification.objects.filter(recipient=world.office).count() == 1


def test_on_sent_is_told_of_the_reminders_sent_in_the_batch(world):
    claim_once(world.venue_unit, kind="test_due", key="2026-12-07")
    told = []
    send_reminders(_reminders(world), on_sent=lambda sent: told.extend(r.obj for r in sent))
    assert told == [world.station_unit, world.district_unit]


def test_a_failure_in_a_batch_sends_none_of_it(world, monkeypatch):
    from changxiao.core import reminders

    def broken(messages):
        raise RuntimeError("mail queue down")

    monkeypatch.setattr(reminders, "notify_many", broken)
    with pytest.raises(RuntimeError):
        send_reminders(_reminders(world))
    assert not ReminderLog.objects.filter(kind="test_due").exists()
    assert not TimelineEvent.objects.filter(verb="test_marked").exists()


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_reminder_once(world):
    at_once(lambda: send_reminders(_reminders(world)), 4)
    assert ReminderLog.objects.filter(kind="test_due").count() == 3
    assert TimelineEvent.objects.filter(verb="test_marked").count() == 3
    assert Notification.objects.filter(recipient=world.office).count() == 3


def test_messages_to_nobody_are_no_notifications(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as deliveries:
        assert notify_many([Message([], "无人"), Message([None], "无人")]) == []
    assert deliveries == []


def test_recipients_of_a_pass_are_those_unit_people_and_region_managers_name(world):
    world.venue.memberships.update(is_active=False)  # a membership ended is no one to tell
    recipients = Recipients()
    for unit in Unit.objects.all():
        assert recipients.unit_people(unit) == unit_people(unit), unit
    for region in Region.objects.all():
        assert sorted(u.pk for u in recipients.region_managers(region)) == sorted(
            u.pk for u in region_managers(region)
        ), region
    assert recipients.unit_people(world.venue_unit) == unit_people(world.venue_unit)


def _managed(world, units, digest):
    return [
        Reminder(
            unit,
            "test_overdue",
            "2026-12-07",
            Message([world.venue], f"逾期 {unit.code}", url="/item/"),
            managers=[world.office, world.venue, None],
            digest=digest,
        )
        for unit in units
    ]


def test_managers_are_told_of_a_batch_in_one_digest_and_of_a_single_reminder_by_itself(world, monkeypatch):
    from changxiao.core import reminders

    monkeypatch.setattr(reminders, "DIGEST_LINES", 2)
    digest = Digest(title=lambda n: f"{n}项逾期", url="/overdue/")
    units = [world.venue_unit, world.station_unit, world.district_unit]
    assert send_reminders(_managed(world, units, digest)) == 3
    (note,) = Notification.objects.filter(recipient=world.office)
    assert (note.title, note.url) == ("3项逾期", "/overdue/")
    assert note.body.splitlines() == [
        f"逾期 {world.venue_unit.code}",
        f"逾期 {world.station_unit.code}",
        "……另有1项",
    ]
    # The venue, told of each as the unit's person, is not told again as a manager.
    assert Notification.objects.filter(recipient=world.venue).count() == 3

    assert send_reminders(_managed(world, [world.member_unit], digest)) == 1
    assert (
        Notification.objects.filter(recipient=world.office).latest("pk").title
        == f"逾期 {world.member_unit.code}"
    )
