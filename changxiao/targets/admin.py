"""Target responsibility in the admin: looked up by the system administrator, changed only by the steps.

Plans, tasks, reports, completions and implementation plans move through reviews (a report accepted or returned, a
completion decided by someone other than who asked); an edit here would skip the review and the timeline, so every
model is read-only (core.admin.RecordAdmin)."""

from django.contrib import admin

from changxiao.core.admin import RecordAdmin

from .models import (
    CompletionRequest,
    ExtensionRequest,
    ImplementationPlan,
    ImplementationPlanVersion,
    KeyMeasure,
    Milestone,
    ProgressEntry,
    ProgressReport,
    ReportContribution,
    Task,
    WorkPlan,
)


@admin.register(WorkPlan)
class WorkPlanAdmin(RecordAdmin):
    list_display = ["year", "title", "region", "report_schedule", "cancelled_at"]
    list_filter = ["year", "report_schedule"]
    search_fields = ["title", "source_document"]


@admin.register(Task)
class TaskAdmin(RecordAdmin):
    list_display = ["number", "title", "plan", "lead_unit", "due_date", "status", "percent"]
    list_filter = ["status", "mechanism"]
    search_fields = ["number", "title"]


@admin.register(Milestone)
class MilestoneAdmin(RecordAdmin):
    list_display = ["title", "task", "due_date", "done_on"]


@admin.register(ProgressEntry)
class ProgressEntryAdmin(RecordAdmin):
    list_display = ["created_at", "task", "percent", "status", "source", "created_by"]
    list_filter = ["status", "source"]


@admin.register(ProgressReport)
class ProgressReportAdmin(RecordAdmin):
    list_display = ["task", "period", "percent", "state", "submitted_by", "submitted_at", "reviewed_by"]
    list_filter = ["state"]


@admin.register(ReportContribution)
class ReportContributionAdmin(RecordAdmin):
    list_display = ["report", "unit", "created_by", "created_at"]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(RecordAdmin):
    list_display = ["task", "current_due_date", "requested_due_date", "state", "requested_by", "decided_by"]
    list_filter = ["state"]


@admin.register(CompletionRequest)
class CompletionRequestAdmin(RecordAdmin):
    list_display = ["task", "state", "requested_by", "requested_at", "decided_by", "decided_at"]
    list_filter = ["state"]


@admin.register(ImplementationPlan)
class ImplementationPlanAdmin(RecordAdmin):
    list_display = ["work_plan", "unit", "state", "first_submitted_on", "on_time"]
    list_filter = ["state"]


@admin.register(ImplementationPlanVersion)
class ImplementationPlanVersionAdmin(RecordAdmin):
    list_display = ["implementation_plan", "number", "title", "state", "submitted_by", "submitted_at"]
    list_filter = ["state"]


@admin.register(KeyMeasure)
class KeyMeasureAdmin(RecordAdmin):
    list_display = ["version", "position", "text", "task", "due_date"]
