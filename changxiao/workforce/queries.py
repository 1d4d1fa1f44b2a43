"""The list queries of the workforce, shared by the pages, the Excel export and the metric: a unit's roster with its
certification gaps, and the overview of a jurisdiction — each a constant number of queries however many people."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, CharField, Count, F, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Concat, StrIndex, Substr

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


def overview(user, region: Region, day: date) -> Overview:
    """The region's figures, those of each region directly inside it, and those of the units located in the region
    itself — three queries. The posts are counted in the database per region directly inside (the first step of the
    unit's region path below the region's) and, for the units located in the region itself, per unit: a few rows
    however many units the jurisdiction holds."""
    below = Substr("unit__region__path", len(region.path) + 1)
    rows = (
        posts_in(user, region, day)
        .annotate(
            # never a negative length (PostgreSQL refuses one): the region's own units have nothing below
            step=Substr(
                below, 1, StrIndex(Concat(below, Value("/")), Value("/")) - 1, output_field=CharField()
            ),
            own_unit=Case(When(unit__region_id=region.pk, then=F("unit_id")), default=None),
        )
        .values("step", "own_unit")
        .annotate(
            people=Count("pk"),
            required=Count("pk", filter=Q(requires_certificate=True)),
            gaps=Count("pk", filter=Q(has_gap=True)),
        )
        .order_by()
    )
    children = list(region.children.order_by("code"))
    result = Overview(region=region, children=[(child, Tally()) for child in children])
    by_step = {child.path[len(region.path) :].strip("/"): tally for child, tally in result.children}
    by_unit: dict[int, Tally] = {}
    for row in rows:
        tally = Tally(row["people"], row["required"], row["gaps"])
        result.total.add(tally)
        if row["own_unit"] is not None:
            by_unit.setdefault(row["own_unit"], Tally()).add(tally)
        elif row["step"] in by_step:
            by_step[row["step"]].add(tally)
    units = Unit.objects.visible_to(user).filter(region=region).order_by("sort_order", "code")
    result.units = [(unit, by_unit.get(unit.pk, Tally())) for unit in units]
    return result


def staff(user, params, day: date) -> QuerySet[Post]:
    """The posts held on the day that the person sees, in the unit (?unit=) or the jurisdiction (?region=) asked
    for, with their certification: the roster and the overview as one list, for the Excel export."""
    posts = Post.objects.visible_to(user).held_on(day)
    unit_id, region_id = str(params.get("unit", "")), str(params.get("region", ""))
    if unit_id.isdigit() and len(unit_id) < 19:
        posts = posts.filter(unit_id=int(unit_id))
    elif region_id.isdigit() and len(region_id) < 19:
        region = Region.objects.visible_to(user).filter(pk=int(region_id)).first()
        posts = posts.filter(within(region, "unit__region__path")) if region else posts.none()
    return (
        posts.with_certification(day)
        .select_related("practitioner", "unit__region")
        .order_by("unit__region__path", "unit__code", "role", "pk")
    )
