"""Excel imports of the organization mechanism: regions (行政区划) and units (单位).

Each row is created or, when its code exists, updated through the services, so every change writes the
same timeline events as the screens do. Parents come before their children whatever the order of the rows.
"""

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core.imports import (
    ImportColumn,
    ImportCounts,
    ImportDefinition,
    ImportRow,
    RowError,
    choice_labels,
    choice_parser,
    choices_lookup,
    decimal_parser,
    integer_parser,
    parse_yes_no,
    register_import,
    text_parser,
    yes_no_labels,
)

from . import services
from .choices import CHILD_LEVELS, RegionLevel, UnitKind, VenueType
from .models import PopulationRecord, Region, Unit, code_validator
from .permissions import can_add_child_region, can_manage_organization, can_manage_region, can_manage_unit

# Words people write in the level, kind and venue-type columns besides the labels of the choices.
REGION_LEVEL_ALIASES: dict[str, tuple[str, ...]] = {
    RegionLevel.PROVINCE: ("省", "省级", "自治区"),
    RegionLevel.CITY: ("市", "地级市", "设区的市", "州", "盟"),
    RegionLevel.COUNTY: ("县（市、区）", "县(市、区)", "县", "区", "县级市", "市辖区", "旗", "县区", "区县"),
    RegionLevel.ZONE: ("功能区", "开发区"),
    RegionLevel.TOWNSHIP: ("乡镇（街道）", "乡镇(街道)", "乡镇", "街道", "镇", "乡", "乡镇街道"),
    RegionLevel.VILLAGE: ("村（社区）", "村(社区)", "村", "社区", "村社区", "居委会", "村委会"),
}
UNIT_KIND_ALIASES: dict[str, tuple[str, ...]] = {
    UnitKind.OFFICE: ("领导小组办公室", "示范区创建办", "办公室"),
    UnitKind.DEPARTMENT: ("成员部门", "职能部门", "部门"),
    UnitKind.DISTRICT_GOVERNMENT: ("区政府", "县政府", "县（市、区）政府", "区县政府"),
    UnitKind.CULTURE_BUREAU: ("区文化主管部门", "文化主管部门", "文旅局", "文体旅局", "文广旅局", "文化局"),
    UnitKind.VENUE: ("场馆", "文化场馆"),
    UnitKind.SOCIAL_ORGANIZATION: ("社会组织",),
    UnitKind.MEDIA: ("媒体", "新闻媒体"),
    UnitKind.NPC_CPPCC: ("人大政协", "人大、政协", "人大/政协"),
    UnitKind.INSPECTION_TEAM: ("督查组", "督导组", "检查组"),
}
VENUE_TYPE_ALIASES: dict[str, tuple[str, ...]] = {
    VenueType.PUBLIC_LIBRARY: ("公共图书馆", "图书馆"),
    VenueType.CULTURE_CENTRE: ("文化馆",),
    VenueType.MUSEUM: ("博物馆",),
    VenueType.ART_GALLERY: ("美术馆",),
    VenueType.TOWNSHIP_STATION: ("乡镇综合文化站", "乡镇（街道）综合文化站", "综合文化站", "文化站"),
    VenueType.VILLAGE_ROOM: (
        "村（社区）综合性文化服务中心",
        "综合性文化服务中心",
        "村（社区）文化室",
        "文化室",
    ),
}


def parse_division_code(raw: str) -> str:
    if not re.fullmatch(r"\d{6}(\d{3}|\d{6})?", raw):
        raise ValidationError(_("A division code has 6, 9 or 12 digits."))
    return raw


def parse_unit_code(raw: str) -> str:
    code_validator(raw)
    return raw


def parse_year(raw: str) -> int:
    year = integer_parser(min_value=1949)(raw)
    if year > timezone.localdate().year:
        raise ValidationError(_("The year cannot be in the future."))
    return year


# --- Helpers shared by both imports ---------------------------------------------------------------------


