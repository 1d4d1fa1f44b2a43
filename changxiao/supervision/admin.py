"""Supervision in the admin: looked up by the system administrator, changed only by the steps.

A finding is closed by a verified rectification or the office's decision, a bulletin is issued, published, corrected
or withdrawn with a reason, accountability is cancelled with a reason, the escalation ladder is each jurisdiction's
setting kept by its office: an edit here would skip the check of who decides and the timeline, so every model is
read-only (core.admin.RecordAdmin)."""

from django.contrib import admin

from changxiao.core.admin import RecordAdmin

from .models import (
    Accountability,
    Bulletin,
    BulletinRevision,
    EscalationPolicy,
    EscalationStep,
    Finding,
    FindingExtension,
    Inspection,
    Rectification,
)


@admin.register(Inspection)
class InspectionAdmin(RecordAdmin):
    list_display = ["date", "title", "kind", "region", "created_by", "cancelled_at"]
    list_filter = ["kind"]
    search_fields = ["title", "observers"]
    date_hierarchy = "date"


@admin.register(Finding)
class FindingAdmin(RecordAdmin):
    list_display = ["inspection", "number", "severity", "lead_unit", "due_date", "state", "source"]
    list_filter = ["state", "severity", "source"]
    search_fields = ["description", "place", "source_ref"]


@admin.register(Rectification)
class RectificationAdmin(RecordAdmin):
    list_display = ["finding", "state", "submitted_by", "submitted_at", "reviewed_by", "reviewed_at"]
    list_filter = ["state"]


@admin.register(FindingExtension)
class FindingExtensionAdmin(RecordAdmin):
    list_display = [
        "finding",
        "current_due_date",
        "requested_due_date",
        "state",
        "requested_by",
        "decided_by",
    ]
    list_filter = ["state"]


@admin.register(EscalationPolicy)
class EscalationPolicyAdmin(RecordAdmin):
    list_display = [
        "region",
        "remind_workdays_before",
        "bulletin_after_workdays",
        "accountability_after_workdays",
        "updated_by",
        "updated_at",
    ]


@admin.register(EscalationStep)
class EscalationStepAdmin(RecordAdmin):
    list_display = ["finding", "level", "due_date", "reached_on"]
    list_filter = ["level"]


@admin.register(Accountability)
class AccountabilityAdmin(RecordAdmin):
    list_display = ["decided_on", "region", "unit", "person_name", "ground", "measure", "cancelled_at"]
    list_filter = ["ground", "measure"]
    search_fields = ["person_name", "ground_detail"]


@admin.register(Bulletin)
class BulletinAdmin(RecordAdmin):
    list_display = ["number", "title", "region", "state", "is_public", "issued_at", "published_at", "version"]
    list_filter = ["state", "is_public"]
    search_fields = ["number", "title"]


@admin.register(BulletinRevision)
class BulletinRevisionAdmin(RecordAdmin):
    list_display = ["bulletin", "version", "number", "corrected_by", "corrected_at"]
