"""Public evaluation in the admin: looked up by the system administrator, changed only by the steps.

A published questionnaire version never changes (its responses keep the version they answered), a campaign is kept by
its jurisdiction's office, responses are anonymous and only ever included in or left out of the index by the office's
review: an edit here would break one of those, so every model is read-only (core.admin.RecordAdmin)."""

from django.contrib import admin

from changxiao.core.admin import RecordAdmin

from .models import Campaign, CampaignTarget, IndexTally, Question, Questionnaire, Response, Section


@admin.register(Questionnaire)
class QuestionnaireAdmin(RecordAdmin):
    list_display = ["code", "version", "title", "owner", "published_at"]
    search_fields = ["code", "title"]


@admin.register(Section)
class SectionAdmin(RecordAdmin):
    list_display = ["questionnaire", "position", "title"]


@admin.register(Question)
class QuestionAdmin(RecordAdmin):
    list_display = ["questionnaire", "code", "kind", "dimension", "required"]
    list_filter = ["kind"]


@admin.register(Campaign)
class CampaignAdmin(RecordAdmin):
    list_display = [
        "title",
        "region",
        "questionnaire",
        "starts_on",
        "ends_on",
        "quota",
        "results_published_at",
    ]
    search_fields = ["title"]


@admin.register(CampaignTarget)
class CampaignTargetAdmin(RecordAdmin):
    list_display = ["campaign", "label", "region", "venue", "token"]


@admin.register(Response)
class ResponseAdmin(RecordAdmin):
    # A campaign may hold millions of responses: no count of them all on the page, no date hierarchy.
    list_display = ["submitted_at", "campaign", "target", "region", "venue", "suspicious", "included"]
    list_filter = ["suspicious"]
    show_full_result_count = False


@admin.register(IndexTally)
class IndexTallyAdmin(RecordAdmin):
    list_display = ["campaign", "region", "venue", "month", "dimension", "n"]