def _duplicate_errors(rows: list[ImportRow], key: str, message: str) -> list[RowError]:
    """An error on every row whose code appears more than once in the file, naming the other rows."""
    rows_by_code: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        rows_by_code[row[key]].append(row.number)
    errors = []
    for row in rows:
        numbers = rows_by_code[row[key]]
        if len(numbers) > 1:
            others = ", ".join(str(n) for n in numbers if n != row.number)
            errors.append(row.error(key, message % {"code": row[key], "rows": others}))
    return errors


def _loops(rows: Iterable[ImportRow], parent_of: Callable[[str], str | None]) -> list[ImportRow]:
    """The rows whose chain of parents comes back to themselves."""
    looping = []
    for row in rows:
        seen = {row["code"]}
        current = parent_of(row["code"])
        while current:
            if current == row["code"]:
                looping.append(row)
                break
            if current in seen:
                break  # a loop further up, reported on its own rows
            seen.add(current)
            current = parent_of(current)
    return looping


def _parents_first(rows: list[ImportRow]) -> list[ImportRow]:
    """Rows ordered so that a row whose parent is in the file comes after that parent (file has no loops)."""
    by_code = {row["code"]: row for row in rows}
    children: dict[str, list[ImportRow]] = defaultdict(list)
    roots = []
    for row in rows:
        parent = row["parent_code"]
        if parent in by_code and parent != row["code"]:
            children[parent].append(row)
        else:
            roots.append(row)
    ordered: list[ImportRow] = []
    pending = roots
    while pending:
        ordered += pending
        pending = [child for row in pending for child in children[row["code"]]]
    return ordered


def _shown(field: models.Field, value: Any) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _apply_changes(obj: models.Model, values: dict[str, Any]) -> list[str]:
    """Set the changed fields on obj and describe them as 'field: old → new' lines for the timeline."""
    lines = []
    for name, new in values.items():
        old = getattr(obj, name)
        if old == new:
            continue
        field = obj._meta.get_field(name)
        lines.append(f"{capfirst(field.verbose_name)}: {_shown(field, old)} → {_shown(field, new)}")
        setattr(obj, name, new)
    return lines


def _changes_comment(lines: list[str]) -> str:
    return "\n".join([_("Changed by Excel import."), *lines])


# --- Regions ----------------------------------------------------------------------------------------------

region_levels = choices_lookup(RegionLevel, REGION_LEVEL_ALIASES)

REGION_COLUMNS = [
    ImportColumn(
        "code",
        gettext_lazy("Division code"),
        required=True,
        parse=parse_division_code,
        text=True,
        example="320508",
        aliases=("区划代码", "行政区划代码"),
        help_text=gettext_lazy(
            "6, 9 or 12 digits (GB/T 2260, or the statistical code of a zone, township or village). "
            "A code that already exists updates that region."
        ),
    ),
    ImportColumn(
        "name",
        gettext_lazy("Name"),
        required=True,
        parse=text_parser(60),
        example="姑苏区",
        aliases=("名称", "区划名称"),
        width=18,
    ),
    ImportColumn(
        "level",
        gettext_lazy("Level"),
        required=True,
        parse=choice_parser(region_levels, choice_labels(RegionLevel)),
        choices=choice_labels(RegionLevel),
        example=RegionLevel.COUNTY.label,
        aliases=("层级", "级别"),
        help_text=gettext_lazy(
            "Must fit under the parent: a city under a province, a county or zone under a city, and so on."
        ),
    ),
    ImportColumn(
        "parent_code",
        gettext_lazy("Parent division code"),
        parse=parse_division_code,
        text=True,
        example="320500",
        aliases=("上级区划代码",),
        help_text=gettext_lazy(
            "An existing region you manage, or a region in this file (above or below this row). "
            "The parent of an existing region cannot be changed here."
        ),
    ),
    ImportColumn(
        "population_year",
        gettext_lazy("Population year"),
        parse=parse_year,
        example="2024",
        aliases=("常住人口年份", "人口年份"),
        help_text=gettext_lazy("Fill in together with the resident population, or leave both empty."),
    ),
    ImportColumn(
        "resident",
        gettext_lazy("Resident population (persons)"),
        parse=integer_parser(min_value=1, max_value=2_000_000_000),
        example="926100",
        aliases=("常住人口（人）", "常住人口"),
        help_text=gettext_lazy("Year-end resident population (常住人口), in persons."),
    ),
    ImportColumn(
        "area_km2",
        gettext_lazy("Area (km²)"),
        parse=decimal_parser(max_digits=10, decimal_places=2, min_value=Decimal(0)),
        example="83.40",
        aliases=("面积（平方公里）", "面积(km²)", "面积"),
        help_text=gettext_lazy("In square kilometres, at most two decimals."),
    ),
]


