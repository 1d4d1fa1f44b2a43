"""Notifications reach the inbox at once and email/SMS exactly once, however often the sweep runs."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from changxiao.core.models import Notification
from changxiao.core.notifications import notify
from changxiao.core.sms import MemorySmsBackend, get_sms_backend
from changxiao.core.sweep import registered_steps, run_sweep


@pytest.fixture
def sms_outbox(settings):
    settings.SMS_BACKEND = "changxiao.core.sms.MemorySmsBackend"
    get_sms_backend.cache_clear()
    MemorySmsBackend.outbox = []
    yield MemorySmsBackend.outbox
    get_sms_backend.cache_clear()


def test_notification_is_emailed_once(world):
    world.office.email = "office@example.org"
    world.office.save()
    notify([world.office], title="整改期限临近", body="请按期整改", url="/workbench/")
    run_sweep()
    run_sweep()
    call_command("sweep")
    assert len(mail.outbox) == 1
    assert "整改期限临近" in mail.outbox[0].subject
    assert "/workbench/" in mail.outbox[0].body


def test_sms_goes_through_the_pluggable_backend_once(world, sms_outbox):
    world.venue.phone = "13800000000"
    world.venue.save()
    notify([world.venue], title="督办提醒", sms=True, email=False)
    run_sweep()
    run_sweep()
    assert sms_outbox == [("13800000000", "督办提醒")]


def test_inbox_lists_and_opens_notifications(world, login):
    client = login(world.member)
    (note,) = notify([world.member], title="请提交进度报告", url=reverse("orgs:unit_list"))
    response = client.get(reverse("core:inbox"))
    assert "请提交进度报告" in response.content.decode()
    response = client.post(reverse("core:notification_open", args=[note.pk]))
    assert response.status_code == 302 and response.url == reverse("orgs:unit_list")
    note.refresh_from_db()
    assert note.read_at is not None


def test_notification_open_ignores_foreign_redirects(world, login):
    client = login(world.member)
    (note,) = notify([world.member], title="x", url="https://evil.example.com/")
    response = client.post(reverse("core:notification_open", args=[note.pk]))
    assert response.url == reverse("core:inbox")


def test_service_accounts_and_inactive_users_get_no_notifications(world):
    world.member.is_active = False
    world.member.save()
    assert notify([world.member], title="x") == []


def test_sweep_lists_its_steps():
    names = {step.name for step in registered_steps()}
    assert {"notifications.email", "notifications.sms", "exports.resume", "exports.purge"} <= names


def test_a_failing_step_does_not_stop_the_others(world, monkeypatch):
    from changxiao.core import sweep

    def broken() -> int:
        raise RuntimeError("boom")

    monkeypatch.setitem(sweep._STEPS, "broken", sweep.SweepStep("broken", broken, 0))
    notify([world.office], title="x")
    world.office.email = "o@example.org"
    world.office.save()
    results = run_sweep()
    assert results["broken"].startswith("error")
    assert results["notifications.email"] == 1


def test_inbox_uses_a_constant_number_of_queries(world, login, django_assert_max_num_queries):
    for i in range(60):
        notify([world.member], title=f"通知{i}", url="/workbench/")
    client = login(world.member)
    client.get(reverse("core:inbox"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("core:inbox"))
    assert len(response.context["page"]) == 30


def test_a_copy_a_killed_worker_had_claimed_is_sent_once_its_lease_expires(world, settings, sms_outbox):
    world.venue.email, world.venue.phone = "venue@example.org", "13800000000"
    world.venue.save()
    (note,) = notify([world.venue], title="督办提醒", sms=True)
    # The worker claimed both copies, then was killed before sending them: the claims are left, nothing is sent.
    Notification.objects.filter(pk=note.pk).update(
        email_claimed_at=timezone.now(), sms_claimed_at=timezone.now()
    )
    steps = ["notifications.email", "notifications.sms"]
    assert run_sweep(only=steps) == {"notifications.email": 0, "notifications.sms": 0}
    assert mail.outbox == [] and sms_outbox == []  # the lease still holds: it could be a live worker's

    expired = timezone.now() - timedelta(minutes=settings.NOTIFICATION_LEASE_MINUTES, seconds=1)
    Notification.objects.filter(pk=note.pk).update(email_claimed_at=expired, sms_claimed_at=expired)
    assert run_sweep(only=steps) == {"notifications.email": 1, "notifications.sms": 1}
    run_sweep(only=steps)
    assert [m.to for m in mail.outbox] == [["venue@example.org"]]
    assert sms_outbox == [("13800000000", "督办提醒")]
    note.refresh_from_db()
    assert note.emailed_at and note.sms_sent_at


def test_two_senders_at_once_send_a_copy_once(world, monkeypatch):
    from changxiao.core import notifications

    world.office.email = "office@example.org"
    world.office.save()
    (note,) = notify([world.office], title="整改期限临近")
    real_send, during = notifications.send_mail, []

    def send_while_another_sender_runs(**kwargs):
        # A second sender (the task's next attempt, the sweep on another host) runs while this one is sending.
        during.append(notifications.deliver_notifications([note.pk]))
        return real_send(**kwargs)

    monkeypatch.setattr(notifications, "send_mail", send_while_another_sender_runs)
    assert notifications.send_pending_emails() == 1
    assert during == [0] and len(mail.outbox) == 1


def test_a_copy_that_failed_for_good_is_tried_again_by_the_sweep_after_its_lease(
    world, settings, monkeypatch
):
    from changxiao.core import notifications

    world.office.email = "office@example.org"
    world.office.save()
    notify([world.office], title="整改期限临近")

    def refused(**kwargs):
        raise ConnectionError("SMTP down")

    monkeypatch.setattr(notifications, "send_mail", refused)
    assert run_sweep(only=["notifications.email"])["notifications.email"].startswith("error")
    monkeypatch.undo()
    assert run_sweep(only=["notifications.email"])["notifications.email"] == 0  # not faster than a lease
    settings.NOTIFICATION_LEASE_MINUTES = 0
    assert run_sweep(only=["notifications.email"])["notifications.email"] == 1
    assert len(mail.outbox) == 1


def test_a_copy_refused_past_the_give_up_time_is_not_tried_again(world, settings):
    world.office.email = "office@example.org"
    world.office.save()
    (note,) = notify([world.office], title="整改期限临近")
    Notification.objects.filter(pk=note.pk).update(
        created_at=timezone.now() - timedelta(hours=settings.NOTIFICATION_GIVE_UP_HOURS, minutes=1),
        email_claimed_at=None,
        emailed_at=None,
    )
    mail.outbox.clear()
    assert run_sweep(only=["notifications.email"])["notifications.email"] == 0
    assert mail.outbox == [] and Notification.objects.filter(pk=note.pk, read_at__isnull=True).exists()


class CountingBackend:
    """The in-memory mail backend, counting the connections made and able to drop one message."""

    made = 0
    refuse: set = set()

    def __new__(cls, *args, **kwargs):
        from django.core.mail.backends.locmem import EmailBackend

        class Backend(EmailBackend):
            def send_messages(self, messages):
                if any(m.to[0] in CountingBackend.refuse for m in messages):
                    raise ConnectionError("connection dropped")
                return super().send_messages(messages)

        CountingBackend.made += 1
        return Backend(*args, **kwargs)


def test_a_batch_of_emails_goes_through_one_connection_and_a_dropped_one_loses_nothing(world, settings):
    settings.EMAIL_BACKEND = f"{__name__}.CountingBackend"
    CountingBackend.made, CountingBackend.refuse = 0, {"member@example.org"}
    people = [world.office, world.member, world.venue, world.district]
    for person in people:
        person.email = f"{person.username}@example.org"
        person.save()
    notes = [note.pk for person in people for note in notify([person], title="整改期限临近")]
    from changxiao.core.notifications import deliver_notifications

    with pytest.raises(ConnectionError):
        deliver_notifications(notes)  # the member's copy fails; the rest go out
    assert sorted(m.to[0] for m in mail.outbox) == [
        "district@example.org",
        "office@example.org",
        "venue@example.org",
    ]
    assert CountingBackend.made <= 3  # one for the batch, one each after the dropped connection
    CountingBackend.refuse = set()
    CountingBackend.made = 0
    # Outside a task a failure is final: the failed copy's claim stays until its lease has expired.
    Notification.objects.filter(pk__in=notes).update(email_claimed_at=timezone.now() - timedelta(hours=1))
    assert deliver_notifications(notes) == 1 and len(mail.outbox) == 4
    assert CountingBackend.made == 1
    # Nothing left to send: no connection is made (a sweep pass with no email opens none).
    assert deliver_notifications(notes) == 0 and CountingBackend.made == 1
