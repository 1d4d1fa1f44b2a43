from django.utils.translation import gettext_lazy as _

from changxiao.core.navigation import NavItem, NavSection, register_section

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
