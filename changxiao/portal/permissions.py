"""Who sees and does what on the portal's staff pages: the one home of its access rules.

A facility's entry, hours, closures and activities are kept by whoever acts for its managing unit and by the managers
of its region (office, district coordinator); the leader reads; a breach of the opening rules is raised as a
supervision finding by the office of the facility's jurisdiction — never by the facility's own unit. The opening
rules are a jurisdiction's settings (orgs.owned)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from changxiao.orgs.models import Region, Unit
from changxiao.orgs.owned import can_keep
from changxiao.orgs.permissions import is_office_of
from changxiao.orgs.scope import get_scope, inside, lies_in

from .models import Activity, Booking, Closure, Facility, OpeningRule, RuleBreach, Schedule


def can_keep_facility(user, facility: Facility) -> bool:
    scope = get_scope(user)
    if scope.is_superuser:
        return True
    if scope.read_only:
        return False
    return facility.unit_id in scope.acting_unit_ids or lies_in(facility.region, scope.managing_paths)


def can_escalate_breach(user, breach: RuleBreach) -> bool:
    """The office of the facility's jurisdiction, not its own unit, makes a breach a supervision finding."""
    scope = get_scope(user)
    if scope.read_only or breach.facility.unit_id in scope.acting_unit_ids and not scope.is_superuser:
        return False
    return is_office_of(user, breach.facility.region)


def can_keep_rules(user, owner: Region | None) -> bool:
    return can_keep(user, owner)


def facility_units(user):
    """The units a person may enter a facility for: those they act for and those of the regions they manage."""
    scope = get_scope(user)
    units = Unit.objects.active().select_related("region")
    if scope.is_superuser:
        return units
    if scope.read_only:
        return units.none()
    return units.filter(Q(pk__in=scope.acting_unit_ids) | inside(scope.managing_paths, "region__path"))


def facility_regions(user, unit: Unit):
    """Where a facility of the unit may lie: the unit's region and the regions inside it."""
    from changxiao.orgs.scope import within

    return Region.objects.filter(within(unit.region, "path")).order_by("path")


def can_add_facility(user) -> bool:
    return facility_units(user).exists()


def get_facility_for_user(user, pk: int, *, write: bool = False) -> Facility:
    facility = get_object_or_404(Facility.objects.visible_to(user).select_related("region", "unit"), pk=pk)
    if write and not can_keep_facility(user, facility):
        raise PermissionDenied
    return facility


def get_closure_for_user(user, pk: int, *, write: bool = False) -> Closure:
    closure = get_object_or_404(Closure.objects.visible_to(user).select_related("facility__region"), pk=pk)
    if write and not can_keep_facility(user, closure.facility):
        raise PermissionDenied
    return closure


def get_activity_for_user(user, pk: int, *, write: bool = False) -> Activity:
    activity = get_object_or_404(Activity.objects.visible_to(user).select_related("facility__region"), pk=pk)
    if write and not can_keep_facility(user, activity.facility):
        raise PermissionDenied
    return activity


def get_breach_for_user(user, pk: int, *, write: bool = False) -> RuleBreach:
    breach = get_object_or_404(
        RuleBreach.objects.visible_to(user).select_related("facility__region", "rule"), pk=pk
    )
    if write and not can_escalate_breach(user, breach):
        raise PermissionDenied
    return breach


def get_rule_for_user(user, pk: int, *, write: bool = False) -> OpeningRule:
    rule = get_object_or_404(OpeningRule.objects.visible_to(user).select_related("owner"), pk=pk)
    if write and not can_keep_rules(user, rule.owner):
        raise PermissionDenied
    return rule


def get_schedule_for_user(user, pk: int, *, write: bool = False) -> Schedule:
    row = get_object_or_404(Schedule.objects.current().select_related("facility__region"), pk=pk)
    get_facility_for_user(user, row.facility_id, write=write)
    return row


# --- The public site: what anyone may open ------------------------------------------------------------------------


def get_public_facility(pk: int) -> Facility:
    return get_object_or_404(Facility.objects.published().select_related("region__parent", "unit"), pk=pk)


def get_public_activity(pk: int) -> Activity:
    return get_object_or_404(Activity.objects.public().select_related("facility__region"), pk=pk)


def get_public_region(pk: int) -> Region:
    return get_object_or_404(Region, pk=pk)


def get_own_booking(pk: int, citizen_key: str) -> Booking:
    """A citizen's own booking; anyone else's answers 404."""
    return get_object_or_404(Booking, pk=pk, citizen_key=citizen_key)
