from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .exports import run_export_job
from .models import ExportJob
from .notifications import send_pending_emails, send_pending_sms
from .sweep import sweep_step


@sweep_step("notifications.email", order=900)
def email_notifications() -> int:
    return send_pending_emails()


@sweep_step("notifications.sms", order=910)
def sms_notifications() -> int:
    return send_pending_sms()


@sweep_step("exports.resume", order=50)
def resume_exports() -> int:
    """Run exports whose thread never started, and retry those a crashed process left running."""
    stale = timezone.now() - timedelta(minutes=30)
    ExportJob.objects.filter(state=ExportJob.State.RUNNING, started_at__lt=stale).update(
        state=ExportJob.State.PENDING
    )
    handled = 0
    for job_id in ExportJob.objects.filter(state=ExportJob.State.PENDING).values_list("pk", flat=True):
        run_export_job(job_id)
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
