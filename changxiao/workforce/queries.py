"""The list queries of the workforce, shared by the pages, the Excel export and the metric: a unit's roster with its
certification gaps, and the overview of a jurisdiction — each a constant number of queries however many people."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from changxiao.orgs.models import Region, Unit
from changxiao.orgs.scope import within

from .models import Certificate, Post


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


def posts_in(user, region: Region, day: date) -> QuerySet[Post]:
    """The posts held on the day in the region's units that the person sees, with their certification."""
    return (
        Post.objects.visible_to(user)
        .filter(within(region, "unit__region__path"))
        .held_on(day)
        .with_certification(day)
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


TALLIED = {
    "people": Count("pk"),
    "required": Count("pk", filter=Q(requires_certificate=True)),
    "gaps": Count("pk", filter=Q(has_gap=True)),
}


def overview(user, region: Region, day: date) -> Overview:
    """The region's figures, those of each region directly inside it, those of the units located in the region
    itself, and the posts held per unit and kind (what the staffing standards compare) — one pass over the posts,
    counted in the database per unit and kind of post, then added up here: per region directly inside by the
    first step of the unit region's path below this one. Five queries however many people, units and regions."""
    rows = (
        posts_in(user, region, day)
        .values_list("unit_id", "unit__region_id", "kind")
        .annotate(**TALLIED)
        .order_by()
    )
    children = list(region.children.order_by("code"))
    result = Overview(region=region, children=[(child, Tally()) for child in children])
    by_path = {child.path: tally for child, tally in result.children}
    paths = dict(Region.objects.filter(within(region, "path")).values_list("pk", "path"))
    start = len(region.path)
    by_unit: dict[int, Tally] = {}
    for unit_id, region_id, kind, *counts in rows:
        tally = Tally(*counts)
        result.held[unit_id, kind] = tally.people
        result.total.add(tally)
        if region_id == region.pk:
            by_unit.setdefault(unit_id, Tally()).add(tally)
            continue
        path = paths.get(region_id, "")
        end = path.find("/", start)
        if end >= 0 and path[: end + 1] in by_path:
            by_path[path[: end + 1]].add(tally)
    units = Unit.objects.visible_to(user).filter(region=region).order_by("sort_order", "code")
    result.units = [(unit, by_unit.get(unit.pk, Tally())) for unit in units]
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
