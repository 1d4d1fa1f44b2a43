"""Background work on the database queue: queued once the step commits, run by a worker, retried on failure up to a
limit, recovered after a worker is killed, never run twice to effect, and shown to the office."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from changxiao.core import tasks
from changxiao.core.exports import run_export_job
from changxiao.core.models import ExportJob, Notification
from changxiao.core.notifications import notify
from changxiao.core.sweep import run_sweep

CALLS: list = []


def record(value) -> None:
    CALLS.append(value)


def fail_once(value) -> None:
    CALLS.append(value)
    if len(CALLS) == 1:
        raise ConnectionError("the mail server did not answer")


def always_fail(value) -> None:
    CALLS.append(value)
    raise ValueError(f"cannot handle {value}")


@pytest.fixture
def queue(db, settings, monkeypatch):
    """The database queue as production has it, and `run()`: one in-process worker that empties it."""
    settings.TASK_BACKEND = "database"
    settings.TASK_RETRY_SECONDS = 0
    CALLS.clear()
    # The worker drops connections between tasks; the test's transaction must stay open.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> None:
        db_worker.Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()

    return run


def queued(func, *args, capture) -> None:
    with capture(execute=True):
        tasks.enqueue(func, *args)


def test_a_task_is_queued_on_commit_and_run_once_by_the_worker(queue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        tasks.enqueue(record, 7)
        assert not DBTaskResult.objects.exists()  # nothing is queued before the step commits
    for callback in callbacks:
        callback()
    assert DBTaskResult.objects.get().status == "READY" and CALLS == []
    queue()
    queue()
    assert CALLS == [7]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_failed_task_is_retried_and_both_attempts_are_shown(
    queue, world, login, django_capture_on_commit_callbacks
):
    queued(fail_once, "x", capture=django_capture_on_commit_callbacks)
    queue()
    assert CALLS == ["x", "x"]
    first, second = DBTaskResult.objects.order_by("enqueued_at")
    assert (first.status, second.status) == ("FAILED", "SUCCESSFUL")
    assert second.args_kwargs["kwargs"] == {"attempt": 2, "retry_of": str(first.pk)}
    page = login(world.office).get(reverse("core:tasks"))
    rows = {row["id"]: row for row in page.context["rows"]}
    assert (
        rows[str(first.pk)]["retried"] and "the mail server did not answer" in rows[str(first.pk)]["reason"]
    )
    assert rows[str(second.pk)]["attempt"] == 2 and not rows[str(second.pk)]["retried"]
    body = page.content.decode()
    assert "ConnectionError: the mail server did not answer" in body


def test_retries_stop_at_the_limit(queue, settings, django_capture_on_commit_callbacks):
    settings.TASK_MAX_ATTEMPTS = 3
    queued(always_fail, 1, capture=django_capture_on_commit_callbacks)
    queue()
    assert CALLS == [1, 1, 1]
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["FAILED"] * 3
    assert tasks.queue_summary()["failed"] == 3


def test_a_retry_waits_before_it_runs(queue, settings, django_capture_on_commit_callbacks):
    settings.TASK_RETRY_SECONDS = 600
    queued(fail_once, "y", capture=django_capture_on_commit_callbacks)
    queue()
    assert CALLS == ["y"]  # the second attempt waits ten minutes
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after > timezone.now() + timedelta(minutes=9)


def test_only_the_platforms_functions_are_queued(queue):
    with pytest.raises(ValueError):
        tasks.enqueue(print, "x")


def test_an_export_whose_worker_was_killed_is_finished_once(
    queue, world, settings, django_capture_on_commit_callbacks
):
    job = ExportJob.objects.create(owner=world.office, export_name="orgs-units", file_name="u.xlsx")
    queued(run_export_job, job.pk, capture=django_capture_on_commit_callbacks)
    # The worker took the task and the job, then was killed (SIGKILL): both are left running.
    started = timezone.now() - timedelta(minutes=settings.TASK_LOST_AFTER_MINUTES + 1)
    DBTaskResult.objects.update(status="RUNNING", started_at=started, worker_ids=["killed"])
    ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.RUNNING, started_at=started)
    ExportJob.objects.filter(pk=job.pk).update(created_at=started)

    with django_capture_on_commit_callbacks(execute=True):
        results = run_sweep(only=["tasks.recover", "exports.resume"])
    assert results["tasks.recover"] == 1
    lost = DBTaskResult.objects.get(status="FAILED")
    assert lost.exception_class_path == "changxiao.core.tasks.WorkerLost"
    queue()
    with django_capture_on_commit_callbacks(execute=True):
        run_sweep(only=["tasks.recover", "exports.resume"])
    queue()
    job.refresh_from_db()
    assert job.state == ExportJob.State.DONE and job.file
    assert world.office.notifications.count() == 1  # "export ready" told once
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() >= 1


def test_a_notification_batch_is_sent_once_even_when_the_mail_server_fails_first(
    queue, world, monkeypatch, django_capture_on_commit_callbacks
):
    people = [world.office, world.member, world.venue]
    for number, person in enumerate(people):
        person.email = f"p{number}@example.org"
        person.save()
    from changxiao.core import notifications

    real_send = notifications.send_mail
    failures = []

    def flaky_send(**kwargs):
        if not failures:
            failures.append(kwargs["recipient_list"])
            raise ConnectionError("SMTP down")
        return real_send(**kwargs)

    monkeypatch.setattr(notifications, "send_mail", flaky_send)
    with django_capture_on_commit_callbacks(execute=True):
        notify(people, title="督办提醒", body="请按期整改")
    assert DBTaskResult.objects.count() == 1  # one task for the whole batch
    queue()
    run_sweep(only=["notifications.email"])
    queue()
    assert sorted(m.to[0] for m in mail.outbox) == ["p0@example.org", "p1@example.org", "p2@example.org"]
    statuses = list(DBTaskResult.objects.order_by("enqueued_at").values_list("status", flat=True))
    assert statuses == ["FAILED", "SUCCESSFUL"]


def test_the_sweep_queues_its_steps_once(queue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("sweep", "--enqueue", "--only", "surveys.index", "--only", "tasks.recover")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("sweep", "--enqueue", "--only", "surveys.index")
    # tasks.recover runs in the scheduler; the tallies wait for a worker, queued once.
    assert DBTaskResult.objects.count() == 1
    queue()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_the_page_is_the_offices(world, login):
    assert login(world.member).get(reverse("core:tasks")).status_code == 403
    assert login(world.leader).get(reverse("core:tasks")).status_code == 403
    response = login(world.office).get(reverse("core:tasks"))
    assert response.status_code == 200
    assert reverse("core:tasks") in login(world.office).get(reverse("cockpit:workbench")).content.decode()


def test_the_page_reads_a_constant_number_of_queries(
    queue, world, login, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    for number in range(30):
        queued(always_fail if number % 3 else record, number, capture=django_capture_on_commit_callbacks)
    queue()
    client = login(world.office)
    client.get(reverse("core:tasks"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("core:tasks"), {"status": "FAILED"})
    assert len(response.context["rows"]) == 50
    assert "waited" not in response.content.decode()


def test_a_queue_no_worker_empties_is_pointed_out(queue, world, login, django_capture_on_commit_callbacks):
    queued(record, 1, capture=django_capture_on_commit_callbacks)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=12))
    response = login(world.office).get(reverse("core:tasks"))
    assert response.context["summary"]["waiting_minutes"] == 12
    assert "alert-warning" in response.content.decode()


def test_only_one_sweep_runs_at_a_time_whichever_host_starts_it(world):
    from io import StringIO

    from changxiao.core.sweep import only_one

    with only_one("changxiao-sweep") as held:
        assert held
        with only_one("changxiao-sweep") as second:
            assert (
                not second
            )  # another process, or another host on the same database, is refused the same way
        out = StringIO()
        call_command("sweep", "--only", "notifications.email", stdout=out)
        assert "another sweep is running" in out.getvalue()
    out = StringIO()
    call_command("sweep", "--only", "notifications.email", stdout=out)
    assert out.getvalue().startswith("sweep: notifications.email=")


def test_a_notification_batch_whose_worker_was_killed_is_sent_once_after_recovery(
    queue, world, settings, django_capture_on_commit_callbacks
):
    people = [world.office, world.member, world.venue]
    for number, person in enumerate(people):
        person.email = f"p{number}@example.org"
        person.save()
    with django_capture_on_commit_callbacks(execute=True):
        first, second, third = notify(people, title="督办提醒")
    # The worker took the task, sent the first copy, claimed the second and was killed before sending it.
    started = timezone.now() - timedelta(minutes=settings.TASK_LOST_AFTER_MINUTES + 1)
    DBTaskResult.objects.update(status="RUNNING", started_at=started, worker_ids=["killed"])
    Notification.objects.filter(pk=first.pk).update(email_claimed_at=started, emailed_at=started)
    Notification.objects.filter(pk=second.pk).update(email_claimed_at=started)

    with django_capture_on_commit_callbacks(execute=True):
        assert run_sweep(only=["tasks.recover"])["tasks.recover"] == 1
    queue()
    queue()
    assert sorted(m.to[0] for m in mail.outbox) == ["p1@example.org", "p2@example.org"]  # p0's went before
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
