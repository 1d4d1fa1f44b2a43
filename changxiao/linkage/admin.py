from django.contrib import admin

from changxiao.core.admin import RecordAdmin

from .models import (
    Menu,
    Offering,
    Order,
    OutreachActivity,
    Pair,
    PairActivity,
    Programme,
    Quota,
    ResidentRating,
)


@admin.register(Menu)
class MenuAdmin(RecordAdmin):
    list_display = ("title", "region", "year", "state")
    list_filter = ("state", "year")


@admin.register(Offering)
class OfferingAdmin(RecordAdmin):
    list_display = ("title", "provider", "kind", "state", "places", "places_taken")
    list_filter = ("state", "kind")
    search_fields = ("title",)


@admin.register(Quota)
class QuotaAdmin(RecordAdmin):
    list_display = ("menu", "unit", "places", "used")


@admin.register(Order)
class OrderAdmin(RecordAdmin):
    list_display = ("code", "offering", "unit", "state", "reply_due")
    list_filter = ("state", "year")
    search_fields = ("code",)


@admin.register(ResidentRating)
class ResidentRatingAdmin(RecordAdmin):
    list_display = ("order", "score", "created_at")


@admin.register(Pair)
class PairAdmin(RecordAdmin):
    list_display = ("supporter", "supported", "year", "state")
    list_filter = ("state", "year")


@admin.register(PairActivity)
class PairActivityAdmin(RecordAdmin):
    list_display = ("title", "pair", "held_on", "confirmed_on")


@admin.register(Programme)
class ProgrammeAdmin(RecordAdmin):
    list_display = ("name", "owner", "is_active")


@admin.register(OutreachActivity)
class OutreachActivityAdmin(RecordAdmin):
    list_display = ("title", "programme", "region", "held_on")
    list_filter = ("programme",)
