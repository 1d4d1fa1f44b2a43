"""Who sees and does what with the workforce: the one home of its access rules, read alike by the pages, the API,
the imports and the services.

A unit keeps its own roster (whoever acts for it); the office or district coordinator keeps the rosters of its
jurisdiction's units; a leader reads only. Certificate kinds and requirements are a jurisdiction's settings, kept
by its office (orgs.owned)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from changxiao.core.deadlines import local_today
from changxiao.orgs.choices import UnitKind
from changxiao.orgs.models import Region, Unit
from changxiao.orgs.owned import can_keep
from changxiao.orgs.scope import get_scope, inside, lies_in

from .models import (
    Certificate,
    CertificateKind,
    CertificateRequirement,
    Post,
    Practitioner,
    SocialOrganization,
    StaffingStandard,
    TrainingSession,
)

# --- Predicates -------------------------------------------------------------------------------------------------


def can_manage_staff(user, unit: Unit) -> bool:
    """Whoever acts for the unit, and the managers of its jurisdiction, keep its roster."""
    scope = get_scope(user)
    if scope.is_superuser:
        return True
    if unit.pk in scope.acting_unit_ids:
        return True
    return lies_in(unit.region, scope.managing_paths)


def can_change_practitioner(user, practitioner: Practitioner) -> bool:
    """A person's certificates and contact are kept by whoever keeps the roster of a unit they hold a post in, now
    or from a day to come; a unit they left reads their history there and changes nothing."""
    posts = Post.objects.current().filter(
        Q(end__isnull=True) | Q(end__gte=local_today()), practitioner=practitioner
    )
    units = Unit.objects.filter(pk__in=posts.values("unit")).select_related("region")
    return any(can_manage_staff(user, unit) for unit in units)


def can_keep_settings(user, owner: Region | None) -> bool:
    return can_keep(user, owner)


def units_managed(user):
    """The units whose rosters the person keeps (where they may move someone to)."""
    scope = get_scope(user)
    units = Unit.objects.active()
    if scope.is_superuser:
        return units
    return units.filter(Q(pk__in=scope.acting_unit_ids) | inside(scope.managing_paths, "region__path"))


def can_keep_registry(user, region: Region) -> bool:
    """The registry of industry organizations and social groups is kept by the managers of the jurisdiction (the
    office, a district coordinator); everyone in the zone reads it."""
    scope = get_scope(user)
    return scope.is_superuser or lies_in(region, scope.managing_paths)


def registry_regions(user):
    """The regions an organization may be registered in by the person: those they manage."""
    scope = get_scope(user)
    regions = Region.objects.all()
    if scope.is_superuser:
        return regions.order_by("path")
    return regions.filter(inside(scope.managing_paths, "path")).order_by("path")


def organization_accounts(user):
    """The accounts of social organizations (units) the person may link to a registration: in the regions they
    manage, not yet linked."""
    return (
        Unit.objects.active()
        .filter(kind=UnitKind.SOCIAL_ORGANIZATION, social_registration__isnull=True)
        .filter(region__in=registry_regions(user))
        .order_by("name")
    )


# --- Reaching records ---------------------------------------------------------------------------------------------


def get_unit_for_user(user, pk: int, *, write: bool = False) -> Unit:
    """A unit whose roster the person sees (404 otherwise); with write, one whose roster they keep (403)."""
    unit = get_object_or_404(Unit.objects.visible_to(user).select_related("region"), pk=pk)
    if write and not can_manage_staff(user, unit):
        raise PermissionDenied
    return unit


def get_practitioner_for_user(user, pk: int, *, write: bool = False) -> Practitioner:
    practitioner = get_object_or_404(Practitioner.objects.visible_to(user), pk=pk)
    if write and not can_change_practitioner(user, practitioner):
        raise PermissionDenied
    return practitioner


def get_post_for_user(user, pk: int, *, write: bool = False) -> Post:
    post = get_object_or_404(
        Post.objects.visible_to(user).select_related("practitioner", "unit__region"), pk=pk
    )
    if write and not can_manage_staff(user, post.unit):
        raise PermissionDenied
    return post


def get_certificate_for_user(user, pk: int, *, write: bool = False) -> Certificate:
    certificate = get_object_or_404(
        Certificate.objects.visible_to(user).select_related("practitioner", "kind"), pk=pk
    )
    if write and not can_change_practitioner(user, certificate.practitioner):
        raise PermissionDenied
    return certificate


def get_requirement_for_user(user, pk: int, *, write: bool = False) -> CertificateRequirement:
    requirement = get_object_or_404(
        CertificateRequirement.objects.visible_to(user).select_related("owner", "kind"), pk=pk
    )
    if write and not can_keep(user, requirement.owner):
        raise PermissionDenied
    return requirement


def get_staffing_standard_for_user(user, pk: int, *, write: bool = False) -> StaffingStandard:
    standard = get_object_or_404(StaffingStandard.objects.visible_to(user).select_related("owner"), pk=pk)
    if write and not can_keep(user, standard.owner):
        raise PermissionDenied
    return standard


def get_kind_for_user(user, pk: int, *, write: bool = False) -> CertificateKind:
    kind = get_object_or_404(CertificateKind.objects.visible_to(user).select_related("owner"), pk=pk)
    if write and not can_keep(user, kind.owner):
        raise PermissionDenied
    return kind


def get_session_for_user(user, pk: int, *, write: bool = False) -> TrainingSession:
    """A training session the person sees (its organizer's, or attended by people they see); with write, one whose
    organizer's roster they keep."""
    session = get_object_or_404(
        TrainingSession.objects.visible_to(user).select_related("organizer__region"), pk=pk
    )
    if write and not can_manage_staff(user, session.organizer):
        raise PermissionDenied
    return session


def attendee_choices(user):
    """Who the person may record as attending: the people in post (or to come) in the units whose rosters they keep."""
    posts = Post.objects.current().filter(unit__in=units_managed(user))
    return Practitioner.objects.filter(pk__in=posts.values("practitioner"))


def overview_regions(user):
    """The jurisdictions whose overview the person reads."""
    return Region.objects.visible_to(user)


def get_overview_region_for_user(user, pk: int) -> Region:
    return get_object_or_404(overview_regions(user), pk=pk)


def get_organization_for_user(user, pk: int, *, write: bool = False) -> SocialOrganization:
    organization = get_object_or_404(
        SocialOrganization.objects.visible_to(user).select_related("region"), pk=pk
    )
    if write and not can_keep_registry(user, organization.region):
        raise PermissionDenied
    return organization
