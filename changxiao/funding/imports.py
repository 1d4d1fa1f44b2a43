"""Excel import of fiscal figures: one row per jurisdiction, year and stage (budget or final accounts), into the
jurisdictions whose figures the importer enters — all rows or none, errors row by row (a jurisdiction not theirs,
money negative or with more than two decimals, final accounts of a year to come, the same figures twice, a revision
without its reason). Each row goes through figures_enter, so the rules are checked as on the page."""

from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core.bounds import TEXT_MAX, TITLE_MAX
from changxiao.core.imports import (
    ImportColumn,
    ImportCounts,
    ImportDefinition,
    ImportRow,
    RowError,
    choice_labels,
    choice_parser,
    choices_lookup,
    integer_parser,
    register_import,
    text_parser,
)
from changxiao.orgs.scope import get_scope

from . import services
from .choices import CULTURE_FUNCTION_CODE, CULTURE_FUNCTION_NAMES, Stage
from .models import FiscalRecord
from .permissions import can_enter_figures, fiscal_regions

STAGE_ALIASES = {Stage.BUDGET: ("预算", "年初预算"), Stage.FINAL: ("决算", "财政决算")}


def _money(raw: str):
    return services.check_money(raw.replace(",", "").replace("，", ""), field="value", label=_("The amount"))


def _optional_money(raw: str):
    return _money(raw) if raw.strip() else None


def _culture_name(raw: str) -> str:
    """Class 207 under either of its names, or its code: both names are one series."""
    text = raw.strip()
    if not text or text == CULTURE_FUNCTION_CODE:
        return CULTURE_FUNCTION_NAMES[0]
    for name in CULTURE_FUNCTION_NAMES:
        if text.endswith(name):  # "七、文化旅游体育与传媒支出", "207 文化体育与传媒支出"
            return name
    raise ValidationError(_("Class 207 is named 文化旅游体育与传媒支出 or 文化体育与传媒支出."))


def _unwrap(parse):
    """A parser raising the service's {field: message} as a plain message for the row."""

    def parse_cell(raw: str):
        try:
            return parse(raw)
        except ValidationError as exc:
            messages = exc.message_dict.get("value") if hasattr(exc, "error_dict") else exc.messages
            raise ValidationError(messages) from None

    return parse_cell


COLUMNS = [
    ImportColumn(
        "region",
        gettext_lazy("Jurisdiction"),
        required=True,
        parse=text_parser(60),
        example="姑苏区",
        aliases=("地区", "行政区划"),
        help_text=gettext_lazy("By name or division code; a jurisdiction whose figures you enter."),
    ),
    ImportColumn(
        "year", gettext_lazy("Year"), required=True, parse=integer_parser(2000, 2100), example="2025"
    ),
    ImportColumn(
        "stage",
        gettext_lazy("Figures"),
        required=True,
        parse=choice_parser(choices_lookup(Stage, STAGE_ALIASES), choice_labels(Stage)),
        choices=choice_labels(Stage),
        example="决算",
        aliases=("预算或决算",),
    ),
    ImportColumn(
        "regular_revenue",
        gettext_lazy("Regular fiscal revenue (经常性收入, yuan)"),
        required=True,
        parse=_unwrap(_money),
        example="1074000000.00",
        width=20,
        aliases=("经常性收入",),
    ),
    ImportColumn(
        "general_expenditure",
        gettext_lazy("General budget expenditure (一般公共预算支出, yuan)"),
        required=True,
        parse=_unwrap(_money),
        example="1200000000.00",
        width=20,
        aliases=("一般公共预算支出",),
    ),
    ImportColumn(
        "culture_spending",
        gettext_lazy("Culture spending, function class 207 (yuan)"),
        required=True,
        parse=_unwrap(_money),
        example="106100000.00",
        width=20,
        aliases=("文化旅游体育与传媒支出", "文化体育与传媒支出"),
    ),
    ImportColumn(
        "culture_item_name",
        gettext_lazy("Name of class 207 in the document"),
        parse=_culture_name,
        example="文化旅游体育与传媒支出",
        width=22,
        aliases=("科目名称",),
    ),
    ImportColumn(
        "mechanism_funds",
        gettext_lazy("Funds of the long-term mechanism (yuan)"),
        parse=_unwrap(_optional_money),
        example="",
        width=18,
        aliases=("长效机制经费",),
    ),
    ImportColumn(
        "population",
        gettext_lazy("Resident population (persons)"),
        parse=integer_parser(1, 999_999_999),
        example="926100",
        aliases=("常住人口",),
    ),
    ImportColumn(
        "population_source",
        gettext_lazy("Source of the population"),
        parse=text_parser(TITLE_MAX),
        example="姑苏区2025年统计公报",
        width=24,
    ),
    ImportColumn(
        "source_document",
        gettext_lazy("Source document"),
        required=True,
        parse=text_parser(TITLE_MAX),
        example="姑苏区2025年财政决算",
        width=24,
        aliases=("依据文件",),
    ),
    ImportColumn(
        "reason",
        gettext_lazy("Reason for the revision"),
        parse=text_parser(TEXT_MAX),
        example="",
        width=24,
        aliases=("修订原因",),
    ),
]


