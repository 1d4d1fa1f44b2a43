"""Excel export of the office's table: each jurisdiction's figures of the year and each rule's result with its
numbers (the same filter as the page: ?region=&year=)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core import numbers
from changxiao.core.exports import Column, ExportDefinition, register_export

from . import queries, rules
from .choices import CheckState


def _rule_columns(user, params) -> list[Column]:
    root = queries.root_region(user, params)
    rule_list, _rows = queries.jurisdiction_table(user, root, queries.year_of(params))
    return [Column(rule.name, _rule_value(rule.pk), 40) for rule in rule_list]


def _rule_value(rule_pk):
    def value(row):
        check = row.checks.get(rule_pk)
        if check is None:
            return ""
        return f"{CheckState(check.state).label}: " + "；".join(
            rules.explain_all(check.rule.kind, check.detail)
        )

    return value


def _money(attribute: str, stage: str):
    return lambda row: getattr(getattr(row, stage), attribute) if getattr(row, stage) else None


register_export(
    ExportDefinition(
        name="funding-table",
        title=gettext_lazy("Funding rules by jurisdiction"),
        file_stem="funding",
        queryset=lambda user, params: queries.table_rows(user, params),
        columns=[
            Column(gettext_lazy("Jurisdiction"), lambda row: row.region.name, 14),
            Column(
                gettext_lazy("Regular revenue, final (yuan)"),
                _money("regular_revenue", "final"),
                18,
                numbers.XLSX_MONEY,
            ),
            Column(
                gettext_lazy("General expenditure, final (yuan)"),
                _money("general_expenditure", "final"),
                18,
                numbers.XLSX_MONEY,
            ),
            Column(
                gettext_lazy("Culture spending, budget (yuan)"),
                _money("culture_spending", "budget"),
                18,
                numbers.XLSX_MONEY,
            ),
            Column(
                gettext_lazy("Culture spending, final (yuan)"),
                _money("culture_spending", "final"),
                18,
                numbers.XLSX_MONEY,
            ),
            Column(
                gettext_lazy("Per-capita culture spending (yuan)"),
                lambda row: (
                    row.per_capita
                    if row.per_capita is not None
                    else _("missing population data (缺人口数据)")
                    if row.final
                    else None
                ),
                14,
                numbers.XLSX_MONEY,
            ),
            Column(
                gettext_lazy("Source document"),
                lambda row: row.final.source_document if row.final else "",
                30,
            ),
        ],
        extra_columns=_rule_columns,
    )
)
