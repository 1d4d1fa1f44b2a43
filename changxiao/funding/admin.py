"""The funding guarantees in the admin: looked up by the system administrator, changed only by the steps (figures
are entered and revised with their reasons, rules re-checked, findings opened), so every model is read-only."""

from django.contrib import admin

from changxiao.core.admin import RecordAdmin

from .models import (
    AdMinimum,
    AdReport,
    FiscalPublication,
    FiscalRecord,
    FiscalReporter,
    FundingRule,
    ProvincialAverage,
    RuleCheck,
)


@admin.register(FiscalReporter)
class FiscalReporterAdmin(RecordAdmin):
    list_display = ["owner", "unit", "designated_at"]


@admin.register(FiscalRecord)
class FiscalRecordAdmin(RecordAdmin):
    list_display = [
        "region",
        "year",
        "stage",
        "version",
        "culture_spending",
        "regular_revenue",
        "superseded_at",
    ]
    list_filter = ["stage"]


@admin.register(ProvincialAverage)
class ProvincialAverageAdmin(RecordAdmin):
    list_display = ["province", "year", "per_capita", "source", "superseded_at"]


@admin.register(FundingRule)
class FundingRuleAdmin(RecordAdmin):
    list_display = ["owner", "code", "name", "kind", "comparator", "window", "stage", "is_active"]


@admin.register(RuleCheck)
class RuleCheckAdmin(RecordAdmin):
    list_display = ["rule", "region", "year", "state", "finding_reference", "checked_at"]
    list_filter = ["state"]


@admin.register(FiscalPublication)
class FiscalPublicationAdmin(RecordAdmin):
    list_display = ["region", "year", "published_at", "withdrawn_at"]


@admin.register(AdMinimum)
class AdMinimumAdmin(RecordAdmin):
    list_display = ["owner", "medium", "minimum_percent", "source"]


@admin.register(AdReport)
class AdReportAdmin(RecordAdmin):
    list_display = ["unit", "medium", "channel", "period_start", "period_end", "total", "public_welfare"]
