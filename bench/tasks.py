"""`python -m bench tasks`: background work on the database queue (core.tasks, issue 26) — a worker's throughput on a
notification batch beside sending the same emails in the caller, the queue's own cost per task, and a worker killed
(SIGKILL) in the middle of a batch: after the sweep's recovery and a restart (the killed worker's claim on the copy it
was sending expired), how many emails went out once, twice, or not at all — at least once each, twice only when the
kill fell between the mail server's answer and the write that marks the copy sent; and a worker killed while it writes
a large export: after the restart the job is done once, with one file and one notification.

Runs against the throw-away database of the run (bench/__main__.py); each worker is a real `manage.py db_worker`
process writing emails to files (one file per message), timed from the first task's start to the last one's end as
the queue records them (the process's start-up is printed apart).
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from bench.harness import note, row

PEOPLE = 1_000
BATCH = 10  # recipients per notify(): one task each
NOOPS = 500


def _people():
    from changxiao.orgs.models import User

    User.objects.bulk_create(
        User(username=f"bench-task-{i}", email=f"p{i}@example.org", password="!") for i in range(PEOPLE)
    )
    return list(User.objects.filter(username__startswith="bench-task-").order_by("pk"))


def _mail_dir(work: Path, name: str) -> Path:
    path = work / "mail" / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def _worker(work: Path, mail: Path, **extra: str) -> subprocess.Popen:
    env = {
        **os.environ,
        **extra,
        "TASK_BACKEND": "database",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "BENCH_MAIL": str(mail),
        "PYTHONWARNINGS": "ignore",
    }
    # `manage.py db_worker`, with the emails written to files (EMAIL_FILE_PATH is not read from the environment).
    start = (
        "import os, sys, django; django.setup(); from django.conf import settings; "
        "settings.EMAIL_FILE_PATH = os.environ['BENCH_MAIL']; from django.core.management import call_command; "
        "import bench.tasks; bench.tasks.register_slow_export(); call_command('db_worker', *sys.argv[1:])"
    )
    command = [sys.executable, "-c", start, "--batch", "--no-startup-delay", "--no-reload"]
    command += ["--queue-name", "*", "--interval", "0", "-v", "0"]
    log = (work / "worker.log").open("a")
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603 (fixed command)


SLOW_EXPORT = "bench-slow-notifications"
SLOW_ROW_SECONDS = 0.002  # a column this slow, so that the kill lands in the middle of the file


def register_slow_export() -> None:
    """An export of the notifications whose rows take SLOW_ROW_SECONDS each (the bench's own, in each worker)."""
    from changxiao.core.exports import Column, ExportDefinition, register_export
    from changxiao.core.models import Notification

    def slow_title(note) -> str:
        time.sleep(SLOW_ROW_SECONDS)
        return note.title

    register_export(
        ExportDefinition(
            name=SLOW_EXPORT,
            title="bench",
            file_stem="bench",
            queryset=lambda user, params: Notification.objects.order_by("pk"),
            columns=[Column("#", lambda note: note.pk), Column("title", slow_title)],
        )
    )


def _killed_export(work: Path, owner) -> None:
    """A worker killed (SIGKILL) while it writes an export; the sweep's recovery; a new worker: one file, one
    notification, the job done once."""
    from changxiao.core import tasks
    from changxiao.core.exports import run_export_job
    from changxiao.core.models import ExportJob, Notification
    from changxiao.core.sweep import run_sweep

    total = Notification.objects.count()
    job = ExportJob.objects.create(
        owner=owner, export_name=SLOW_EXPORT, total_rows=total, file_name="bench.xlsx"
    )
    tasks.enqueue(run_export_job, job.pk)
    connection.close()
    worker = _worker(work, _mail_dir(work, "export"))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and worker.poll() is None:
        job.refresh_from_db()
        if job.done_rows >= 1000:
            break
        time.sleep(0.02)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()
    job.refresh_from_db()
    at_kill = (job.state, job.done_rows)
    recovered = tasks.recover_lost()
    resumed = run_sweep(only=["exports.resume"])["exports.resume"]
    connection.close()
    _worker(work, _mail_dir(work, "export")).wait(timeout=600)
    job.refresh_from_db()
    folder = str(Path(job.file.name).parent) if job.file else ""
    files = (
        [name for name in default_storage.listdir(folder)[1] if name.startswith("bench")] if folder else []
    )
    told = owner.notifications.filter(url__endswith=f"/exports/jobs/{job.pk}/").count()
    note(
        f"export of {total:,} rows: worker killed while {at_kill[0]} at row {at_kill[1]:,}; {recovered} task recovered "
        f"by the sweep (exports.resume queued {resumed} more); after the restart the job is {job.state} with "
        f"{job.done_rows:,} rows, {len(files)} file, {told} notification"
    )
    row("export done once after SIGKILL (files)", len(files), "", "exports asked for", 1)


def _queue_batches(people, tag: str) -> int:
    from changxiao.core.notifications import notify

    for start in range(0, len(people), BATCH):
        notify(people[start : start + BATCH], title=f"{tag} 通知", body="请按期整改")
    return len(people)


def _span(since) -> tuple[float, int]:
    """Seconds from the first task's start to the last one's end since `since`, and the tasks done."""
    from django.db.models import Max, Min

    from changxiao.core.tasks import task_results

    done = task_results().filter(enqueued_at__gte=since, status="SUCCESSFUL")
    figures = done.aggregate(first=Min("started_at"), last=Max("finished_at"))
    return (figures["last"] - figures["first"]).total_seconds(), done.count()


def _sent(mail: Path) -> list[str]:
    """The recipient of every message the worker wrote (one per file)."""
    recipients = []
    for path in mail.iterdir():
        for line in path.read_text(errors="replace").splitlines():
            if line.startswith("To: "):
                recipients.append(line[4:].strip())
    return recipients


def run(work: Path, header: str) -> None:
    from changxiao.core import notifications, tasks
    from changxiao.core.models import Notification

    print(f"\nBackground work (core.tasks) — database queue on {connection.vendor}, {PEOPLE:,} recipients")
    print(header)
    print("-" * 130)
    call_command("migrate", verbosity=0)
    people = _people()
    settings.TASK_BACKEND = "database"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"

    # Baseline: the same emails sent in this process, as the sweep sent them before the queue.
    settings.EMAIL_FILE_PATH = str(_mail_dir(work, "inline"))
    settings.TASK_BACKEND = "immediate"
    for start in range(0, len(people), BATCH):
        Notification.objects.bulk_create(
            Notification(recipient=p, title="inline 通知", send_email=True)
            for p in people[start : start + BATCH]
        )
    started = time.perf_counter()
    inline_sent = notifications.send_pending_emails(limit=PEOPLE)
    inline_seconds = time.perf_counter() - started
    settings.TASK_BACKEND = "database"

    # The worker: 100 notify() batches of 10, each one task.
    mail = _mail_dir(work, "worker")
    since = timezone.now()
    _queue_batches(people, "worker")
    connection.close()
    launched = time.perf_counter()
    _worker(work, mail).wait(timeout=600)
    wall = time.perf_counter() - launched
    span, done = _span(since)
    sent = _sent(mail)
    row(
        f"worker: {PEOPLE:,} emails in {done} tasks (emails/s)",
        len(sent) / span,
        "/s",
        "the same emails sent in the caller",
        inline_sent / inline_seconds,
    )
    note(
        f"worker process {wall:.1f} s in all, of which {wall - span:.1f} s start-up and polling; sent {len(sent)}"
    )

    # The queue's own cost: tasks that do nothing, beside queueing them.
    since = timezone.now()
    started = time.perf_counter()
    for _ in range(NOOPS):
        tasks.enqueue(
            tasks.current_attempt
        )  # outside a transaction: queued at once, as each commit queues it
    queued = NOOPS / (time.perf_counter() - started)
    connection.close()
    _worker(work, mail).wait(timeout=600)
    span, done = _span(since)
    row(f"worker: {done} empty tasks run (tasks/s)", done / span, "/s", "queueing them (tasks/s)", queued)

    # A worker killed with SIGKILL in the middle of a batch, then the sweep's recovery and a new worker.
    mail = _mail_dir(work, "killed")
    others = list(Notification.objects.values_list("pk", flat=True))
    since = timezone.now()
    _queue_batches(people, "killed")
    connection.close()
    worker = _worker(work, mail)
    deadline = time.monotonic() + 120
    while len(list(mail.iterdir())) < PEOPLE // 3 and time.monotonic() < deadline and worker.poll() is None:
        time.sleep(0.02)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()
    at_kill = len(list(mail.iterdir()))
    # The sweep would wait TASK_LOST_AFTER_MINUTES, the retry TASK_RETRY_SECONDS and a claimed copy's lease
    # NOTIFICATION_LEASE_MINUTES; the bench does not.
    settings.TASK_LOST_AFTER_MINUTES = settings.TASK_RETRY_SECONDS = 0
    batch = Notification.objects.exclude(pk__in=others).filter(send_email=True)
    left_claimed = batch.filter(email_claimed_at__isnull=False, emailed_at__isnull=True).count()
    recovered = tasks.recover_lost()
    connection.close()
    _worker(work, mail, NOTIFICATION_LEASE_MINUTES="0").wait(timeout=600)
    sent = _sent(mail)
    asked = batch.count()
    once = len(set(sent))
    twice = len(sent) - once
    unsent = batch.filter(emailed_at__isnull=True).count()
    note(
        f"worker killed after {at_kill} of {asked:,} emails, {left_claimed} copy claimed and not marked sent; "
        f"{recovered} task recovered by the sweep; after the restart {once:,} addresses got their email, {twice} "
        f"twice (killed between the mail server's answer and the write of emailed_at), {asked - once} never, "
        f"{unsent} still unsent in the database"
    )
    row("notifications emailed after SIGKILL and restart", once, "", "notifications asked for", asked)
    row("  of which sent exactly once", once - twice, "", "notifications asked for", asked)

    # A worker killed in the middle of an export (issue 26: "each finishes exactly once after restart").
    _killed_export(work, people[0])
