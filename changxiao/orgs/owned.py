"""Settings kept by a jurisdiction: feedback categories, routing rules and deadlines, escalation ladders,
questionnaires, indicator sets. One rule for all of them, so a province can host several demonstration zones on one
deployment without one city's office seeing or changing another's.

A setting is owned by the Region whose leading-group office keeps it (usually a city), or by none: shipped with the
platform, read by everyone, changed by no one (a jurisdiction copies it to change it). It applies in its owner's
jurisdiction and the regions inside it; each model says which one wins where several apply (usually the nearest up
the tree).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from .choices import KEEPING_LEVELS, RegionLevel
from .models import Region
from .permissions import is_office_of
from .scope import ancestor_paths, get_scope, inside


def owned_visible(user, field: str = "owner") -> Q:
    """The condition on a setting's owner for what a person reads: shipped settings; those of the regions above the
    person's own (they apply there: a city's categories in its districts and venues); those of the person's
    jurisdictions and the regions inside them. Another city's are none of these."""
    scope = get_scope(user)
    if scope.is_superuser:
        return Q()
    condition = Q(**{f"{field}__isnull": True})
    above = sorted({path for own in scope.region_paths for path in ancestor_paths(own)})
    if above:
        condition |= Q(**{f"{field}__path__in": above})
    return condition | inside(scope.jurisdiction_paths, f"{field}__path")


def owned_applying(region: Region, field: str = "owner") -> Q:
    """The condition on a setting's owner for the settings that apply in a region: shipped ones and those of the
    region and of every region above it."""
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__path__in": ancestor_paths(region.path)})


def applies_in(owner: Region | None, region: Region) -> bool:
    return owner is None or region.path.startswith(owner.path)


def can_keep(user, owner: Region | None) -> bool:
    """Whether a person changes a setting of this owner: the leading-group office of the owner or of a region above
    it. A shipped setting (no owner) only the platform's administrator changes; offices copy it."""
    if get_scope(user).is_superuser:
        return True
    return owner is not None and is_office_of(user, owner)


def keeping_regions(user):
    """The jurisdictions whose settings a person keeps: those of their leading-group office memberships (for the
    platform's administrator, every province, city, county and zone)."""
    scope = get_scope(user)
    regions = Region.objects.filter(level__in=KEEPING_LEVELS)
    if scope.is_superuser:
        return regions.order_by("path")
    return regions.filter(path__in=scope.settings_paths).order_by("path")


def keeps_settings(user) -> bool:
    """Whether the person keeps the settings of some jurisdiction (keeping_regions is not empty), from the scope
    alone: menus and pages ask it on every request."""
    scope = get_scope(user)
    return scope.is_superuser or bool(scope.settings_paths)


def keeping_region(user, value: str | None = None) -> Region:
    """The jurisdiction a settings page shows and changes: ?region= when the person keeps it (404 otherwise), else
    the first they keep; 403 for someone who keeps none."""
    regions = keeping_regions(user)
    if not regions.exists():
        raise PermissionDenied
    if value:
        if not str(value).isdecimal() or len(str(value)) > 18:  # beyond any id the database holds
            raise Http404
        region = regions.filter(pk=int(value)).first()
        if region is None:
            raise Http404
        return region
    return regions.first()


def zone_paths(user) -> tuple[str, ...]:
    """The demonstration zones a person works in: for each of their regions, the city it lies in (the region itself
    when it lies above any city), and their jurisdictions. What a zone shares with all its units — the demands it
    opens to social organizations, its published results — is shared within these, never with another city."""
    scope = get_scope(user)
    own = scope.region_paths
    if not own:
        return ()
    above = {path for region in own for path in ancestor_paths(region)}
    cities = set(Region.objects.filter(path__in=above, level=RegionLevel.CITY).values_list("path", flat=True))
    zones = {next((city for city in cities if region.startswith(city)), region) for region in own}
    return tuple(sorted(zones | set(scope.jurisdiction_paths)))


def home_region(user) -> Region | None:
    """The one demonstration zone a person works in (their city, or the province for a province's office), for
    pickers shown outside any campaign or item; None for someone of several zones or of none (they see all)."""
    paths = zone_paths(user)
    return Region.objects.filter(path=paths[0]).first() if len(paths) == 1 else None
