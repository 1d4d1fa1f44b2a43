"""The portal in the admin: read-only (core.admin.RecordAdmin); every change goes through the steps of services.py."""

from django.contrib import admin

from changxiao.core.admin import RecordAdmin

from .models import Activity, Booking, Closure, Facility, OpeningRule, RuleBreach, Schedule


@admin.register(Facility)
class FacilityAdmin(RecordAdmin):
    list_display = ["name", "kind", "level", "region", "unit", "is_published"]


@admin.register(Schedule)
class ScheduleAdmin(RecordAdmin):
    list_display = ["facility", "kind", "weekday", "opens", "closes", "valid_from", "valid_to"]


@admin.register(Closure)
class ClosureAdmin(RecordAdmin):
    list_display = ["facility", "starts_on", "ends_on", "announced_on", "emergency_reason"]


@admin.register(OpeningRule)
class OpeningRuleAdmin(RecordAdmin):
    list_display = ["rule", "facility_kind", "level", "value", "owner", "source", "verified"]


@admin.register(RuleBreach)
class RuleBreachAdmin(RecordAdmin):
    list_display = ["facility", "rule", "state", "found_on"]


@admin.register(Activity)
class ActivityAdmin(RecordAdmin):
    list_display = ["title", "facility", "kind", "starts_at", "capacity", "attendance"]


@admin.register(Booking)
class BookingAdmin(RecordAdmin):
    list_display = ["activity", "citizen_masked", "state", "created_at"]
