from django.utils.translation import gettext_lazy as _

from changxiao.core.navigation import (
    NavItem,
    NavSection,
    PublicEntry,
    register_public_entry,
    register_section,
)

register_section(
    NavSection(
        key="assessment",
        label=_("Assessment"),
        icon="bi-award",
        order=50,
        items=[
            NavItem(_("Assessment rounds"), "assessment:round_list", "bi-clipboard-data"),
            NavItem(_("Indicator sets"), "assessment:set_list", "bi-list-ol"),
            NavItem(_("Commendations"), "assessment:honour_list_index", "bi-trophy"),
        ],
    )
)

register_public_entry(
    PublicEntry(
        label=_("Assessment results"),
        description=_("The annual assessment's results announced for objections, and those published."),
        url_name="public:assessment_results",
        icon="bi-award",
        order=60,
    )
)
register_public_entry(
    PublicEntry(
        label=_("Honour lists"),
        description=_("Collectives, individuals, teams and innovative practices commended."),
        url_name="public:honours_index",
        icon="bi-trophy",
        order=65,
    )
)
