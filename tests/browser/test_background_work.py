"""The office reads the background-work page in a browser: a failed export with its reason and its retry, a queued
retry waiting its turn, and a warning when no worker empties the queue; no serious WCAG 2 A/AA violation."""

from datetime import timedelta

from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from changxiao.core.exports import run_export_job
from changxiao.core.notifications import deliver_notifications
from changxiao.core.tasks import call_in_background, target_path

from .conftest import force_login, screenshot, url
from .test_accessibility import assert_accessible


def _task(target, args, status, *, attempt=1, retry_of="", minutes=0, reason=""):
    now = timezone.now() - timedelta(minutes=minutes)
    return DBTaskResult.objects.create(
        args_kwargs={
            "args": [target_path(target), args],
            "kwargs": {"attempt": attempt, "retry_of": retry_of},
        },
        task_path=call_in_background.module_path,
        backend_name="default",
        status=status,
        run_after=get_date_max(),
        started_at=now if status != "READY" else None,
        finished_at=now if status in ("FAILED", "SUCCESSFUL") else None,
        exception_class_path="smtplib.SMTPServerDisconnected" if reason else "",
        traceback=f"Traceback (most recent call last):\n  ...\n{reason}" if reason else "",
    )


def test_the_office_reads_what_failed_and_what_was_retried(page, live_server, browser_world):
    failed = _task(
        deliver_notifications,
        [[11, 12, 13]],
        "FAILED",
        minutes=1,
        reason="smtplib.SMTPServerDisconnected: Connection unexpectedly closed",
    )
    _task(deliver_notifications, [[11, 12, 13]], "READY", attempt=2, retry_of=str(failed.pk))
    _task(run_export_job, [42], "SUCCESSFUL", minutes=3)
    _task(run_export_job, [43], "RUNNING")
    DBTaskResult.objects.filter(status="READY").update(enqueued_at=timezone.now() - timedelta(minutes=7))

    force_login(page, live_server, browser_world.office)
    response = page.goto(url(live_server, "core:tasks"))
    assert response.status == 200
    text = page.inner_text("main")
    assert "后台任务" in text and "通知邮件和短信" in text and "Excel导出" in text
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in text
    assert "已重试" in text and "2 / 3" in text
    assert "请检查后台任务进程是否在运行" in text  # the oldest queued task waited 7 minutes
    screenshot(page, "background-work")
    assert_accessible(page, "background work")

    page.click("a.nav-link:has-text('失败')")
    assert "status=FAILED" in page.url
    assert page.locator("tbody tr").count() == 1
