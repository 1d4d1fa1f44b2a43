"""The linkage's answer to core.volunteer_teams the other way round: the deliveries a volunteer team staffs, for the
team's page."""

from django.utils.translation import gettext as _

from changxiao.core.volunteer_teams import StaffedWork, register_staffing

from .models import Order


@register_staffing
def deliveries_staffed(team_id: int) -> list[StaffedWork]:
    orders = (
        Order.objects.filter(staffing_team_id=team_id)
        .select_related("offering", "unit")
        .order_by("-scheduled_on", "-pk")[:100]
    )
    return [
        StaffedWork(
            kind=_("Delivery to a village"),
            label=f"{order.code} · {order.offering.title} → {order.unit.name} · {order.get_state_display()}",
            url=order.get_absolute_url(),
            on=order.delivered_on or order.scheduled_on,
        )
        for order in orders
    ]
