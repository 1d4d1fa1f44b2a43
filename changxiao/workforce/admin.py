"""The workforce in the admin: looked up by the system administrator, changed only by the steps.

A practitioner is registered, posted, moved and certified by the steps of services.py, each checking who acts and
writing the timeline; certificate kinds and requirements are each jurisdiction's settings, kept by its office. An edit
here would skip those checks, so every model is read-only (core.admin.RecordAdmin). Personal data is shown masked."""

from django.contrib import admin

from changxiao.core.admin import RecordAdmin

from .models import (
    Attendance,
    Certificate,
    CertificateKind,
    CertificateRequirement,
    OrganizationMember,
    PersonalDataView,
    Post,
    Practitioner,
    SocialOrganization,
    StaffingStandard,
    TrainingSession,
    TrainingStandard,
)


@admin.register(CertificateKind)
class CertificateKindAdmin(RecordAdmin):
    list_display = ["name", "owner", "issuer", "is_active"]


@admin.register(CertificateRequirement)
class CertificateRequirementAdmin(RecordAdmin):
    list_display = ["owner", "role", "kind", "source"]


@admin.register(Practitioner)
class PractitionerAdmin(RecordAdmin):
    list_display = ["name_masked", "id_number_masked", "phone_masked", "created_at"]
    exclude = ["name_encrypted", "id_number_encrypted", "phone_encrypted", "id_number_digest"]


@admin.register(Post)
class PostAdmin(RecordAdmin):
    list_display = ["practitioner", "unit", "kind", "role", "start", "end", "cancelled_at"]
    list_filter = ["kind", "role"]


@admin.register(Certificate)
class CertificateAdmin(RecordAdmin):
    list_display = ["practitioner", "kind", "number", "issued_on", "expires_on", "cancelled_at"]


@admin.register(PersonalDataView)
class PersonalDataViewAdmin(RecordAdmin):
    list_display = ["practitioner", "viewer", "viewed_at"]


@admin.register(TrainingStandard)
class TrainingStandardAdmin(RecordAdmin):
    list_display = ["owner", "tier", "days", "source", "verified"]


@admin.register(StaffingStandard)
class StaffingStandardAdmin(RecordAdmin):
    list_display = ["owner", "facility", "post_kind", "population_from", "posts", "source", "verified"]


@admin.register(TrainingSession)
class TrainingSessionAdmin(RecordAdmin):
    list_display = ["title", "organizer", "level", "start", "end", "days", "cancelled_at"]


@admin.register(Attendance)
class AttendanceAdmin(RecordAdmin):
    list_display = ["session", "practitioner", "days"]


@admin.register(SocialOrganization)
class SocialOrganizationAdmin(RecordAdmin):
    list_display = ["name", "credit_code", "code_checked", "kind", "field", "region", "registered_on"]
    search_fields = ["name", "credit_code"]


@admin.register(OrganizationMember)
class OrganizationMemberAdmin(RecordAdmin):
    list_display = ["organization", "name", "joined_on"]
