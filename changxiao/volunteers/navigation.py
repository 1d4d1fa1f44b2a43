from django.utils.translation import gettext_lazy as _

from changxiao.core.navigation import (
    NavItem,
    NavSection,
    PublicEntry,
    register_public_entry,
    register_section,
)
from changxiao.orgs.owned import keeps_settings

register_section(
    NavSection(
        key="volunteers",
        label=_("Culture volunteers"),
        icon="bi-heart",
        order=56,
        items=[
            NavItem(_("Teams and activities"), "volunteers:overview", "bi-people"),
            NavItem(_("Volunteers"), "volunteers:volunteers", "bi-person-vcard"),
            NavItem(_("Certificates"), "volunteers:certificates", "bi-award"),
            NavItem(_("Rankings"), "volunteers:rankings", "bi-bar-chart"),
            NavItem(_("Star levels"), "volunteers:settings", "bi-stars", visible=keeps_settings),
        ],
    )
)
register_public_entry(
    PublicEntry(
        label=_("Culture volunteers"),
        description=_("Sign up for activities, check in, see your hours and certificates"),
        url_name="public:volunteers_home",
        icon="bi-heart",
        order=40,
    )
)
