"""The answer to Django's authorization API (`user.has_perm`) for the permissions core asks.

Core knows no app, so it cannot ask orgs who may keep the working-day calendar; it asks `user.has_perm(...)` with a
named Django permission, and this backend (in AUTHENTICATION_BACKENDS) answers from the capabilities the roles are
declared with once (`orgs.choices.ROLE_CAPABILITIES`, read through `orgs.scope.get_scope`). For a permission in the
table below the capability is the whole answer: a person without it is refused even if someone ticked the permission
in the admin, so that the role stays the only thing that grants it. Every other permission is left to Django's
ModelBackend.
"""

from django.core.exceptions import PermissionDenied

from changxiao.core.deadlines import CALENDAR_PERMISSION
from changxiao.core.tasks import TASKS_PERMISSION

from .choices import Capability
from .scope import get_scope

# Django permission (app_label.codename) → the capability that grants it.
PERMISSION_CAPABILITIES: dict[str, str] = {
    # The working-day calendar is national: the leading-group office keeps it.
    CALENDAR_PERMISSION: Capability.RUN_OFFICE,
    # The background-work page (core:tasks): the office watches what the platform does by itself.
    TASKS_PERMISSION: Capability.RUN_OFFICE,
}


class CapabilityBackend:
    """Authorizes the permissions of PERMISSION_CAPABILITIES by capability; authenticates nobody.

    Not a BaseBackend: it has no `get_user`, so Django never takes it for the backend that keeps a session (a forced
    login picks the first backend that has one), as axes' backend does not either."""

    def authenticate(self, request, **credentials) -> None:
        return None

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        capability = PERMISSION_CAPABILITIES.get(perm)
        if capability is None or obj is not None:
            return False
        if get_scope(user_obj).can(capability):
            return True
        # Stops Django from asking the next backends: the capability decides alone.
        raise PermissionDenied

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if obj is not None:
            return set()
        scope = get_scope(user_obj)
        return {perm for perm, capability in PERMISSION_CAPABILITIES.items() if scope.can(capability)}
