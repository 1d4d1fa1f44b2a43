from django.utils.translation import gettext_lazy as _

from changxiao.core.navigation import (
    NavItem,
    NavSection,
    PublicEntry,
    register_public_entry,
    register_section,
)
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

register_public_entry(
    PublicEntry(
        label=_("Tell us what you need"),
        description=_(
            "A demand, a suggestion, a complaint or praise about a library, a museum, a culture centre or an "
            "activity: the responsible unit must answer within a set time, and you get a tracking code."
        ),
        url_name="public:feedback_submit",
        icon="bi-chat-square-text",
        order=10,
    )
)
register_public_entry(
    PublicEntry(
        label=_("Track a message"),
        description=_(
            "Enter your tracking code to read the answers to your message and say whether you are satisfied."
        ),
        url_name="public:feedback_lookup",
        icon="bi-search",
        order=20,
    )
)
