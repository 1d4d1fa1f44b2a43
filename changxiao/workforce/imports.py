"""Excel import of staff (从业人员): one row per person in post, into the units whose rosters the importer keeps —
all rows or none, errors row by row (a malformed identity card number, a unit not kept, the same number twice,
a post overlapping one already held)."""

from django.urls import reverse_lazy
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
    parse_date,
    register_import,
    text_parser,
)
from changxiao.core.personal_data import lookup_digest, normalize_id_number, normalize_phone
from changxiao.orgs.scope import get_scope

from . import services
from .choices import PostKind, PostRole
from .models import Post
from .permissions import units_managed

KIND_ALIASES = {
    PostKind.ESTABLISHED: ("编制", "在编"),
    PostKind.PUBLIC_WELFARE: ("公益性岗位", "公益岗"),
    PostKind.PURCHASED: ("政府购买", "购买服务"),
    PostKind.PART_TIME: ("兼职",),
}
ROLE_ALIASES = {
    PostRole.MANAGER: ("站长", "负责人", "中心负责人", "馆长"),
    PostRole.ADMINISTRATOR: ("管理员", "文化管理员", "专职管理员"),
    PostRole.LIBRARIAN: ("图书管理员",),
    PostRole.INSTRUCTOR: ("辅导员", "文艺辅导员"),
    PostRole.TECHNICIAN: ("技术员",),
    PostRole.OTHER: ("其他",),
}


def _id_number(raw: str) -> str:
    return normalize_id_number(raw)


def _phone(raw: str) -> str:
    return normalize_phone(raw)


COLUMNS = [
    ImportColumn(
        "unit",
        gettext_lazy("Unit"),
        required=True,
        parse=text_parser(100),
        example="平江街道综合文化站",
        width=28,
        aliases=("单位", "所在单位"),
        help_text=gettext_lazy(
            "By name, short name or code, as in the unit list; a unit whose roster you keep."
        ),
    ),
    ImportColumn(
        "name",
        gettext_lazy("Full name"),
        required=True,
        parse=text_parser(20),
        example="赵敏",
        aliases=("姓名",),
    ),
    ImportColumn(
        "id_number",
        gettext_lazy("Identity card number"),
        required=True,
        parse=_id_number,
        text=True,
        example="11010519491231002X",
        width=22,
        aliases=("身份证号", "身份证号码"),
    ),
    ImportColumn(
        "phone",
        gettext_lazy("Phone"),
        parse=_phone,
        text=True,
        example="13912345678",
        aliases=("电话", "手机"),
    ),
    ImportColumn(
        "kind",
        gettext_lazy("Kind of post"),
        required=True,
        parse=choice_parser(choices_lookup(PostKind, KIND_ALIASES), choice_labels(PostKind)),
        choices=choice_labels(PostKind),
        example="编制",
        aliases=("岗位性质",),
    ),
    ImportColumn(
        "role",
        gettext_lazy("Post role"),
        required=True,
        parse=choice_parser(choices_lookup(PostRole, ROLE_ALIASES), choice_labels(PostRole)),
        choices=choice_labels(PostRole),
        example="站长",
        aliases=("岗位", "职务"),
    ),
    ImportColumn(
        "start",
        gettext_lazy("Start"),
        required=True,
        parse=parse_date,
        example="2026-01-05",
        aliases=("到岗日期",),
    ),
]


def _unit_table(user) -> dict:
    table = {}
    for unit in units_managed(user).select_related("region"):
        for name in (unit.code, unit.name, unit.short_name):
            if name:
                table.setdefault(name, unit)
    return table


def validate_staff(user, rows: list[ImportRow]) -> list[RowError]:
    errors: list[RowError] = []
    units = _unit_table(user)
    seen: dict[str, ImportRow] = {}
    for row in rows:
        if row["unit"] not in units:
            errors.append(row.error("unit", _("No unit of this name whose roster you keep.")))
        number = row["id_number"]
        if number in seen:
            errors.append(
                row.error(
                    "id_number",
                    _("This identity card number appears twice in the file (also row %(row)d).")
                    % {"row": seen[number].number},
                )
            )
        seen.setdefault(number, row)
        clash = (
            Post.objects.filter(practitioner__id_number_digest=lookup_digest(number))
            .overlapping(row["start"], None)
            .select_related("unit")
            .first()
        )
        if clash is not None:
            errors.append(
                row.error(
                    "start",
                    _("This person already holds a post in %(unit)s from %(start)s: end it first.")
                    % {"unit": clash.unit.name, "start": clash.start.isoformat()},
                )
            )
    return errors


def apply_staff(user, rows: list[ImportRow]) -> ImportCounts:
    units = _unit_table(user)
    for row in rows:
        with row.reporting():
            services.practitioner_register(
                unit=units[row["unit"]],
                by=user,
                name=row["name"],
                id_number=row["id_number"],
                phone=row["phone"] or "",
                kind=row["kind"],
                role=row["role"],
                start=row["start"],
            )
    return ImportCounts(created=len(rows))


def _can_import(user) -> bool:
    return not get_scope(user).read_only and units_managed(user).exists()


register_import(
    ImportDefinition(
        name="workforce-staff",
        title=gettext_lazy("Staff in post"),
        columns=COLUMNS,
        can_import=_can_import,
        validate_rows=validate_staff,
        apply=apply_staff,
        return_url=reverse_lazy("workforce:overview"),
        notes=(
            gettext_lazy(
                "One row per person taking a post; someone already registered is found by the number."
            ),
            gettext_lazy(
                "Identity card numbers are checked by their last character; they are stored encrypted."
            ),
            gettext_lazy("Nothing is imported unless every row is right."),
        ),
    )
)
