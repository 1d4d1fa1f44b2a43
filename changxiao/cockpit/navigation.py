from django.utils.translation import gettext_lazy as _

from changxiao.core.navigation import NavItem, NavSection, register_section
from changxiao.core.tasks import can_see_tasks
from changxiao.orgs.permissions import can_manage_api_tokens, can_manage_calendar

from .permissions import can_view_cockpit

register_section(
    NavSection(
        key="workbench",
        label=_("Workbench"),
        icon="bi-speedometer2",
        order=0,
        items=[
            NavItem(_("My to-dos"), "cockpit:workbench", "bi-list-check"),
            NavItem(_("Notifications"), "core:inbox", "bi-bell"),
            NavItem(_("Metrics"), "cockpit:metrics", "bi-graph-up"),
            NavItem(_("Leaders' cockpit"), "cockpit:cockpit", "bi-display", visible=can_view_cockpit),
            NavItem(_("Meeting snapshots"), "cockpit:snapshot_list", "bi-camera", visible=can_view_cockpit),
            NavItem(
                _("Annual report"), "cockpit:report_list", "bi-file-earmark-word", visible=can_view_cockpit
            ),
        ],
    )
)

register_section(
    NavSection(
        key="orgs",
        label=_("Organization"),
        icon="bi-diagram-3",
        order=10,
        items=[
            NavItem(_("Regions"), "orgs:region_list", "bi-geo-alt"),
            NavItem(_("Units"), "orgs:unit_list", "bi-building"),
            NavItem(_("People"), "orgs:people_list", "bi-people"),
            NavItem(
                _("API tokens"), "orgs:token_list", "bi-key", visible=lambda user: can_manage_api_tokens(user)
            ),
        ],
    )
)

register_section(
    NavSection(
        key="settings",
        label=_("Settings"),
        icon="bi-gear",
        order=900,
        items=[
            NavItem(_("Working-day calendar"), "core:calendar", "bi-calendar3", visible=can_manage_calendar),
            NavItem(_("Background work"), "core:tasks", "bi-hourglass-split", visible=can_see_tasks),
        ],
    )
)
