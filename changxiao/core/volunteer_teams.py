"""The culture volunteer teams of account units (a seam, docs/architecture.md section 4): an app where a unit's work
can be staffed by volunteers — the linkage's deliveries, the feedback channel's social-force offers — offers a
"staffed by team" choice from here and imports no app. The volunteers app registers the lookup (its `registry`)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class TeamRef:
    id: int
    unit_id: int
    name: str
    url: str  # the team's page (staff site)


Lookup = Callable[[set[int]], list[TeamRef]]
_LOOKUP: list[Lookup] = []


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
