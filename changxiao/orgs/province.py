"""The province's jurisdiction tree and units (core.province): 13 cities × 8 counties × 13 townships × 15 villages at
scale 1, a leading-group office and a media unit per city, a culture bureau, a district government, a library and a
culture centre per county, a comprehensive culture station per township and a culture room per village, and each
region's resident population of last year (the per-10,000-residents figures divide by it); and a person in each
unit with the role orgs.choices gives a unit's accounts (the office's staff, a district coordinator in each culture
bureau and district government, an observer at each paper, the staff of each venue): whom the sweep tells."""

from django.contrib.auth.hashers import make_password

from changxiao.core.province import BATCH, Province, register_province

from .choices import DEFAULT_ROLE_FOR_KIND, RegionLevel, UnitKind, VenueType
from .models import Membership, PopulationRecord, Region, Unit, User

# Residents of a village; a township, county, city and the province are the sums of theirs.
VILLAGE_RESIDENTS = (1_500, 4_500)


def _children(parents, level, count, code_of, name_of) -> list[Region]:
    made = Region.objects.bulk_create(
        (
            Region(code=code_of(p, i), name=name_of(p, i), level=level, parent=p, sort_order=i)
            for p in parents
            for i in range(count)
        ),
        batch_size=BATCH,
    )
    by_pk = {p.pk: p for p in parents}
    for region in made:
        region.path = f"{by_pk[region.parent_id].path}{region.pk}/"
    Region.objects.bulk_update(made, ["path"], batch_size=BATCH)
    return made


def _units(regions, prefix, kind, name, venue_type="") -> list[Unit]:
    units = Unit.objects.bulk_create(
        (
            Unit(
                code=f"P{prefix}{i:05d}",
                name=f"{r.name}{name}",
                kind=kind,
                venue_type=venue_type,
                region=r,
                is_member=kind != UnitKind.VENUE,
            )
            for i, r in enumerate(regions)
        ),
        batch_size=BATCH,
    )
    for unit, region in zip(units, regions, strict=True):
        unit.region = region
    return units


def _people(units: list[Unit]) -> int:
    """One person per unit (username its code in lower case), who cannot sign in until given a password."""
    password = make_password(None)
    users = User.objects.bulk_create(
        (
            User(
                username=unit.code.lower(),
                full_name=f"{unit.name}联络员",
                email=f"{unit.code.lower()}@example.org",
                password=password,
            )
            for unit in units
        ),
        batch_size=BATCH,
    )
    Membership.objects.bulk_create(
        (
            Membership(user=user, unit=unit, role=DEFAULT_ROLE_FOR_KIND[unit.kind])
            for user, unit in zip(users, units, strict=True)
        ),
        batch_size=BATCH,
    )
    return len(users)


@register_province("orgs", order=10, occupied_by=("orgs.Region", "orgs.Unit"))
def generate(province: Province) -> dict[str, int]:
    n_cities, n_counties, n_towns, n_villages = province.tree_shape()
    root = Region.objects.create(code="340000", name="示范省", level=RegionLevel.PROVINCE)
    root.path = f"/{root.pk}/"
    root.save(update_fields=["path"])
    cities = _children(
        [root], RegionLevel.CITY, n_cities, lambda p, i: f"34{i + 1:02d}00", lambda p, i: f"第{i + 1}市"
    )
    counties = _children(
        cities,
        RegionLevel.COUNTY,
        n_counties,
        lambda p, i: f"{p.code[:4]}{i + 1:02d}",
        lambda p, i: f"{p.name}{i + 1}区",
    )
    towns = _children(
        counties,
        RegionLevel.TOWNSHIP,
        n_towns,
        lambda p, i: f"{p.code}{i + 1:03d}",
        lambda p, i: f"{p.name}{i + 1}镇",
    )
    villages = _children(
        towns,
        RegionLevel.VILLAGE,
        n_villages,
        lambda p, i: f"{p.code}{i + 1:03d}",
        lambda p, i: f"{p.name}{i + 1}村",
    )
    rng = province.rng("orgs")
    residents = {v.pk: rng.randint(*VILLAGE_RESIDENTS) for v in villages}
    for upper in (towns, counties, cities, [root]):
        for region in upper:
            residents[region.pk] = 0
        for child_pk, parent_pk in Region.objects.filter(parent__in=upper).values_list("pk", "parent_id"):
            residents[parent_pk] += residents[child_pk]
    PopulationRecord.objects.bulk_create(
        (
            PopulationRecord(region_id=pk, year=province.year - 1, resident=n, source="统计年鉴（生成）")
            for pk, n in residents.items()
        ),
        batch_size=BATCH,
    )
    units = {
        "offices": _units(cities, "O", UnitKind.OFFICE, "长效管理领导小组办公室"),
        "media": _units(cities, "M", UnitKind.MEDIA, "日报社"),
        "bureaus": _units(counties, "B", UnitKind.CULTURE_BUREAU, "文体旅局"),
        "governments": _units(counties, "G", UnitKind.DISTRICT_GOVERNMENT, "人民政府"),
        "libraries": _units(counties, "L", UnitKind.VENUE, "图书馆", VenueType.PUBLIC_LIBRARY),
        "culture_centres": _units(counties, "C", UnitKind.VENUE, "文化馆", VenueType.CULTURE_CENTRE),
        "stations": _units(towns, "S", UnitKind.VENUE, "综合文化站", VenueType.TOWNSHIP_STATION),
        "centres": _units(villages, "V", UnitKind.VENUE, "综合性文化服务中心", VenueType.VILLAGE_ROOM),
    }
    people = _people([unit for kind in units.values() for unit in kind])
    parent_of = {r.pk: r.parent_id for r in (*cities, *counties, *towns, *villages)}
    province.tree.update(
        parent_of=parent_of,
        province=root,
        cities=cities,
        counties=counties,
        towns=towns,
        villages=villages,
        **units,
    )
    return {
        "regions": 1 + len(cities) + len(counties) + len(towns) + len(villages),
        "units": sum(len(u) for u in units.values()),
        "population records": len(residents),
        "people": people,
    }
