"""Staffing standards (保障法 art. 51: posts set by function and the population served): what each township station
and village centre needs against what it holds, its vacancies, and a jurisdiction's coverage.

A figure is the one the nearest office up the tree set for the facility and kind of post (orgs.owned), else the
shipped default, marked unverified; within it, the band of the largest `population_from` the unit's served
population (its region's resident population of the year, else the latest before) reaches. Everything for a list of
units is read in a constant number of queries: the standards, the populations and the posts held."""

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.db.models import Count

from changxiao.orgs.choices import UnitKind, VenueType
from changxiao.orgs.models import PopulationRecord, Region, Unit
from changxiao.orgs.owned import owned_applying
from changxiao.orgs.scope import within

from .choices import DEFAULT_STAFFING, DEFAULT_STAFFING_SOURCE, PostKind, StaffedFacility
from .models import Post, StaffingStandard

STAFFED_FACILITIES = tuple(StaffedFacility.values)


@dataclass(frozen=True)
class Figure:
    facility: str
    post_kind: str
    population_from: int
    posts: int
    source: str
    verified: bool
    owner: Region | None = None

    @property
    def facility_label(self) -> str:
        return StaffedFacility(self.facility).label

    @property
    def post_kind_label(self) -> str:
        return PostKind(self.post_kind).label


DEFAULTS = tuple(Figure(f, k, p, n, DEFAULT_STAFFING_SOURCE, False) for f, k, p, n in DEFAULT_STAFFING)


@dataclass
class Need:
    post_kind: str
    required: int
    held: int
    figure: Figure

    @property
    def vacancies(self) -> int:
        return max(0, self.required - self.held)

    @property
    def post_kind_label(self) -> str:
        return PostKind(self.post_kind).label


@dataclass(frozen=True)
class StaffedUnit:
    """What the figures and the pages read of a station or centre: plain values, not model objects (a city holds
    thousands, and building each unit and its region cost more than the figures)."""

    pk: int
    code: str
    name: str
    kind: str
    venue_type: str
    region_id: int
    region_path: str

    FIELDS = ("pk", "code", "name", "kind", "venue_type", "region_id", "region__path")

    @classmethod
    def of(cls, unit: Unit) -> "StaffedUnit":
        return cls(
            unit.pk, unit.code, unit.name, unit.kind, unit.venue_type, unit.region_id, unit.region.path
        )

    @property
    def display_kind(self) -> str:
        if self.kind == UnitKind.VENUE and self.venue_type:
            return VenueType(self.venue_type).label
        return UnitKind(self.kind).label


@dataclass
class UnitStaffing:
    unit: StaffedUnit
    population: int | None
    needs: list[Need] = field(default_factory=list)
    banded: bool = False  # a figure here depends on the served population

    @cached_property
    def vacancies(self) -> int:
        return sum(need.vacancies for need in self.needs)

    @cached_property
    def required(self) -> int:
        return sum(need.required for need in self.needs)

    @property
    def covered(self) -> bool:
        return self.vacancies == 0

    @property
    def population_missing(self) -> bool:
        """No population recorded where a figure depends on it (the first band is taken)."""
        return self.population is None and self.banded


def figures_in(region: Region, rows) -> list[Figure]:
    """The figures that apply in the region, from standard rows already read (each with its owner): for each facility
    and kind of post, every band of the nearest owner up the tree, else the shipped default."""
    nearest: dict[tuple[str, str], list[StaffingStandard]] = {}
    for row in rows:
        if not region.path.startswith(row.owner.path):
            continue
        key = (row.facility, row.post_kind)
        current = nearest.get(key)
        if current is None or len(row.owner.path) > len(current[0].owner.path):
            nearest[key] = [row]
        elif current[0].owner_id == row.owner_id:
            current.append(row)
    figures = [
        Figure(r.facility, r.post_kind, r.population_from, r.posts, r.source, r.verified, r.owner)
        for group in nearest.values()
        for r in group
    ]
    figures += [d for d in DEFAULTS if (d.facility, d.post_kind) not in nearest]
    return sorted(figures, key=lambda f: (f.facility, f.post_kind, f.population_from))


def standards_around(region: Region) -> list[StaffingStandard]:
    """The standard rows that may apply somewhere in the region: those kept above it or in it — one query."""
    return list(
        StaffingStandard.objects.filter(
            owned_applying(region) | within(region, "owner__path")
        ).select_related("owner")
    )


def populations(region_ids, year: int) -> dict[int, int]:
    """Each region's resident population of the year, else the latest recorded before it — one query."""
    result: dict[int, int] = {}
    rows = PopulationRecord.objects.filter(region__keys=frozenset(region_ids), year__lte=year).order_by(
        "region_id", "-year"
    )
    for row in rows.values("region_id", "resident"):
        result.setdefault(row["region_id"], row["resident"])
    return result


