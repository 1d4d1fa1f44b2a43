from django.contrib import admin

from .deadlines import clear_calendar_cache
from .models import Attachment, CalendarDay, ExportJob, Notification, SiteFlag, TimelineEvent


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
class TimelineEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "content_type", "object_id", "verb", "actor"]
    list_filter = ["verb", "content_type"]
    readonly_fields = [f.name for f in TimelineEvent._meta.fields]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "content_type", "object_id", "size", "uploaded_by", "uploaded_at"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "title", "read_at", "emailed_at"]


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ["created_at", "owner", "export_name", "state", "done_rows", "total_rows"]


admin.site.register(SiteFlag)
