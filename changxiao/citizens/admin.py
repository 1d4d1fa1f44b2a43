from django.contrib import admin

from changxiao.core.admin import RecordAdmin

from .models import Citizen


@admin.register(Citizen)
class CitizenAdmin(RecordAdmin):
    list_display = ("phone_masked", "created_at", "last_signed_in_at", "is_active")
    exclude = ("phone_encrypted", "phone_digest")
