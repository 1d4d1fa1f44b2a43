"""The funding section of the annual long-term management report (Word, core.documents): a jurisdiction's budget
and final accounts of the year, the growths against the previous year, per-capita culture spending against the
provincial average and each rule's result with its numbers — in Chinese, whatever the reader's language."""

from changxiao.core import numbers
from changxiao.core.documents import document_language
from changxiao.orgs.models import Region

from . import queries, rules
from .choices import CheckState, Stage
from .models import FiscalRecord


def _yuan_wan(value) -> str:
    """An amount in 万元 with two decimals (official reports count public money in 万元)."""
    return numbers.money(value / 10000) if value is not None else "—"


def funding_section(region: Region, year: int) -> dict:
    with document_language():
        records = {
            record.stage: record for record in FiscalRecord.objects.current().filter(region=region, year=year)
        }
        line = next((line for line in queries.history(region) if line.year == year), None)
        final, budget = records.get(Stage.FINAL), records.get(Stage.BUDGET)
        checks = [
            {
                "rule": check.rule.name,
                "state": str(CheckState(check.state).label),
                "lines": "；".join(rules.explain_all(check.rule.kind, check.detail)),
                "source": check.rule.source_title,
                "finding": check.finding_reference,
            }
            for check in queries.checks_of(region, year)
        ]
        per_capita = final.culture_per_capita if final else None
        return {
            "region": region.name,
            "year": year,
            "budget_culture": _yuan_wan(budget.culture_spending) if budget else "—",
            "final_culture": _yuan_wan(final.culture_spending) if final else "—",
            "final_revenue": _yuan_wan(final.regular_revenue) if final else "—",
            "final_expenditure": _yuan_wan(final.general_expenditure) if final else "—",
            "mechanism_funds": _yuan_wan(budget.mechanism_funds)
            if budget and budget.mechanism_funds is not None
            else "—",
            "culture_growth": rules.signed_percent(line.culture_growth)
            if line and line.culture_growth is not None
            else "—",
            "revenue_growth": rules.signed_percent(line.revenue_growth)
            if line and line.revenue_growth is not None
            else "—",
            "per_capita": numbers.money(per_capita) if per_capita is not None else "缺人口数据",
            "average": numbers.money(line.average) if line and line.average is not None else "—",
            "average_source": line.average_source if line else "",
            "source_document": final.source_document if final else (budget.source_document if budget else ""),
            "checks": checks,
        }
