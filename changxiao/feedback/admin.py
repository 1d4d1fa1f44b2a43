"""Citizen feedback in the admin: looked up by the system administrator, changed only by the steps.

An item is routed, answered, transferred, rated and escalated by the steps of services.py, each checking who acts and
writing the timeline the citizen's tracking page is drawn from; categories, routing rules and deadline policies are
each jurisdiction's settings, kept by its office on the settings pages. An edit here would skip those checks, so every
model is read-only (core.admin.RecordAdmin). The citizen's phone number is never shown here: only its masked form."""

from django.contrib import admin

from changxiao.core.admin import RecordAdmin

from .models import (
    Category,
    DeadlinePolicy,
    Evaluation,
    FeedbackItem,
    PhoneView,
    Reply,
    RoutingRule,
    SocialOffer,
    SupervisionOutcome,
    TransferRequest,
)


@admin.register(Category)
class CategoryAdmin(RecordAdmin):
    list_display = ["name", "owner", "sort_order", "is_active"]
    list_filter = ["is_active"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(RecordAdmin):
    list_display = ["owner", "category", "region", "venue", "unit"]


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(RecordAdmin):
    list_display = ["owner", "kind", "acknowledge_workdays", "answer_workdays"]


@admin.register(FeedbackItem)
class FeedbackItemAdmin(RecordAdmin):
    list_display = ["code", "kind", "category", "region", "unit", "state", "answer_due", "submitted_at"]
    list_filter = ["state", "kind", "source"]
    search_fields = ["code", "hotline_order_no"]
    exclude = ["phone_encrypted"]


@admin.register(Reply)
class ReplyAdmin(RecordAdmin):
    list_display = ["item", "unit", "author", "is_public", "created_at"]


@admin.register(SupervisionOutcome)
class SupervisionOutcomeAdmin(RecordAdmin):
    list_display = ["item", "finding_ref", "outcome", "decided_on", "unit_name", "told_at"]
    list_filter = ["outcome"]


@admin.register(Evaluation)
class EvaluationAdmin(RecordAdmin):
    list_display = ["item", "rating", "outcome", "created_at"]
    list_filter = ["rating"]


@admin.register(TransferRequest)
class TransferRequestAdmin(RecordAdmin):
    list_display = ["item", "from_unit", "suggested_unit", "state", "requested_by", "decided_by"]
    list_filter = ["state"]


@admin.register(PhoneView)
class PhoneViewAdmin(RecordAdmin):
    list_display = ["viewed_at", "item", "viewer"]


@admin.register(SocialOffer)
class SocialOfferAdmin(RecordAdmin):
    list_display = ["item", "unit", "state", "offered_by", "offered_at"]
    list_filter = ["state"]
