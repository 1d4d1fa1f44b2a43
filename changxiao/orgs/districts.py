"""Grouping by county-level jurisdiction (区县 and functional zones): units in statistics by district, and the
districts and venues that public pickers offer."""

from .choices import RegionLevel
from .models import Region, Unit

DISTRICT_LEVELS = (RegionLevel.COUNTY, RegionLevel.ZONE)


def district_names(places) -> dict[int, str]:
    """Each unit's county-level jurisdiction, from (unit key, region path, region name) rows; units above that level
    count under their own region (city level). The county-level regions are read whole (a province's ~100): asked by
    the thousands of keys on a city's units' paths, the query cost more to send than to answer."""
    county_level = dict(Region.objects.filter(level__in=DISTRICT_LEVELS).values_list("pk", "name"))
    names = {}
    for unit, path, region_name in places:
        ancestors = (int(pk) for pk in path.strip("/").split("/"))
        names[unit] = next((county_level[pk] for pk in ancestors if pk in county_level), region_name)
    return names


def districts_of(region: Region | None):
    """The county-level jurisdictions within a region (all of them without one), in the order of their
    administrative codes."""
    found = Region.objects.filter(path__startswith=region.path if region else "", level__in=DISTRICT_LEVELS)
    return found.order_by("code", "pk")


def venues_by_district(region: Region | None) -> list[tuple[str, list[tuple[int, str]]]]:
    """The active venues within a region as (district name, [(id, name)]) for a picker with groups: venues above
    district level (a city library) first under their own jurisdiction, then each district in code order."""
    districts = list(districts_of(region).values_list("path", "name"))
    venues = (
        Unit.objects.active()
        .filter(kind="venue", region__path__startswith=region.path if region else "")
        .order_by("sort_order", "code")
        .values_list("pk", "name", "region__path", "region__name")
    )
    groups: dict[str, list[tuple[int, str]]] = {}
    for pk, name, path, region_name in venues:
        label = next((district for prefix, district in districts if path.startswith(prefix)), region_name)
        groups.setdefault(label, []).append((pk, name))
    district_labels = [district for _prefix, district in districts]
    above = [label for label in groups if label not in district_labels]
    return [(label, groups[label]) for label in [*above, *district_labels] if label in groups]
