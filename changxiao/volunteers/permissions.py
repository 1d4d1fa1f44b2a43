"""Who sees and does what with the culture volunteers: the one home of its access rules.

A team, its activities, sign-ups, hour records and certificates are kept by whoever acts for the team's unit and by
the managers of its jurisdiction (the office, the district coordinator); a leader reads only. A volunteer acts for
themselves on the public site, signed in as a citizen (citizens.auth)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from changxiao.orgs.choices import RegionLevel
from changxiao.orgs.models import Region, Unit
from changxiao.orgs.owned import can_keep, keeping_regions, zone_paths
from changxiao.orgs.scope import get_scope, inside, lies_in

from .models import Activity, Certificate, HourRecord, Membership, Signup, StarScale, Team, Volunteer

# --- Predicates -------------------------------------------------------------------------------------------------


def can_keep_unit(user, unit: Unit) -> bool:
    """Whoever acts for the unit, and the managers of its jurisdiction."""
    scope = get_scope(user)
    if scope.is_superuser:
        return True
    if scope.read_only:
        return False
    return unit.pk in scope.acting_unit_ids or lies_in(unit.region, scope.managing_paths)


def can_keep_team(user, team: Team) -> bool:
    return can_keep_unit(user, team.unit)


def can_reveal_personal_data(user, volunteer: Volunteer) -> bool:
    """The volunteer's name, identity card number and phone in full: for the managers of a unit that organizes them
    (the unit that registered them, or one whose team they serve in) — never a reader."""
    scope = get_scope(user)
    if scope.is_superuser:
        return True
    if scope.read_only:
        return False
    team_units = Membership.objects.filter(volunteer=volunteer).values_list("team__unit_id", flat=True)
    units = Unit.objects.filter(Q(pk=volunteer.registered_by_id) | Q(pk__in=team_units)).select_related(
        "region"
    )
    return any(can_keep_unit(user, unit) for unit in units)


def units_kept(user):
    """The units whose teams the person keeps (where they may create a team or register volunteers)."""
    scope = get_scope(user)
    units = Unit.objects.active().select_related("region")
    if scope.is_superuser:
        return units
    if scope.read_only:
        return units.none()
    return units.filter(Q(pk__in=scope.acting_unit_ids) | inside(scope.managing_paths, "region__path"))


def residence_zones(user) -> tuple[str, ...]:
    """Where the residents a person registers may live: the demonstration zones they work in (orgs.owned.zone_paths:
    their city), every city for the administrator. From the scope, not from the places of the units they keep (a
    city office's 1,700: 9 ms of every page with the registration form)."""
    if get_scope(user).is_superuser:
        return tuple(Region.objects.filter(level=RegionLevel.CITY).values_list("path", flat=True))
    return zone_paths(user)


def can_keep_star_scale(user, owner: Region) -> bool:
    return can_keep(user, owner)


def star_scale_regions(user):
    return keeping_regions(user)


# --- Reaching records ---------------------------------------------------------------------------------------------


def get_unit_for_user(user, pk: int, *, write: bool = False) -> Unit:
    unit = get_object_or_404(Unit.objects.visible_to(user).select_related("region"), pk=pk)
    if write and not can_keep_unit(user, unit):
        raise PermissionDenied
    return unit


def get_team_for_user(user, pk: int, *, write: bool = False) -> Team:
    team = get_object_or_404(Team.objects.visible_to(user).select_related("unit__region"), pk=pk)
    if write and not can_keep_team(user, team):
        raise PermissionDenied
    return team


def get_activity_for_user(user, pk: int, *, write: bool = False) -> Activity:
    activity = get_object_or_404(
        Activity.objects.visible_to(user).select_related("team__unit__region"), pk=pk
    )
    if write and not can_keep_team(user, activity.team):
        raise PermissionDenied
    return activity


def get_signup_for_user(user, pk: int, *, write: bool = False) -> Signup:
    signup = get_object_or_404(
        Signup.objects.visible_to(user).select_related("activity__team__unit__region", "volunteer"), pk=pk
    )
    if write and not can_keep_team(user, signup.activity.team):
        raise PermissionDenied
    return signup


def get_record_for_user(user, pk: int, *, write: bool = False) -> HourRecord:
    record = get_object_or_404(
        HourRecord.objects.visible_to(user).select_related("activity__team__unit__region", "volunteer"), pk=pk
    )
    if write and not can_keep_team(user, record.activity.team):
        raise PermissionDenied
    return record


def get_volunteer_for_user(user, pk: int, *, write: bool = False) -> Volunteer:
    volunteer = get_object_or_404(Volunteer.objects.visible_to(user).select_related("region"), pk=pk)
    if write and not (volunteer.registered_by and can_keep_unit(user, volunteer.registered_by)):
        raise PermissionDenied
    return volunteer


def get_certificate_for_user(user, pk: int, *, write: bool = False) -> Certificate:
    certificate = get_object_or_404(
        Certificate.objects.visible_to(user).select_related("unit__region", "volunteer"), pk=pk
    )
    if write and not can_keep_unit(user, certificate.unit):
        raise PermissionDenied
    return certificate


def get_star_region_for_user(user, pk: int) -> Region:
    """A jurisdiction whose star scale the person keeps (404 otherwise)."""
    return get_object_or_404(star_scale_regions(user), pk=pk)


def get_star_scale_for_user(user, pk: int) -> StarScale:
    return get_object_or_404(StarScale.objects.visible_to(user), pk=pk)


# --- The volunteer's own records (public site) ------------------------------------------------------------------


def get_public_activity(pk: int) -> Activity:
    return get_object_or_404(Activity.objects.published().select_related("team__unit"), pk=pk)


def get_own_signup(volunteer: Volunteer, pk: int) -> Signup:
    return get_object_or_404(Signup.objects.select_related("activity"), pk=pk, volunteer=volunteer)


def get_own_certificate(volunteer: Volunteer, pk: int) -> Certificate:
    return get_object_or_404(Certificate.objects.select_related("unit"), pk=pk, volunteer=volunteer)


def get_issued_certificate(number: str) -> Certificate:
    """A certificate by its number for the public check: issued ones only; anything else is not found."""
    certificate = (
        Certificate.objects.filter(number=number[:24], state="issued")
        .select_related("unit", "volunteer")
        .first()
    )
    if certificate is None:
        raise Http404
    return certificate
