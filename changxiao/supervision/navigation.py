from django.utils.translation import gettext_lazy as _

from changxiao.core.navigation import (
    NavItem,
    NavSection,
    PublicEntry,
    register_public_entry,
    register_section,
)
from changxiao.orgs.permissions import can_manage_organization

register_section(
    NavSection(
        key="supervision",
        label=_("Supervision"),
        icon="bi-clipboard-check",
        order=30,
        items=[
            NavItem(_("Inspections"), "supervision:inspection_list", "bi-search"),
            NavItem(_("Findings"), "supervision:finding_list", "bi-exclamation-triangle"),
            NavItem(_("My unit's findings"), "supervision:my_findings", "bi-tools"),
            NavItem(_("Statistics"), "supervision:statistics", "bi-bar-chart"),
            NavItem(_("Bulletins"), "supervision:bulletin_list", "bi-megaphone"),
            NavItem(_("Accountability"), "supervision:accountability_list", "bi-person-exclamation"),
            NavItem(
                _("Escalation policy"),
                "supervision:escalation_policy",
                "bi-ladder",
                visible=can_manage_organization,
            ),
        ],
    )
)

register_public_entry(
    PublicEntry(
        label=_("Supervision bulletins"),
        description=_(
            "What inspections of public cultural services found, who must put it right, and how it was rectified."
        ),
        url_name="public:public_bulletin_list",
        icon="bi-megaphone",
        order=40,
    )
)