def validate_regions(user, rows: list[ImportRow]) -> list[RowError]:
    errors = _duplicate_errors(
        rows,
        "code",
        _("The division code %(code)s appears more than once in this file (also rows %(rows)s)."),
    )
    in_file = {}
    for row in rows:
        in_file.setdefault(row["code"], row)
    existing = {r.code: r for r in Region.objects.filter(code__in=in_file).select_related("parent")}
    parent_codes = {row["parent_code"] for row in rows if row["parent_code"]}
    in_db = {r.code: r for r in Region.objects.filter(code__in=parent_codes)}

    for row in rows:
        code, parent_code, level = row["code"], row["parent_code"], row["level"]
        region = existing.get(code)
        if region is not None and not can_manage_region(user, region):
            errors.append(
                row.error(
                    "code",
                    _("The division code %(code)s belongs to a region you do not manage.") % {"code": code},
                )
            )
            continue
        parent_level = None
        if region is not None:
            current = region.parent.code if region.parent else None
            if parent_code != current:
                errors.append(
                    row.error(
                        "parent_code",
                        _(
                            "The parent of an existing region (now %(current)s) cannot be changed by import; "
                            "edit the region instead."
                        )
                        % {"current": current or "—"},
                    )
                )
            elif current:
                parent_level = in_file[current]["level"] if current in in_file else region.parent.level
            if level != region.level:
                errors += _children_misfit(row, region, in_file)
        elif not parent_code:
            if not user.is_superuser:
                errors.append(row.error("parent_code", _("Enter the parent division code.")))
        elif parent_code == code:
            errors.append(row.error("parent_code", _("A region cannot be its own parent.")))
        elif parent_code in in_db and not can_add_child_region(user, in_db[parent_code]):
            errors.append(
                row.error(
                    "parent_code",
                    _("The region %(code)s is outside the regions you manage.") % {"code": parent_code},
                )
            )
        elif parent_code in in_file:
            parent_level = in_file[parent_code]["level"]  # the level the file gives it
        elif parent_code in in_db:
            parent_level = in_db[parent_code].level
        else:
            errors.append(
                row.error(
                    "parent_code",
                    _("No region with the division code %(code)s exists, in the database or in this file.")
                    % {"code": parent_code},
                )
            )
        if parent_level and level not in CHILD_LEVELS[parent_level]:
            errors.append(
                row.error(
                    "level",
                    _("A %(level)s cannot be placed under a %(parent)s.")
                    % {"level": RegionLevel(level).label, "parent": RegionLevel(parent_level).label},
                )
            )
        if (row["population_year"] is None) != (row["resident"] is None):
            missing = "resident" if row["resident"] is None else "population_year"
            errors.append(
                row.error(
                    missing, _("Fill in both the population year and the resident population, or neither.")
                )
            )

    new_rows = [row for row in rows if row["code"] not in existing]
    new_parents = {row["code"]: row["parent_code"] for row in new_rows}
    for row in _loops(new_rows, new_parents.get):
        errors.append(row.error("parent_code", _("The chain of parents of this row loops back to it.")))
    return errors