def staffed_units(units) -> list[StaffedUnit]:
    """The active township stations and village centres among the units, as plain values — one query."""
    rows = (
        units.filter(venue_type__in=STAFFED_FACILITIES, is_active=True)
        .order_by("region__path", "code")
        .values_list(*StaffedUnit.FIELDS)
    )
    return [StaffedUnit(*row) for row in rows]


def held_per_unit(units: list[StaffedUnit], day: date) -> dict[tuple[int, str], int]:
    """The posts held on the day per unit and kind of post — one query, on the units' keys (one array on
    PostgreSQL: orgs.scope.KeysIn), which the posts' unit index finds."""
    posts = Post.objects.held_on(day).filter(unit__keys=frozenset(unit.pk for unit in units))
    counts = posts.values_list("unit_id", "kind").annotate(n=Count("pk")).order_by()
    return {(unit_id, kind): n for unit_id, kind, n in counts}


def staffing_of(
    units: list[StaffedUnit], region: Region, day: date, held: dict[tuple[int, str], int] | None = None
) -> list[UnitStaffing]:
    """Each unit (township stations and village centres located in `region`) against the figures that apply where it
    is, on the day: three queries however many units (two when the posts held per unit and kind are given, as the
    overview counts them)."""
    if not units:
        return []
    rows = standards_around(region)
    people = populations({unit.region_id for unit in units}, day.year)
    if held is None:
        held = held_per_unit(units, day)
    # What a unit requires depends only on the standard rows that apply where it is, its facility and the band its
    # served population reaches: computed once per such combination (a few in a city), not once per unit — keyed by
    # the population itself, every village was one.
    figures_by_owners: dict[tuple[int, ...], tuple[list[Figure], list[int]]] = {}
    required_by: dict[tuple, tuple[list[tuple[str, Figure]], bool]] = {}
    owners_by_path: dict[str, tuple[int, ...]] = {}
    result = []
    for unit in units:
        path = unit.region_path
        owners = owners_by_path.get(path)
        if owners is None:
            owners = owners_by_path[path] = tuple(row.pk for row in rows if path.startswith(row.owner.path))
        figures = figures_by_owners.get(owners)
        if figures is None:
            applying = figures_in(Region(path=path), rows)
            figures = figures_by_owners[owners] = (applying, sorted({f.population_from for f in applying}))
        population = people.get(unit.region_id)
        key = (owners, unit.venue_type, bisect_right(figures[1], population or 0))
        if key not in required_by:
            required_by[key] = _required(figures[0], unit.venue_type, population)
        required, banded = required_by[key]
        item = UnitStaffing(unit=unit, population=population, banded=banded)
        item.needs = [
            Need(kind, figure.posts, held.get((unit.pk, kind), 0), figure) for kind, figure in required
        ]
        result.append(item)
    return result


def _required(
    figures: list[Figure], facility: str, population: int | None
) -> tuple[list[tuple[str, Figure]], bool]:
    """The figure each kind of post takes for the facility and the served population, and whether any depends on
    the population."""
    bands: dict[str, list[Figure]] = {}
    for figure in figures:
        if figure.facility == facility:
            bands.setdefault(figure.post_kind, []).append(figure)
    required, banded = [], False
    for kind, options in bands.items():
        banded = banded or any(f.population_from for f in options)
        reached = [f for f in options if f.population_from <= (population or 0)]
        if not reached:
            continue
        figure = max(reached, key=lambda f: f.population_from)
        if figure.posts:
            required.append((kind, figure))
    return required, banded


def unit_staffing(unit: Unit, day: date) -> UnitStaffing | None:
    """A township station's or village centre's needs on the day; None for any other unit."""
    if unit.venue_type not in STAFFED_FACILITIES:
        return None
    return staffing_of([StaffedUnit.of(unit)], unit.region, day)[0]


@dataclass
class Coverage:
    units: int = 0
    covered: int = 0
    vacancies: int = 0

    @property
    def rate(self) -> float | None:
        return round(100 * self.covered / self.units, 1) if self.units else None


def coverage(items: list[UnitStaffing]) -> Coverage:
    """Of the units with a post required, how many hold every one."""
    counted = [item for item in items if item.needs]
    return Coverage(
        units=len(counted),
        covered=sum(1 for item in counted if item.covered),
        vacancies=sum(item.vacancies for item in counted),
    )


def coverage_by_child(items: list[UnitStaffing], children) -> list[tuple[Region, Coverage]]:
    """The coverage of each child region (all children of one region), from the items of the region: each item is
    placed by the first step of its path below the parent, once."""
    children = list(children)
    if not children:
        return []
    parent = children[0].path[: children[0].path.rstrip("/").rfind("/") + 1]
    by_path: dict[str, list[UnitStaffing]] = {child.path: [] for child in children}
    for item in items:
        path = item.unit.region_path
        if not path.startswith(parent):
            continue
        end = path.find("/", len(parent))
        inside = by_path.get(path[: end + 1]) if end >= 0 else None
        if inside is not None:
            inside.append(item)
    return [(child, coverage(by_path[child.path])) for child in children]
