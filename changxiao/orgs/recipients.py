"""Who to tell: the people of a unit, the managers (office, district coordinators) of a jurisdiction."""

from .choices import MANAGING_ROLES
from .models import Membership, Region, Unit, User
from .scope import ancestor_paths


def unit_people(unit: Unit) -> list[User]:
    return [m.user for m in unit.memberships.active().select_related("user")]


def region_managers(region: Region, below: Region | None = None) -> list[User]:
    """The office and district coordinators of the region and of every region above it — only those below the
    region `below` when it is given."""
    paths = ancestor_paths(region.path)
    if below is not None:
        paths = [path for path in paths if path.startswith(below.path) and path != below.path]
    memberships = Membership.objects.active().filter(role__in=MANAGING_ROLES, unit__region__path__in=paths)
    return [m.user for m in memberships.select_related("user")]


def managers_below(region: Region) -> list[User]:
    """The office and district coordinators of every region inside the region, not of the region itself."""
    memberships = (
        Membership.objects.active()
        .filter(role__in=MANAGING_ROLES, unit__region__path__startswith=region.path)
        .exclude(unit__region=region)
    )
    return [m.user for m in memberships.select_related("user")]