def _children_misfit(row: ImportRow, region: Region, in_file: dict[str, ImportRow]) -> list[RowError]:
    """Changing an existing region's level must keep its sub-regions allowed under it."""
    allowed = CHILD_LEVELS[row["level"]]
    for child_code, child_level in region.children.values_list("code", "level"):
        level = in_file[child_code]["level"] if child_code in in_file else child_level
        if level not in allowed:
            return [
                row.error(
                    "level",
                    _("Sub-regions such as %(child)s cannot be placed under a %(level)s.")
                    % {"child": child_code, "level": RegionLevel(row["level"]).label},
                )
            ]
    return []


def apply_regions(user, rows: list[ImportRow]) -> ImportCounts:
    codes = [row["code"] for row in rows] + [row["parent_code"] for row in rows if row["parent_code"]]
    known = {r.code: r for r in Region.objects.filter(code__in=codes).select_related("parent")}
    created = updated = unchanged = 0
    for row in _parents_first(rows):
        with row.reporting():
            region = known.get(row["code"])
            values = {"name": row["name"], "level": row["level"], "area_km2": row["area_km2"]}
            if region is None:
                parent = known[row["parent_code"]] if row["parent_code"] else None
                region = services.region_create(by=user, parent=parent, code=row["code"], **values)
                known[region.code] = region
                created += 1
                _record_population(user, region, row)
                continue
            lines = _apply_changes(region, values)
            if lines:
                region.full_clean(exclude=["path", "parent"])
                services.region_update(
                    region=region,
                    by=user,
                    changes_comment=_changes_comment(lines),
                    old_parent_id=region.parent_id,
                )
            population_changed = _record_population(user, region, row)
            if lines or population_changed:
                updated += 1
            else:
                unchanged += 1
    return ImportCounts(created=created, updated=updated, unchanged=unchanged)


def _record_population(user, region: Region, row: ImportRow) -> bool:
    year, resident = row["population_year"], row["resident"]
    if year is None:
        return False
    if PopulationRecord.objects.filter(region=region, year=year, resident=resident).exists():
        return False
    services.population_record(region=region, by=user, year=year, resident=resident, source=_("Excel import"))
    return True


register_import(
    ImportDefinition(
        name="orgs-regions",
        title=gettext_lazy("Regions"),
        columns=REGION_COLUMNS,
        can_import=can_manage_organization,
        validate_rows=validate_regions,
        apply=apply_regions,
        return_url=reverse_lazy("orgs:region_list"),
        notes=(
            gettext_lazy("Regions are created parents first, whatever the order of the rows."),
            gettext_lazy(
                "A row of an existing region replaces its name, level and area; its parent stays as it is."
            ),
            gettext_lazy(
                "Population: fill in the year and the resident population to add or correct that figure."
            ),
        ),
    )
)


# --- Units ------------------------------------------------------------------------------------------------

unit_kinds = choices_lookup(UnitKind, UNIT_KIND_ALIASES)
venue_types = choices_lookup(VenueType, VENUE_TYPE_ALIASES)

