"""What residents asked for about a place (a seam, docs/architecture.md section 4): the feedback channel's demands
and suggestions and the surveys' written suggestions, read by whoever plans services for that place (the linkage's
service menu shows them to a village centre as it orders). Each app that holds such texts registers a source in its
`demands` module; a reader asks `demands_about` and imports no app.

A source is `source(region_path, since, limit) -> list[Demand]`: the texts about the region or the regions inside
it, from the day `since`, newest first, at most `limit`."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

# Characters of a text shown: enough to tell what was asked for, never a whole letter.
EXCERPT_MAX = 200


@dataclass(frozen=True)
class Demand:
    source: str  # the channel it came through, translated ("Citizen feedback", "Survey")
    kind: str  # what it is, translated ("Demand", "Suggestion")
    text: str
    day: date
    place: str = ""


DemandSource = Callable[[str, date, int], list[Demand]]
_SOURCES: list[DemandSource] = []


def register_demand_source(source: DemandSource) -> DemandSource:
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def excerpt(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= EXCERPT_MAX else text[: EXCERPT_MAX - 1] + "…"


def demands_about(region_path: str, *, since: date, limit: int = 10) -> list[Demand]:
    """Every source's texts about the region's subtree since the day, newest first, at most `limit`."""
    found = [demand for source in _SOURCES for demand in source(region_path, since, limit)]
    return sorted(found, key=lambda demand: demand.day, reverse=True)[:limit]
