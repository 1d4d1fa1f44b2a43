from django.contrib import admin

from changxiao.core.admin import RecordAdmin

from .models import (
    Activity,
    Certificate,
    HourRecord,
    Membership,
    PersonalDataView,
    Recognition,
    ServiceYear,
    Signup,
    StarScale,
    Team,
    Volunteer,
)


@admin.register(Team)
class TeamAdmin(RecordAdmin):
    list_display = ("name", "unit", "kind")


@admin.register(Volunteer)
class VolunteerAdmin(RecordAdmin):
    list_display = ("number", "name_masked", "phone_masked", "region", "total_minutes")
    exclude = (
        "name_encrypted",
        "id_number_encrypted",
        "id_number_digest",
        "phone_encrypted",
        "guardian_name_encrypted",
        "guardian_phone_encrypted",
    )


@admin.register(Membership)
class MembershipAdmin(RecordAdmin):
    list_display = ("team", "volunteer", "joined_at")


@admin.register(Activity)
class ActivityAdmin(RecordAdmin):
    list_display = ("title", "team", "starts_at", "state")
    exclude = ("checkin_secret",)


@admin.register(Signup)
class SignupAdmin(RecordAdmin):
    list_display = ("activity", "volunteer", "state")


@admin.register(HourRecord)
class HourRecordAdmin(RecordAdmin):
    list_display = ("volunteer", "activity", "checked_in_at", "checked_out_at", "minutes", "version")


@admin.register(ServiceYear)
class ServiceYearAdmin(RecordAdmin):
    list_display = ("volunteer", "year", "minutes", "region")


@admin.register(Certificate)
class CertificateAdmin(RecordAdmin):
    list_display = ("number", "volunteer", "unit", "state", "issued_at")


@admin.register(StarScale)
class StarScaleAdmin(RecordAdmin):
    list_display = ("owner", "one", "five", "source")


@admin.register(Recognition)
class RecognitionAdmin(RecordAdmin):
    list_display = ("volunteer", "title", "unit", "granted_on")


@admin.register(PersonalDataView)
class PersonalDataViewAdmin(RecordAdmin):
    list_display = ("volunteer", "viewer", "viewed_at", "reason")
