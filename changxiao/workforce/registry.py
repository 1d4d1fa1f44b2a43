"""The registry's answer to core.organizations: an account unit's registration, for the apps that meet an
organization through its account (the feedback channel's social-force offers, the linkage's providers)."""

from django.urls import reverse

from changxiao.core.organizations import Registration, register_lookup

from .models import SocialOrganization


@register_lookup
def registrations(unit_ids: set[int]) -> dict[int, Registration]:
    rows = SocialOrganization.objects.filter(unit_id__in=unit_ids).values_list(
        "pk", "unit_id", "name", "credit_code", "dissolved_on"
    )
    return {
        unit_id: Registration(
            unit_id, name, code, reverse("workforce:organization", args=[pk]), dissolved is None
        )
        for pk, unit_id, name, code, dissolved in rows
    }
