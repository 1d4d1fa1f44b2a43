"""The volunteers' answer to core.volunteer_teams: the teams of account units, for the apps whose work a team can
staff (the linkage's deliveries, the feedback channel's social-force offers)."""

from django.urls import reverse

from changxiao.core.volunteer_teams import TeamRef, register_lookup

from .models import Team


@register_lookup
def teams(unit_ids: set[int]) -> list[TeamRef]:
    rows = (
        Team.objects.filter(unit_id__in=unit_ids).order_by("name", "pk").values_list("pk", "unit_id", "name")
    )
    return [TeamRef(pk, unit_id, name, reverse("volunteers:team", args=[pk])) for pk, unit_id, name in rows]
