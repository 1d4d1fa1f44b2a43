"""The culture volunteer teams of account units (a seam, docs/architecture.md section 4): an app where a unit's work
can be staffed by volunteers — the linkage's deliveries, the feedback channel's social-force offers — offers a
"staffed by team" choice from here and imports no app. The volunteers app registers the lookup (its `registry`).

The other way round, the apps whose work a team staffed register what it staffed (`register_staffing`), so the team's
page lists it without the volunteers app importing them. Such a record keeps the team's id and its name at the time:
apps do not hold keys into each other's tables."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class TeamRef:
    id: int
    unit_id: int
    name: str
    url: str  # the team's page (staff site)


@dataclass(frozen=True)
class StaffedWork:
    """A piece of another app's work a team staffed: what it is, its page and its day."""

    kind: str
    label: str
    url: str
    on: date | None


Lookup = Callable[[set[int]], list[TeamRef]]
StaffingLookup = Callable[[int], list[StaffedWork]]
_LOOKUP: list[Lookup] = []
_STAFFING: list[StaffingLookup] = []


def register_lookup(lookup: Lookup) -> Lookup:
    """`lookup(unit_ids)` gives the teams organized by those units, by name — one query."""
    if lookup not in _LOOKUP:
        _LOOKUP.append(lookup)
    return lookup


def teams_of(unit_ids: Iterable[int]) -> list[TeamRef]:
    """The volunteer teams organized by the units (none when no volunteers app is installed)."""
    ids = {int(pk) for pk in unit_ids}
    found: list[TeamRef] = []
    for lookup in _LOOKUP if ids else ():
        found.extend(lookup(ids))
    return found


def staffing_team(
    unit_id: int, unit_name: str, team_id: int | None, *, field: str = "team"
) -> TeamRef | None:
    """The team of the unit chosen to staff its work, None when none is chosen; a team the unit does not organize
    (another unit's, or none at all) is refused with a clear message."""
    if team_id in (None, ""):
        return None
    try:
        wanted = int(team_id)
    except (TypeError, ValueError):
        wanted = 0
    for team in teams_of([unit_id]):
        if team.id == wanted:
            return team
    raise ValidationError(
        {
            field: _(
                "Only a volunteer team organized by %(unit)s can staff its work: choose one of its teams."
            )
            % {"unit": unit_name}
        }
    )


def register_staffing(lookup: StaffingLookup) -> StaffingLookup:
    """`lookup(team_id)` gives the work of the registering app the team staffed, newest first — one query."""
    if lookup not in _STAFFING:
        _STAFFING.append(lookup)
    return lookup


def staffed_by(team_id: int) -> list[StaffedWork]:
    """What the team staffed in every app that records it, newest first (undated last)."""
    found: list[StaffedWork] = []
    for lookup in _STAFFING:
        found.extend(lookup(team_id))
    return sorted(found, key=lambda work: (work.on is None, -(work.on.toordinal() if work.on else 0)))
