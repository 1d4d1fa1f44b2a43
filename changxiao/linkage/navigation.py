from django.utils.translation import gettext_lazy as _

from changxiao.core.navigation import (
    NavItem,
    NavSection,
    PublicEntry,
    register_public_entry,
    register_section,
)
from changxiao.orgs.scope import reads_jurisdiction

register_section(
    NavSection(
        key="linkage",
        label=_("Urban-rural linkage"),
        icon="bi-signpost-split",
        order=57,
        items=[
            NavItem(_("Service menu"), "linkage:menus", "bi-card-list"),
            NavItem(_("Orders"), "linkage:orders", "bi-bag-check"),
            NavItem(_("Linkage overview"), "linkage:overview", "bi-grid-3x3", visible=reads_jurisdiction),
            NavItem(_("Pairs"), "linkage:pairs", "bi-people"),
            NavItem(_("Programmes"), "linkage:programmes", "bi-stars"),
            NavItem(_("Activity calendar"), "linkage:calendar", "bi-calendar3"),
        ],
    )
)

register_public_entry(
    PublicEntry(
        label=_("Cultural activities near you"),
        description=_("What the outreach programmes bring to the towns and villages, and when."),
        url_name="public:linkage_activities",
        icon="bi-stars",
        order=60,
    )
)