UNIT_COLUMNS = [
    ImportColumn(
        "code",
        gettext_lazy("Unit code"),
        required=True,
        parse=parse_unit_code,
        text=True,
        example="GS-WHG",
        aliases=("单位编码", "单位代码"),
        help_text=gettext_lazy("Letters, digits, '-' or '_'. A code that already exists updates that unit."),
    ),
    ImportColumn(
        "name",
        gettext_lazy("Unit name"),
        required=True,
        parse=text_parser(100),
        example="姑苏区文化馆",
        aliases=("单位名称",),
        width=28,
    ),
    ImportColumn(
        "short_name", gettext_lazy("Short name"), parse=text_parser(40), example="区文化馆", aliases=("简称",)
    ),
    ImportColumn(
        "kind",
        gettext_lazy("Unit kind"),
        required=True,
        parse=choice_parser(unit_kinds, choice_labels(UnitKind)),
        choices=choice_labels(UnitKind),
        example=UnitKind.VENUE.label,
        aliases=("单位类别", "单位类型"),
        width=20,
    ),
    ImportColumn(
        "venue_type",
        gettext_lazy("Venue type"),
        parse=choice_parser(venue_types, choice_labels(VenueType)),
        choices=choice_labels(VenueType),
        example=VenueType.CULTURE_CENTRE.label,
        aliases=("场馆类型",),
        help_text=gettext_lazy("Required for a venue; empty for every other kind."),
        width=20,
    ),
    ImportColumn(
        "region_code",
        gettext_lazy("Jurisdiction division code"),
        required=True,
        parse=parse_division_code,
        text=True,
        example="320508",
        aliases=("所属区划代码",),
        help_text=gettext_lazy("Division code of an existing region you manage."),
    ),
    ImportColumn(
        "parent_code",
        gettext_lazy("Supervising unit code"),
        parse=parse_unit_code,
        text=True,
        example="GS-WTL",
        aliases=("上级单位编码",),
        help_text=gettext_lazy(
            "Optional: an active unit you manage, or a unit in this file (above or below this row)."
        ),
    ),
    ImportColumn(
        "is_lead",
        gettext_lazy("Lead department"),
        parse=parse_yes_no,
        choices=yes_no_labels,
        example=gettext_lazy("no"),
        aliases=("是否牵头部门", "牵头部门"),
        help_text=gettext_lazy("Only for a member department; empty means no."),
    ),
    ImportColumn(
        "is_member",
        gettext_lazy("Member of the leading group"),
        parse=parse_yes_no,
        choices=yes_no_labels,
        example=gettext_lazy("no"),
        aliases=("是否领导小组成员单位", "领导小组成员单位"),
        help_text=gettext_lazy("Empty means no."),
    ),
    ImportColumn(
        "leader_name",
        gettext_lazy("Head of unit"),
        parse=text_parser(60),
        example="李明",
        aliases=("负责人",),
    ),
    ImportColumn(
        "contact_name",
        gettext_lazy("Contact person"),
        parse=text_parser(60),
        example="王芳",
        aliases=("联系人",),
    ),
    ImportColumn(
        "contact_phone",
        gettext_lazy("Contact phone"),
        parse=text_parser(30),
        text=True,
        example="0512-65000000",
        aliases=("联系电话",),
    ),
    ImportColumn(
        "address",
        gettext_lazy("Address"),
        parse=text_parser(200),
        example="苏州市姑苏区",
        aliases=("地址",),
        width=30,
    ),
]


def validate_units(user, rows: list[ImportRow]) -> list[RowError]:
    errors = _duplicate_errors(
        rows, "code", _("The unit code %(code)s appears more than once in this file (also rows %(rows)s).")
    )
    in_file: dict[str, ImportRow] = {}
    for row in rows:
        in_file.setdefault(row["code"], row)
    referenced = set(in_file) | {row["parent_code"] for row in rows if row["parent_code"]}
    units = {u.code: u for u in Unit.objects.filter(code__in=referenced).select_related("region", "parent")}
    regions = {r.code: r for r in Region.objects.filter(code__in={row["region_code"] for row in rows})}

    for row in rows:
        code, kind, parent_code = row["code"], row["kind"], row["parent_code"]
        unit = units.get(code)
        if unit is not None and not can_manage_unit(user, unit):
            errors.append(
                row.error(
                    "code", _("The unit code %(code)s belongs to a unit you do not manage.") % {"code": code}
                )
            )
            continue
        if kind == UnitKind.VENUE and not row["venue_type"]:
            errors.append(row.error("venue_type", _("Choose the venue type.")))
        if kind != UnitKind.VENUE and row["venue_type"]:
            errors.append(row.error("venue_type", _("Only a venue has a venue type.")))
        if row["is_lead"] and kind != UnitKind.DEPARTMENT:
            errors.append(row.error("is_lead", _("Only a member department can be a lead department.")))
        region = regions.get(row["region_code"])
        if region is None:
            errors.append(
                row.error(
                    "region_code",
                    _("No region has the division code %(code)s.") % {"code": row["region_code"]},
                )
            )
        elif not can_manage_region(user, region):
            errors.append(
                row.error(
                    "region_code",
                    _("The region %(code)s is outside the regions you manage.")
                    % {"code": row["region_code"]},
                )
            )
        if not parent_code:
            continue
        errors += _unit_parent_errors(user, row, unit, units.get(parent_code), in_file)

    parents = _unit_parents(in_file)
    for row in _loops(in_file.values(), parents.get):
        errors.append(
            row.error("parent_code", _("The chain of supervising units of this row loops back to it."))
        )
    return errors


