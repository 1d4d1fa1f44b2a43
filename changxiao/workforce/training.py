"""Training days (培训): what a practitioner attended in a year against the standard of their tier where they work.

A unit in a township or village is of the grassroots tier, any other of the county-and-above tier; the standard is
the one the nearest office up the tree set for the tier (orgs.owned), else the shipped default with its source,
marked unverified."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from changxiao.orgs.choices import RegionLevel
from changxiao.orgs.models import Region
from changxiao.orgs.owned import applies_in
from changxiao.orgs.scope import ancestor_paths

from .choices import DEFAULT_TRAINING_DAYS, DEFAULT_TRAINING_SOURCE, StaffTier
from .models import Attendance, TrainingStandard

GRASSROOTS_LEVELS = (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE)


@dataclass(frozen=True)
class Standard:
    tier: str
    days: Decimal
    source: str
    verified: bool
    owner: Region | None = None

    @property
    def tier_label(self) -> str:
        return StaffTier(self.tier).label


def tier_of(region: Region) -> str:
    return StaffTier.GRASSROOTS if region.level in GRASSROOTS_LEVELS else StaffTier.COUNTY_AND_ABOVE


def standard_for(region: Region) -> Standard:
    """The standard that applies to the practitioners of a unit located in the region."""
    return standard_for_tier(region, tier_of(region))


def standard_for_tier(region: Region, tier: str) -> Standard:
    """The standard of a tier in the region: the nearest office's up the tree, else the shipped default."""
    standards = TrainingStandard.objects.applying_in(region).filter(tier=tier).select_related("owner")
    return _nearest(tier, standards)


def standards_for(regions) -> dict[int, Standard]:
    """standard_for of each region, by region key, in one query (a city's posts lie in 1,700 regions)."""
    regions = list({region.pk: region for region in regions}.values())
    paths = {path for region in regions for path in ancestor_paths(region.path)}
    kept = list(TrainingStandard.objects.filter(owner__path__in=paths).select_related("owner"))
    found = {}
    for region in regions:
        tier = tier_of(region)
        found[region.pk] = _nearest(tier, [s for s in kept if s.tier == tier and applies_in(s.owner, region)])
    return found


def _nearest(tier: str, standards) -> Standard:
    nearest = max(standards, key=lambda s: len(s.owner.path), default=None)
    if nearest is None:
        return Standard(tier, Decimal(DEFAULT_TRAINING_DAYS[tier]), DEFAULT_TRAINING_SOURCE, False)
    return Standard(tier, nearest.days, nearest.source, nearest.verified, nearest.owner)


def days_in_year(practitioner_ids, year: int) -> dict[int, Decimal]:
    """Training days of each practitioner in sessions starting in the year (cancelled sessions left out)."""
    rows = (
        Attendance.objects.filter(
            practitioner_id__in=practitioner_ids,
            session__start__year=year,
            session__cancelled_at__isnull=True,
        )
        .values("practitioner_id")
        .annotate(total=Sum("days"))
        .order_by()
    )
    return {row["practitioner_id"]: row["total"] for row in rows}
