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
        key="portal",
        label=_("Public portal"),
        icon="bi-globe2",
        order=70,
        items=[
            NavItem(_("Facility directory"), "portal:facilities", "bi-building"),
            NavItem(_("Opening rule breaches"), "portal:breaches", "bi-flag"),
            NavItem(_("Opening rules"), "portal:rules", "bi-journal-check", visible=keeps_settings),
        ],
    )
)

register_public_entry(
    PublicEntry(
        label=_("Facility directory"),
        description=_(
            "Libraries, museums, culture centres and village rooms: where they are, when they are open."
        ),
        url_name="public:portal_directory",
        icon="bi-building",
        order=10,
    )
)
register_public_entry(
    PublicEntry(
        label=_("Activity calendar"),
        description=_(
            "Lectures, performances, exhibitions and classes: book a place, subscribe in your calendar app."
        ),
        url_name="public:portal_calendar",
        icon="bi-calendar-event",
        order=11,
    )
)
