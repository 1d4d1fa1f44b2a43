"""Object permissions of the organization mechanism; used alike by views, templates and the API."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from changxiao.core.deadlines import can_keep_calendar

from .choices import MANAGING_ROLES, ROLE_CAPABILITIES, Capability, Role
from .models import Membership, Region, Unit, User
from .scope import get_scope


def _within(path: str, roots: tuple[str, ...]) -> bool:
    return any(path.startswith(root) for root in roots)


def can_manage_organization(user) -> bool:
    """Office or district coordinator: may open the organization screens that change things."""
    return get_scope(user).has_role(*MANAGING_ROLES)


def can_manage_region(user, region: Region) -> bool:
    scope = get_scope(user)
    if scope.is_superuser:
        return True
    return _within(region.path, scope.managing_paths)


def is_office_of(user, region: Region) -> bool:
    """The leading-group office of the region or of a region above it."""
    scope = get_scope(user)
    return scope.is_superuser or _within(region.path, scope.office_paths)


def can_add_child_region(user, parent: Region) -> bool:
    return can_manage_region(user, parent)


def can_manage_unit(user, unit: Unit) -> bool:
    scope = get_scope(user)
    if scope.is_superuser:
        return True
    return _within(unit.region.path, scope.managing_paths)


def can_manage_person(user, person) -> bool:
    """Change a person's account only when every unit they belong to is one the editor manages."""
    if person.is_superuser or person.is_service_account:
        return get_scope(user).is_superuser
    units = [m.unit for m in person.memberships.select_related("unit__region")]
    return bool(units) and all(can_manage_unit(user, unit) for unit in units)


def grantable_roles(user, unit: Unit) -> list[str]:
    """The roles a manager of the unit may give in it: every role but those that take the leading-group office's
    decisions (city questionnaires, the working-day calendar, assessment rounds), which only the office of the unit's
    jurisdiction gives — a district coordinator cannot hand out what it does not hold."""
    if not can_manage_unit(user, unit):
        return []
    office = is_office_of(user, unit.region)
    return [role for role in Role.values if office or Capability.RUN_OFFICE not in ROLE_CAPABILITIES[role]]


def can_grant_role(user, unit: Unit, role: str) -> bool:
    return role in grantable_roles(user, unit)


def can_manage_api_tokens(user, unit: Unit | None = None) -> bool:
    """API tokens are issued by the leading-group office, for units in its jurisdiction."""
    scope = get_scope(user)
    if scope.is_superuser:
        return True
    if unit is None:
        return scope.can(Capability.RUN_OFFICE)
    return _within(unit.region.path, scope.office_paths)


def can_manage_calendar(user) -> bool:
    """The working-day calendar is national: the leading-group office keeps it up to date. Asked as core asks it (a
    Django permission, answered from the capability by orgs.backends), so that the menu and the pages agree."""
    return can_keep_calendar(user)


def get_region_for_user(user, pk: int, *, write: bool = False) -> Region:
    region = get_object_or_404(Region.objects.visible_to(user).select_related("parent"), pk=pk)
    if write and not can_manage_region(user, region):
        raise PermissionDenied
    return region


def get_unit_for_user(user, pk: int, *, write: bool = False) -> Unit:
    unit = get_object_or_404(Unit.objects.visible_to(user).select_related("region", "parent"), pk=pk)
    if write and not can_manage_unit(user, unit):
        raise PermissionDenied
    return unit


def get_person_for_user(user, pk: int, *, write: bool = False) -> User:
    visible = Membership.objects.visible_to(user).filter(user_id=pk, user__is_service_account=False)
    if not visible.exists():
        raise Http404
    person = User.objects.get(pk=pk)
    if write and not can_manage_person(user, person):
        raise PermissionDenied
    return person


def get_membership_for_user(user, pk: int, *, write: bool = False) -> Membership:
    membership = get_object_or_404(
        Membership.objects.visible_to(user).select_related("user", "unit__region"), pk=pk
    )
    if write and not can_manage_unit(user, membership.unit):
        raise PermissionDenied
    return membership


def get_metric_subject_for_user(user, params):
    """The region (?region=) or unit (?unit=) a figure is about, if the person sees it; otherwise 404."""
    for key, model in (("region", Region), ("unit", Unit)):
        value = params.get(key, "")
        if value.isdecimal():
            return get_object_or_404(model.objects.visible_to(user), pk=int(value))
    raise Http404
