"""What reached each village and township of a jurisdiction in a year — deliveries of the menu, outreach
activities held there, confirmed activities of pairs with a unit there — and the equality figures computed from it
(equality.py). A handful of grouped queries whatever the size of the jurisdiction."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from django.db.models import Count

from changxiao.core.deadlines import local_today
from changxiao.orgs.choices import RegionLevel
from changxiao.orgs.models import PopulationRecord, Region
from changxiao.orgs.scope import within

from . import equality
from .choices import DEFAULT_COVERAGE_TIMES
from .models import Menu, Order, OutreachActivity, PairActivity


class Village(NamedTuple):
    """What the coverage reads of a village: a city has 1,700 of them, and building each as a Region cost more than
    everything else the overview computes."""

    pk: int
    name: str
    path: str


@dataclass
class Place:
    region: Region | Village
    reach: int = 0
    population: int | None = None

    @property
    def per_10k(self) -> Decimal | None:
        return equality.per_10k(self.reach, self.population)


@dataclass
class Township:
    region: Region
    villages: list[Place] = field(default_factory=list)
    reach: int = 0  # everything in the township: its seat and its villages
    population: int | None = None

    @property
    def per_10k(self) -> Decimal | None:
        return equality.per_10k(self.reach, self.population)


@dataclass
class Coverage:
    region: Region
    year: int
    times: int
    townships: list[Township]
    villages: list[Place]
    deliveries: int
    activities: int
    population: int | None

    # Each figure worked out once: a page asks for some twice, over a city's 1,700 villages.
    @cached_property
    def villages_reached(self) -> int:
        return sum(1 for place in self.villages if place.reach >= self.times)

    @cached_property
    def share(self) -> Decimal | None:
        return equality.coverage_share([place.reach for place in self.villages], self.times)

    @cached_property
    def per_10k(self) -> Decimal | None:
        return equality.per_10k(self.deliveries + self.activities, self.population)

    def _township_rates(self) -> list[Decimal]:
        return [t.per_10k for t in self.townships if t.per_10k is not None]

    @cached_property
    def decile_ratio(self) -> Decimal | None:
        return equality.decile_ratio(self._township_rates())

    @cached_property
    def gini(self) -> Decimal | None:
        return equality.gini(self._township_rates())


def coverage_times(region: Region, year: int) -> int:
    """N of "reached at least N times": the menu's of the region or the nearest above, else the default."""
    from changxiao.orgs.scope import ancestor_paths

    menu = (
        Menu.objects.filter(year=year, region__path__in=ancestor_paths(region.path))
        .order_by("-region__path")
        .first()
    )
    return menu.coverage_times if menu else DEFAULT_COVERAGE_TIMES


def populations(region: Region, year: int) -> dict[int, int]:
    """The resident population of the region and of each region inside it, of the year or of the latest year before
    it (read by the subtree's path: a city's 1,700 township and village ids in one IN list took 200 ms to send)."""
    found: dict[int, tuple[int, int]] = {}
    for region_id, record_year, resident in PopulationRecord.objects.filter(
        within(region, "region__path"), year__lte=year
    ).values_list("region_id", "year", "resident"):
        if region_id not in found or found[region_id][0] < record_year:
            found[region_id] = (record_year, resident)
    return {region_id: resident for region_id, (_year, resident) in found.items()}


def reach_by_region(region: Region, year: int, day: date | None = None) -> tuple[Counter, int, int]:
    """(reach per region id, deliveries, activities) in the region's subtree in the year up to the day."""
    day = day or min(local_today(), date(year, 12, 31))
    deliveries = (
        Order.objects.delivered()
        .filter(within(region, "region__path", indexed=True), year=year, delivered_on__lte=day)
        .values("region_id")
        .annotate(n=Count("pk"))
    )
    activities = (
        OutreachActivity.objects.current()
        .filter(within(region, "region__path", indexed=True), held_on__year=year, held_on__lte=day)
        .values("region_id")
        .annotate(n=Count("pk"))
    )
    pair_activities = (
        PairActivity.objects.current()
        .filter(
            within(region, "pair__supported__region__path"),
            pair__cancelled_at__isnull=True,
            confirmed_on__isnull=False,
            held_on__year=year,
            held_on__lte=day,
        )
        .values("pair__supported__region_id")
        .annotate(n=Count("pk"))
    )
    reach: Counter = Counter()
    delivered = held = 0
    for row in deliveries:
        reach[row["region_id"]] += row["n"]
        delivered += row["n"]
    for row in activities:
        reach[row["region_id"]] += row["n"]
        held += row["n"]
    for row in pair_activities:
        reach[row["pair__supported__region_id"]] += row["n"]
        held += row["n"]
    return reach, delivered, held


def coverage(region: Region, year: int) -> Coverage:
    times = coverage_times(region, year)
    reach, delivered, held = reach_by_region(region, year)
    inside = Region.objects.filter(within(region, "path")).order_by("path")
    people = populations(region, year)
    townships: dict[int, Township] = {
        each.pk: Township(region=each, reach=reach.get(each.pk, 0), population=people.get(each.pk))
        for each in inside.filter(level=RegionLevel.TOWNSHIP).only("pk", "name", "level", "path", "code")
    }
    villages: list[Place] = []
    rows = inside.filter(level=RegionLevel.VILLAGE).values_list("pk", "name", "path", "parent_id")
    for pk, name, path, parent_id in rows:
        place = Place(region=Village(pk, name, path), reach=reach.get(pk, 0), population=people.get(pk))
        villages.append(place)
        township = townships.get(parent_id)
        if township is not None:
            township.villages.append(place)
            township.reach += place.reach
    if region.level == RegionLevel.VILLAGE:
        villages = [Place(region=region, reach=reach.get(region.pk, 0), population=people.get(region.pk))]
    return Coverage(
        region=region,
        year=year,
        times=times,
        townships=list(townships.values()),
        villages=villages,
        deliveries=delivered,
        activities=held,
        population=people.get(region.pk),
    )