def _unit_parent_errors(
    user, row: ImportRow, unit: Unit | None, parent: Unit | None, in_file: dict[str, ImportRow]
) -> list[RowError]:
    """A supervising unit must be an active unit the user manages, or a unit of this file."""
    parent_code = row["parent_code"]
    if parent_code == row["code"]:
        return [row.error("parent_code", _("A unit cannot supervise itself."))]
    if parent is None:
        if parent_code in in_file:
            return []  # created by this file; loops are checked separately
        message = _("No unit with the code %(code)s exists, in the database or in this file.")
        return [row.error("parent_code", message % {"code": parent_code})]
    if unit is not None and unit.parent_id == parent.pk:
        return []  # unchanged: kept even when the supervising unit lies outside the user's jurisdiction
    if not can_manage_unit(user, parent):
        message = _("The unit %(code)s is outside the units you manage.")
        return [row.error("parent_code", message % {"code": parent_code})]
    if not parent.is_active:
        return [row.error("parent_code", _("The unit %(code)s is inactive.") % {"code": parent_code})]
    return []


def _unit_parents(in_file: dict[str, ImportRow]) -> dict[str, str | None]:
    """Code → supervising unit code, as the file would leave it, for the units a loop could pass through."""
    parents: dict[str, str | None] = {code: row["parent_code"] for code, row in in_file.items()}
    frontier = {p for p in parents.values() if p and p not in parents}
    while frontier:
        found = dict(Unit.objects.filter(code__in=frontier).values_list("code", "parent__code"))
        parents.update({code: found.get(code) for code in frontier})
        frontier = {p for p in found.values() if p and p not in parents}
    return parents


def apply_units(user, rows: list[ImportRow]) -> ImportCounts:
    codes = {row["code"] for row in rows} | {row["parent_code"] for row in rows if row["parent_code"]}
    known = {u.code: u for u in Unit.objects.filter(code__in=codes).select_related("region", "parent")}
    regions = {r.code: r for r in Region.objects.filter(code__in={row["region_code"] for row in rows})}
    created = updated = unchanged = 0
    for row in _parents_first(rows):
        with row.reporting():
            values = {
                "name": row["name"],
                "short_name": row["short_name"] or "",
                "kind": row["kind"],
                "venue_type": row["venue_type"] or "",
                "region": regions[row["region_code"]],
                "parent": known[row["parent_code"]] if row["parent_code"] else None,
                "is_lead": bool(row["is_lead"]),
                "is_member": bool(row["is_member"]),
                "leader_name": row["leader_name"] or "",
                "contact_name": row["contact_name"] or "",
                "contact_phone": row["contact_phone"] or "",
                "address": row["address"] or "",
            }
            unit = known.get(row["code"])
            if unit is None:
                unit = services.unit_create(by=user, unit=Unit(code=row["code"], **values))
                known[unit.code] = unit
                created += 1
                continue
            lines = _apply_changes(unit, values)
            if not lines:
                unchanged += 1
                continue
            unit.full_clean()
            services.unit_update(unit=unit, by=user, changes_comment=_changes_comment(lines))
            updated += 1
    return ImportCounts(created=created, updated=updated, unchanged=unchanged)


register_import(
    ImportDefinition(
        name="orgs-units",
        title=gettext_lazy("Units"),
        columns=UNIT_COLUMNS,
        can_import=can_manage_organization,
        validate_rows=validate_units,
        apply=apply_units,
        return_url=reverse_lazy("orgs:unit_list"),
        notes=(
            gettext_lazy(
                "Supervising units are created before the units under them, whatever the order of the rows."
            ),
            gettext_lazy(
                "A row of an existing unit replaces its fields: an empty optional cell clears the value."
            ),
        ),
    )
)
