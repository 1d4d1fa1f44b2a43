"""Grouping units by their county-level jurisdiction (区县), for statistics by district."""

from .choices import RegionLevel
from .models import Region


def district_names(units) -> dict[int, str]:
    """Each unit's county-level jurisdiction; units above that level count under their own region (city level).
    The units must come with their region (select_related("region"))."""
    units = list(units)
    region_ids = {int(pk) for unit in units for pk in unit.region.path.strip("/").split("/")}
    county_level = {
        r.pk: r.name
        for r in Region.objects.filter(pk__in=region_ids, level__in=[RegionLevel.COUNTY, RegionLevel.ZONE])
    }
    names = {}
    for unit in units:
        ancestors = [int(pk) for pk in unit.region.path.strip("/").split("/")]
        county = next((county_level[pk] for pk in ancestors if pk in county_level), None)
        names[unit.pk] = county or unit.region.name
    return names
