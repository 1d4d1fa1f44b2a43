"""The list queries of the workforce, shared by the pages, the Excel export and the metric: a unit's roster with its
certification gaps, and the overview of a jurisdiction — each a constant number of queries however many people."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from changxiao.orgs.models import Region, Unit
from changxiao.orgs.scope import within

from .models import Certificate, Post
from .staffing import STAFFED_FACILITIES, StaffedUnit


def roster(unit: Unit, day: date) -> QuerySet[Post]:
    """The posts held in the unit on the day, each with `requires_certificate` and `has_gap`, and the practitioner's
    certificates valid on the day (`valid_certificates`)."""
    return (
        Post.objects.filter(unit=unit)
        .held_on(day)
        .with_certification(day)
        .select_related("practitioner")
        .prefetch_related(
            Prefetch(
                "practitioner__certificates",
                queryset=Certificate.objects.valid_on(day).select_related("kind"),
                to_attr="valid_certificates",
            )
        )
        .order_by("role", "start", "pk")
    )


@dataclass
class Tally:
    """People in post, posts requiring a certificate, and gaps among them."""

    people: int = 0
    required: int = 0
    gaps: int = 0

    @property
    def certified(self) -> int:
        return self.required - self.gaps

    @property
    def rate(self) -> float | None:
        return round(100 * self.certified / self.required, 1) if self.required else None

    def add(self, other: "Tally") -> None:
        self.people += other.people
        self.required += other.required
        self.gaps += other.gaps


@dataclass
class Overview:
    region: Region
    total: Tally = field(default_factory=Tally)
    children: list[tuple[Region, Tally]] = field(default_factory=list)
    units: list[tuple[Unit, Tally]] = field(default_factory=list)
    held: dict[tuple[int, str], int] = field(default_factory=dict)  # posts held per (unit, kind of post)
    staffed: list[StaffedUnit] = field(default_factory=list)  # the stations and centres the staffing compares


TALLIED = {
    "people": Count("pk"),
    "required": Count("pk", filter=Q(requires_certificate=True)),
    "gaps": Count("pk", filter=Q(has_gap=True)),
}


def overview(user, region: Region, day: date) -> Overview:
    """The region's figures, those of each region directly inside it, those of the units located in the region
    itself, and what the staffing standards compare (the active stations and centres, the posts held per unit and
    kind). The units the person sees in the region are read first, then their posts counted in the database per
    unit and kind of post — by the units' keys, which the posts' unit index finds (a city's 8,000 posts of 100,000:
    matched through a join on the regions' paths, every post was read) — and added up here: per region directly
    inside by the first step of the unit region's path below this one. Four queries however many people, units and
    regions."""
    units = list(
        Unit.objects.visible_to(user)
        .filter(within(region, "region__path"))
        .order_by("region__path", "code")
        .values_list(*StaffedUnit.FIELDS, "is_active")
    )
    rows = (
        Post.objects.filter(unit__keys=frozenset(unit[0] for unit in units))
        .held_on(day)
        .with_certification(day)
        .values_list("unit_id", "kind")
        .annotate(**TALLIED)
        .order_by()
    )
    children = list(region.children.order_by("code"))
    result = Overview(region=region, children=[(child, Tally()) for child in children])
    result.staffed = [StaffedUnit(*unit[:-1]) for unit in units if unit[-1] and unit[4] in STAFFED_FACILITIES]
    by_path = {child.path: tally for child, tally in result.children}
    where = {unit[0]: (unit[5], unit[6]) for unit in units}  # unit → its region and the region's path
    start = len(region.path)
    by_unit: dict[int, Tally] = {}
    for unit_id, kind, *counts in rows:
        tally = Tally(*counts)
        result.held[unit_id, kind] = tally.people
        result.total.add(tally)
        region_id, path = where[unit_id]
        if region_id == region.pk:
            by_unit.setdefault(unit_id, Tally()).add(tally)
            continue
        end = path.find("/", start)
        if end >= 0 and path[: end + 1] in by_path:
            by_path[path[: end + 1]].add(tally)
    local = Unit.objects.visible_to(user).filter(region=region).order_by("sort_order", "code")
    result.units = [(unit, by_unit.get(unit.pk, Tally())) for unit in local]
    return result


def staff(user, params, day: date) -> QuerySet[Post]:
    """The posts held on the day that the person sees, in the unit (?unit=) or the jurisdiction (?region=) asked
    for, with their certification: the roster and the overview as one list, for the Excel export."""
    posts = Post.objects.visible_to(user).held_on(day)
    unit_id, region_id = str(params.get("unit", "")), str(params.get("region", ""))
    if unit_id.isdecimal() and len(unit_id) < 19:
        posts = posts.filter(unit_id=int(unit_id))
    elif region_id.isdecimal() and len(region_id) < 19:
        region = Region.objects.visible_to(user).filter(pk=int(region_id)).first()
        posts = posts.filter(within(region, "unit__region__path")) if region else posts.none()
    return (
        posts.with_certification(day)
        .select_related("practitioner", "unit__region")
        .order_by("unit__region__path", "unit__code", "role", "pk")
    )
