"""Who to tell: the people of a unit, the managers (office, district coordinators) of a jurisdiction."""

from collections import defaultdict

from django.db.models import F

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


class Recipients:
    """Whom to tell, for a pass that tells many units and regions (a sweep step over a province: thousands of units,
    twenty thousand villages): every active membership is read in one query at the first question, and each unit's
    people and each region's managers are answered from memory after — as unit_people and region_managers would."""

    def __init__(self) -> None:
        self._by_unit: dict[int, list[User]] | None = None
        self._managers_at: dict[str, list[User]] = defaultdict(list)

    def _load(self) -> dict[int, list[User]]:
        if self._by_unit is None:
            self._by_unit = defaultdict(list)
            memberships = (
                Membership.objects.active().select_related("user").annotate(path=F("unit__region__path"))
            )
            for m in memberships:
                self._by_unit[m.unit_id].append(m.user)
                if m.role in MANAGING_ROLES:
                    self._managers_at[m.path].append(m.user)
        return self._by_unit

    def unit_people(self, unit: Unit) -> list[User]:
        return list(self._load().get(unit.pk, ()))

    def region_managers(self, region: Region) -> list[User]:
        self._load()
        return [user for path in ancestor_paths(region.path) for user in self._managers_at.get(path, ())]