def _region_table(user) -> dict:
    table = {}
    for region in fiscal_regions(user):
        if can_enter_figures(user, region):
            table.setdefault(region.code, region)
            table.setdefault(region.name, region)
    return table


def validate_figures(user, rows: list[ImportRow]) -> list[RowError]:
    errors: list[RowError] = []
    regions = _region_table(user)
    seen: dict[tuple, ImportRow] = {}
    for row in rows:
        region = regions.get(row["region"])
        if region is None:
            errors.append(row.error("region", _("No jurisdiction of this name whose figures you enter.")))
            continue
        key = (region.pk, row["year"], row["stage"])
        if key in seen:
            errors.append(
                row.error(
                    "year",
                    _("These figures appear twice in the file (also row %(row)d).")
                    % {"row": seen[key].number},
                )
            )
        seen.setdefault(key, row)
        standing = FiscalRecord.objects.current().filter(region=region, year=row["year"], stage=row["stage"])
        if not (row["reason"] or "").strip() and standing.exists():
            errors.append(
                row.error(
                    "reason",
                    _(
                        "Figures of this year stand already: a revision needs its reason (the older version is "
                        "kept)."
                    ),
                )
            )
    return errors


def apply_figures(user, rows: list[ImportRow]) -> ImportCounts:
    regions = _region_table(user)
    for row in rows:
        with row.reporting():
            services.figures_enter(
                region=regions[row["region"]],
                by=user,
                year=row["year"],
                stage=row["stage"],
                regular_revenue=row["regular_revenue"],
                general_expenditure=row["general_expenditure"],
                culture_spending=row["culture_spending"],
                culture_item_name=row["culture_item_name"] or CULTURE_FUNCTION_NAMES[0],
                mechanism_funds=row["mechanism_funds"],
                population=row["population"],
                population_source=row["population_source"] or "",
                source_document=row["source_document"],
                reason=row["reason"] or "",
            )
    return ImportCounts(created=len(rows))


def _can_import(user) -> bool:
    return not get_scope(user).read_only and bool(_region_table(user))


register_import(
    ImportDefinition(
        name="funding-figures",
        title=gettext_lazy("Fiscal figures"),
        columns=COLUMNS,
        can_import=_can_import,
        validate_rows=validate_figures,
        apply=apply_figures,
        return_url=reverse_lazy("funding:overview"),
        notes=(
            gettext_lazy(
                "One row per jurisdiction, year and figures (budget or final accounts), amounts in yuan."
            ),
            gettext_lazy(
                "Figures that stand already are revised: give the reason; the older version is kept."
            ),
            gettext_lazy("Nothing is imported unless every row is right."),
        ),
    )
)
