"""Shared building blocks: timeline, attachments, notifications, exports, calendar, site flags."""

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimelineEventQuerySet(models.QuerySet):
    def for_object(self, obj: models.Model) -> "TimelineEventQuerySet":
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        ).select_related("actor")


class TimelineEvent(models.Model):
    """时间线事件: one step in the accountability record of any object (who, when, what, from → to)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    content_object = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    verb = models.CharField(_("action"), max_length=64)
    from_state = models.CharField(_("from"), max_length=32, blank=True)
    to_state = models.CharField(_("to"), max_length=32, blank=True)
    comment = models.TextField(_("comment"), max_length=20000, blank=True)

    objects = TimelineEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"])]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")

    def __str__(self) -> str:
        return f"{self.verb} {self.content_type_id}:{self.object_id}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    now = timezone.now()
    return f"attachments/{now:%Y/%m}/{uuid.uuid4().hex}{suffix}"


class AttachmentQuerySet(models.QuerySet):
    def for_object(self, obj: models.Model) -> "AttachmentQuerySet":
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))


class Attachment(models.Model):
    """附件/佐证材料: a validated file attached to an object; served only to those who may see the object."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    content_object = GenericForeignKey("content_type", "object_id")
    event = models.ForeignKey(
        TimelineEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type_label = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    description = models.CharField(_("description"), max_length=200, blank=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """通知: an in-app inbox message; its email and SMS copies are sent in the background, at least once."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), max_length=5000, blank=True)
    url = models.CharField(max_length=500, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    send_email = models.BooleanField(default=True)
    # Each copy is leased (claimed, NOTIFICATION_LEASE_MINUTES) before its send, marked sent after (core.notifications).
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    send_sms = models.BooleanField(default=False)
    sms_claimed_at = models.DateTimeField(null=True, blank=True)
    sms_sent_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.title

    def mark_read(self) -> None:
        if self.read_at is None:
            self.read_at = timezone.now()
            self.save(update_fields=["read_at"])


class ExportJob(models.Model):
    """导出任务: a file built in the background for the person who asked — a large list's Excel export or a large Word
    document (core.document_jobs) — with progress and a download link only they may use."""

    class State(models.TextChoices):
        PENDING = "pending", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    class Kind(models.TextChoices):
        EXCEL = "excel", "Excel"
        WORD = "word", "Word"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.EXCEL)
    # An Excel export's registered name (core.exports), or a Word document's (core.document_jobs).
    export_name = models.CharField(max_length=100)
    params = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=16, default="zh-hans")
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    done_rows = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True, max_length=255)
    file_name = models.CharField(max_length=200, blank=True)
    error = models.TextField(max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self) -> str:
        return f"{self.export_name} #{self.pk}"

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(99, int(self.done_rows * 100 / self.total_rows))


class CalendarDay(models.Model):
    """工作日历调整: an official holiday or make-up workday the calendar library does not know yet.

    The library covers the years the State Council has announced when it was released; the office records
    a newly announced year here until the library is upgraded. An entry here always wins.
    """

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("is a working day"))
    name = models.CharField(_("name"), max_length=100, blank=True, help_text=_("e.g. 春节, 国庆节调休上班"))

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar adjustment")
        verbose_name_plural = _("calendar adjustments")

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class SiteFlag(models.Model):
    """A named switch stored in the database, e.g. that demonstration data is loaded (演示数据)."""

    name = models.CharField(max_length=64, unique=True)
    value = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    DEMO_DATA = "demo_data"

    class Meta:
        verbose_name = _("site flag")
        verbose_name_plural = _("site flags")

    def __str__(self) -> str:
        return self.name


class ReminderLog(models.Model):
    """提醒记录: proof that one reminder (kind + key) about one object was sent, so it is sent exactly once."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    content_object = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(max_length=40)
    key = models.CharField(
        max_length=40, blank=True, help_text="e.g. the due date or period the reminder is about"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "kind", "key"], name="reminder_once")
        ]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")

    def __str__(self) -> str:
        return f"{self.kind} {self.key} {self.content_type_id}:{self.object_id}"


class DeadlineExtension(models.Model):
    """延期申请, shared by every app with deadlines: asked before the due date with a reason and a new date, decided
    by the office; both dates stay visible. A concrete model adds the foreign key to what it extends."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    reason = models.TextField(_("reason"), max_length=2000)
    current_due_date = models.DateField(_("current due date"))
    requested_due_date = models.DateField(_("requested due date"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(_("decision comment"), max_length=2000, blank=True)

    class Meta:
        abstract = True
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")

    @property
    def dates(self) -> str:
        """The due date before and the one asked for, as the timeline and the workbench show them."""
        return f"{self.current_due_date:%Y-%m-%d} → {self.requested_due_date:%Y-%m-%d}"


class CancellableQuerySet(models.QuerySet):
    def current(self):
        """The records that stand: cancelled ones stay for the audit but count nowhere."""
        return self.filter(cancelled_at__isnull=True)

    def cancelled(self):
        return self.filter(cancelled_at__isnull=False)


class Cancellable(models.Model):
    """A record entered by mistake is cancelled (作废), never deleted: it stays visible with who cancelled it, when and
    why, and leaves every count and metric (querysets use `.current()`). core.corrections.cancel_record does it."""

    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancel_reason = models.TextField(_("reason for cancelling"), max_length=2000, blank=True)

    class Meta:
        abstract = True

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None
