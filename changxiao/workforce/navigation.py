from django.utils.translation import gettext_lazy as _

from changxiao.core.navigation import NavItem, NavSection, register_section
from changxiao.orgs.owned import keeps_settings

register_section(
    NavSection(
        key="workforce",
        label=_("Workforce"),
        icon="bi-person-badge",
        order=55,
        items=[
            NavItem(_("Staff and certificates"), "workforce:overview", "bi-people"),
            NavItem(_("Training"), "workforce:sessions", "bi-mortarboard"),
            NavItem(_("Social organizations"), "workforce:organizations", "bi-diagram-3"),
            # The office keeps the certificate kinds and which roles require them.
            NavItem(
                _("Certification settings"),
                "workforce:settings",
                "bi-sliders",
                visible=keeps_settings,
            ),
        ],
    )
)
