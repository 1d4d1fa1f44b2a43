from django.utils.translation import gettext_lazy as _

from changxiao.core.navigation import (
    NavItem,
    NavSection,
    PublicEntry,
    register_public_entry,
    register_section,
)
from changxiao.orgs.owned import keeps_settings

from .permissions import fiscal_regions, reporting_units


def _reads_figures(user) -> bool:
    return fiscal_regions(user).exists()


def _sees_resources(user) -> bool:
    from changxiao.orgs.scope import reads_jurisdiction

    return reads_jurisdiction(user) or reporting_units(user).exists()


register_section(
    NavSection(
        key="funding",
        label=_("Funding and publicity resources"),
        icon="bi-cash-coin",
        order=57,
        items=[
            NavItem(
                _("Funding rules by jurisdiction"), "funding:overview", "bi-table", visible=_reads_figures
            ),
            NavItem(_("Publicity resources"), "funding:resources", "bi-megaphone", visible=_sees_resources),
            NavItem(_("Funding settings"), "funding:settings", "bi-sliders", visible=keeps_settings),
        ],
    )
)

register_public_entry(
    PublicEntry(
        label=_("Public culture funding"),
        description=_(
            "The fiscal figures of public culture each jurisdiction's office has published, with the rules checked."
        ),
        url_name="public:funding_public",
        icon="bi-cash-coin",
        order=70,
    )
)
