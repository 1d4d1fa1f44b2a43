from django.utils.translation import gettext_lazy as _

from changxiao.core.navigation import NavItem, NavSection, register_section

register_section(
    NavSection(
        key="feedback",
        label=_("Citizen feedback"),
        icon="bi-chat-square-text",
        order=40,
        items=[NavItem(_("Feedback received"), "feedback:queue", "bi-inbox")],
    )
)
