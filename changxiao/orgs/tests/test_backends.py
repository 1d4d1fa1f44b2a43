"""orgs.backends.CapabilityBackend: the permissions core asks through Django's authorization API (it knows no roles)
are answered from the roles' capabilities, and from nothing else."""

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, Permission
from django.urls import reverse

from changxiao.core.deadlines import CALENDAR_PERMISSION, can_keep_calendar
from changxiao.orgs.backends import PERMISSION_CAPABILITIES, CapabilityBackend
from changxiao.orgs.choices import ROLE_CAPABILITIES, Capability
from changxiao.orgs.models import User


def _fresh(user) -> User:
    """The person as the next request loads them: no permission or scope cached from an earlier check."""
    return User.objects.get(pk=user.pk)


def test_the_backend_is_asked_before_djangos_own():
    backends = settings.AUTHENTICATION_BACKENDS
    ours = backends.index("changxiao.orgs.backends.CapabilityBackend")
    assert ours < backends.index("django.contrib.auth.backends.ModelBackend")


def test_every_permission_core_asks_is_answered_by_a_declared_capability():
    assert CALENDAR_PERMISSION in PERMISSION_CAPABILITIES
    for capability in PERMISSION_CAPABILITIES.values():
        assert capability in Capability.values
        # A capability no role holds would grant the permission to superusers only: a slip, not a rule.
        assert any(capability in held for held in ROLE_CAPABILITIES.values())


def test_the_calendar_is_kept_by_the_offices_only(world):
    allowed = {
        name: can_keep_calendar(_fresh(getattr(world, name)))
        for name in ("office", "office2", "member", "district", "venue", "inspector", "leader", "outsider")
    }
    assert allowed == {
        "office": True,
        "office2": True,
        "member": False,
        "district": False,
        "venue": False,
        "inspector": False,
        "leader": False,
        "outsider": False,
    }
    assert can_keep_calendar(world.superuser)
    assert not can_keep_calendar(AnonymousUser())


def test_a_deactivated_office_account_keeps_nothing(world):
    office = _fresh(world.office)
    office.is_active = False
    office.save(update_fields=["is_active"])
    assert not can_keep_calendar(_fresh(office))


def test_a_permission_ticked_in_the_admin_does_not_replace_the_role(world, login):
    """Only the capability grants a permission of the table: the district coordinator given the Django permission
    by hand is still refused the calendar page, so the role stays the one place that says who keeps it."""
    app_label, codename = CALENDAR_PERMISSION.split(".")
    permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    world.district.user_permissions.add(permission)
    assert not can_keep_calendar(_fresh(world.district))
    assert login(world.district).get(reverse("core:calendar")).status_code == 403
    assert login(world.office).get(reverse("core:calendar")).status_code == 200


def test_other_permissions_are_left_to_django(world):
    """The backend has no opinion on a permission outside its table, nor on one asked about an object."""
    backend = CapabilityBackend()
    office = _fresh(world.office)
    assert backend.has_perm(office, "core.delete_calendarday") is False
    assert backend.has_perm(office, CALENDAR_PERMISSION, obj=object()) is False
    app_label, codename = "core", "delete_calendarday"
    world.district.user_permissions.add(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
    )
    assert _fresh(world.district).has_perm("core.delete_calendarday")


def test_all_permissions_list_what_the_capabilities_grant(world):
    assert CALENDAR_PERMISSION in _fresh(world.office).get_all_permissions()
    assert CALENDAR_PERMISSION not in _fresh(world.leader).get_all_permissions()


@pytest.mark.parametrize("name, shown", [("office", True), ("district", False), ("leader", False)])
def test_the_menu_and_the_page_agree(world, login, name, shown):
    """The staff menu's calendar entry (orgs.permissions.can_manage_calendar) asks the same permission as the page."""
    client = login(getattr(world, name))
    page = client.get(reverse("cockpit:workbench")).content.decode()
    assert (f'href="{reverse("core:calendar")}"' in page) is shown  # not another app's …/calendar/
    assert client.get(reverse("core:calendar")).status_code == (200 if shown else 403)
