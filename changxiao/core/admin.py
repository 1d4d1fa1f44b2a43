from django.contrib import admin

from .deadlines import clear_calendar_cache
from .models import Attachment, CalendarDay, ExportJob, Notification, ReminderLog, SiteFlag, TimelineEvent


class RecordAdmin(admin.ModelAdmin):
    """A record written by the platform's steps, shown to the system administrator read-only.

    Each step checks who may take it, moves the record through its state machine and writes the timeline; an edit
    here would skip all three (a finding closed without its verification, a self-report scored by no reviewer, a
    questionnaire changed under its responses). The administrator looks records up here; a mistaken one is
    corrected on its page, with a reason on the timeline."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "name"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        clear_calendar_cache()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        clear_calendar_cache()


@admin.register(TimelineEvent)
class TimelineEventAdmin(RecordAdmin):
    """The accountability record itself: nothing an audit would ask for is changed or deleted."""

    list_display = ["created_at", "content_type", "object_id", "verb", "actor"]
    list_filter = ["verb", "content_type"]


@admin.register(Attachment)
class AttachmentAdmin(RecordAdmin):
    """Evidence of a step: replacing or deleting it would change what was submitted and verified."""

    list_display = ["original_name", "content_type", "object_id", "size", "uploaded_by", "uploaded_at"]
    search_fields = ["original_name", "sha256"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "title", "read_at", "emailed_at"]


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ["created_at", "owner", "export_name", "state", "done_rows", "total_rows"]


@admin.register(ReminderLog)
class ReminderLogAdmin(RecordAdmin):
    """The guard that sends each reminder once: a row removed here would send it again."""

    list_display = ["sent_at", "kind", "key", "content_type", "object_id"]
    list_filter = ["kind"]


admin.site.register(SiteFlag)
