from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from . import tasks
from .document_jobs import job_runner
from .models import ExportJob
from .notifications import send_pending_emails, send_pending_sms
from .sweep import sweep_step


@sweep_step("tasks.recover", order=40, inline=True)
def recover_lost_tasks() -> int:
    return tasks.recover_lost()


@sweep_step("tasks.prune", order=995)
def prune_task_results() -> int:
    return tasks.prune_finished()


@sweep_step("notifications.email", order=900)
def email_notifications() -> int:
    return send_pending_emails()


@sweep_step("notifications.sms", order=910)
def sms_notifications() -> int:
    return send_pending_sms()


@sweep_step("exports.resume", order=50, inline=True)
def resume_exports() -> int:
    """Queue again the exports and Word documents a lost task left pending or running (the queue was down, a worker
    was killed)."""
    now = timezone.now()
    ExportJob.objects.filter(
        state=ExportJob.State.RUNNING,
        started_at__lt=now - timedelta(minutes=settings.TASK_LOST_AFTER_MINUTES),
    ).update(state=ExportJob.State.PENDING)
    handled = 0
    waiting = ExportJob.objects.filter(
        state=ExportJob.State.PENDING, created_at__lt=now - timedelta(minutes=5)
    )
    for job in waiting.only("pk", "kind"):
        runner = job_runner(job)
        if not tasks.is_queued(runner, job.pk):
            tasks.enqueue(runner, job.pk)
            handled += 1
    return handled


@sweep_step("exports.purge", order=990)
def purge_exports() -> int:
    cutoff = timezone.now() - timedelta(days=settings.EXPORT_RETENTION_DAYS)
    old = ExportJob.objects.filter(created_at__lt=cutoff)
    count = 0
    for job in old:
        if job.file:
            job.file.delete(save=False)
        job.delete()
        count += 1
    return count
