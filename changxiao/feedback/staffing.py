"""The feedback channel's answer to core.volunteer_teams the other way round: the social-force offers a volunteer team
staffs, for the team's page."""

from django.utils import timezone
from django.utils.translation import gettext as _

from changxiao.core.volunteer_teams import StaffedWork, register_staffing

from .models import SocialOffer


@register_staffing
def offers_staffed(team_id: int) -> list[StaffedWork]:
    offers = (
        SocialOffer.objects.filter(staffing_team_id=team_id)
        .select_related("item__category")
        .order_by("-offered_at", "-pk")[:100]
    )
    return [
        StaffedWork(
            kind=_("Offer to meet a citizen's demand"),
            label=f"{offer.item.code} · {offer.item.category.name} · {offer.get_state_display()}",
            url=offer.item.get_absolute_url(),
            on=timezone.localdate(offer.offered_at),
        )
        for offer in offers
    ]
