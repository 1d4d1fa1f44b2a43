"""历次测评对比: the runs of one survey side by side — the same questionnaire over the same jurisdiction, run each
half-year or year — so the office, a district or a venue sees whether satisfaction moved and whether the move is
more than the sampling error. A series is read as the person reads its campaigns: whole, or as their share."""

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from changxiao.orgs.models import Region

from . import index, permissions, tallies
from .models import Campaign
from .permissions import Share

RUNS = 6  # the newest runs of a series side by side


@dataclass(frozen=True)
class Step:
    """A cell beside the one before it in the row: its figure, and the change when both have one."""

    cell: index.Cell | None
    change: float | None = None
    beyond_error: bool = False  # the change exceeds its 95% margin


@dataclass
class Series:
    key: str
    label: str
    campaigns: list[Campaign]
    share: Share | None


def series_of(user) -> list[Series]:
    """The person's survey series, the one with the newest run first: campaigns of the same jurisdiction and the
    same questionnaire (any version), oldest run first within a series."""
    read = [(campaign, None) for campaign in _related(permissions.campaigns_visible(user))]
    covering = list(_related(permissions.campaigns_covering(user)))
    if covering:
        share = permissions.share_of(user)
        read += [(campaign, share) for campaign in covering]
    found: dict[str, Series] = {}
    for campaign, share in sorted(read, key=lambda item: (item[0].starts_on, item[0].pk)):
        key = f"{campaign.region_id}-{campaign.questionnaire.code}"
        if key not in found:
            label = f"{campaign.region.name} · {campaign.questionnaire.title}"
            found[key] = Series(key, label, [], share)
        found[key].campaigns.append(campaign)
    return sorted(found.values(), key=lambda s: (s.campaigns[-1].starts_on, s.campaigns[-1].pk), reverse=True)


def _related(campaigns):
    return campaigns.select_related("questionnaire", "region").order_by()


def comparison(series: Series) -> dict:
    """The newest RUNS runs: by dimension and by jurisdiction, each cell with its change from the run before."""
    runs = series.campaigns[-RUNS:]
    tables = [tallies.campaign_tables(campaign, series.share) for campaign in runs]
    dimensions: dict[str, str] = {}  # the versions' dimensions in order of appearance, the overall index last
    for campaign in runs:
        dimensions.update(index.dimension_names(campaign.questionnaire, with_overall=False))
    dimensions[index.OVERALL] = _("Satisfaction index")
    region_ids = {pk for table in tables for pk in table.by_region}
    regions = sorted(Region.objects.filter(pk__in=region_ids), key=lambda region: region.path)
    return {
        "runs": runs,
        "by_dimension": [
            (name, steps([table.overall.get(code) for table in tables])) for code, name in dimensions.items()
        ],
        "by_region": [
            (region, steps([table.by_region.get(region.pk, {}).get(index.OVERALL) for table in tables]))
            for region in regions
        ],
        "trend": {
            name: [
                table.overall[code].mean if code in table.overall and table.overall[code].enough else None
                for table in tables
            ]
            for code, name in dimensions.items()
        },
    }


def steps(cells: list[index.Cell | None]) -> list[Step]:
    """Each cell with its change from the one before, and whether the change exceeds 1.96 standard errors of the
    difference (the two runs' samples are independent)."""
    found = []
    for before, cell in zip([None, *cells], cells, strict=False):
        if before is None or cell is None or not (before.enough and cell.enough):
            found.append(Step(cell))
            continue
        change = cell.mean - before.mean
        margin = index.Z95 * math.hypot(_standard_error(before), _standard_error(cell))
        found.append(Step(cell, round(change, 1), abs(change) > margin))
    return found


def _standard_error(cell: index.Cell) -> float:
    """From the cell's 95% interval (mean ± 1.96·SE; an interval cut at 0 or 100 gives its wider half)."""
    return max(cell.high - cell.mean, cell.mean - cell.low) / index.Z95
