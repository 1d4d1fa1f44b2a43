from django.utils.translation import gettext_lazy as _

from changxiao.core.navigation import NavItem, NavSection, register_section
from changxiao.orgs.permissions import can_manage_calendar

register_section(
    NavSection(
        key="feedback",
        label=_("Citizen feedback"),
        icon="bi-chat-square-text",
        order=40,
        items=[
            NavItem(_("Feedback received"), "feedback:queue", "bi-inbox"),
            NavItem(_("Demand insight"), "feedback:insight", "bi-lightbulb"),
            NavItem(_("Demands open to social forces"), "feedback:open_demands", "bi-people"),
            # The office keeps categories, routing and deadlines (as it keeps the working-day calendar).
            NavItem(_("Feedback settings"), "feedback:settings", "bi-sliders", visible=can_manage_calendar),
        ],
    )
)
