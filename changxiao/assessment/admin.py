"""The assessment in the admin: looked up by the system administrator, changed only by the steps.

A round advances through its phases with a confirmation, a self-report is scored by a reviewer other than its unit,
an objection is answered, honours are decided and published; indicator sets are versioned and owned by a jurisdiction.
An edit here would skip the review and the timeline (a score changed after 公示), so every model is read-only
(core.admin.RecordAdmin)."""

from django.contrib import admin

from changxiao.core.admin import RecordAdmin

from .models import (
    AssessmentRound,
    HonourList,
    Indicator,
    IndicatorCategory,
    IndicatorSet,
    Nomination,
    Objection,
    Participant,
    Submission,
)


@admin.register(IndicatorSet)
class IndicatorSetAdmin(RecordAdmin):
    list_display = ["code", "version", "name", "owner", "created_at"]
    search_fields = ["code", "name"]


@admin.register(IndicatorCategory)
class IndicatorCategoryAdmin(RecordAdmin):
    list_display = ["indicator_set", "code", "name", "parent", "position"]


@admin.register(Indicator)
class IndicatorAdmin(RecordAdmin):
    list_display = [
        "indicator_set",
        "code",
        "name",
        "data_type",
        "scoring",
        "max_points",
        "source",
        "metric_code",
    ]
    list_filter = ["data_type", "scoring", "source"]
    search_fields = ["code", "name", "metric_code"]


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(RecordAdmin):
    list_display = ["year", "title", "region", "indicator_set", "phase", "cancelled_at"]
    list_filter = ["phase", "year"]


@admin.register(Participant)
class ParticipantAdmin(RecordAdmin):
    list_display = [
        "assessment_round",
        "unit",
        "self_report_state",
        "final_total",
        "final_grade",
        "final_rank",
    ]
    list_filter = ["self_report_state", "final_grade"]


@admin.register(Submission)
class SubmissionAdmin(RecordAdmin):
    list_display = ["participant", "indicator", "value", "self_points", "reviewer_points", "reviewed_by"]


@admin.register(Objection)
class ObjectionAdmin(RecordAdmin):
    list_display = ["assessment_round", "participant", "filed_at", "answered_by", "answered_at"]


@admin.register(HonourList)
class HonourListAdmin(RecordAdmin):
    list_display = ["year", "title", "region", "nominations_due", "published_at"]


@admin.register(Nomination)
class NominationAdmin(RecordAdmin):
    list_display = ["honour_list", "unit", "kind", "nominee", "state", "submitted_by", "submitted_at"]
    list_filter = ["state", "kind"]
