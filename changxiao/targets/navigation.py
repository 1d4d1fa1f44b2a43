from django.utils.translation import gettext_lazy as _

from changxiao.core.navigation import NavItem, NavSection, register_section

register_section(
    NavSection(
        key="targets",
        label=_("Target responsibility"),
        icon="bi-bullseye",
        order=20,
        items=[
            NavItem(_("Work plans"), "targets:plan_list", "bi-journal-text"),
            NavItem(_("My unit's tasks"), "targets:my_tasks", "bi-check2-square"),
        ],
    )
)
