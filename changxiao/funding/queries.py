"""Read queries shared by the pages, the Excel export, the Word section and the API."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.http import Http404

from changxiao.core.deadlines import local_today
from changxiao.orgs.models import Region

from . import rules
from .choices import FISCAL_LEVELS, CheckState, Stage
from .models import FiscalRecord, FundingRule, RuleCheck
from .permissions import fiscal_regions, get_region_for_user
from .services import applying_rules, province_average, province_of


def default_year() -> int:
    """The last year whose final accounts can exist: the one before this."""
    return local_today().year - 1


def year_of(params, default: int | None = None) -> int:
    value = str(params.get("year", "") or "")
    low, high = local_today().year - 10, local_today().year + 5
    if value.isdecimal() and low <= int(value) <= high:
        return int(value)
    return default if default is not None else default_year()


def root_region(user, params) -> Region:
    value = str(params.get("region", "") or "")
    if value:
        if not value.isdecimal() or len(value) > 18:
            raise Http404
        return get_region_for_user(user, int(value))
    region = fiscal_regions(user).order_by("path").first()
    if region is None:
        raise Http404
    return region


@dataclass
class Row:
    region: Region
    final: FiscalRecord | None
    budget: FiscalRecord | None
    checks: dict[int, RuleCheck] = field(default_factory=dict)

    @property
    def per_capita(self) -> Decimal | None:
        return self.final.culture_per_capita if self.final else None

    @property
    def not_met(self) -> int:
        return sum(1 for check in self.checks.values() if check.state == CheckState.NOT_MET)


def jurisdiction_table(user, root: Region, year: int) -> tuple[list[FundingRule], list[Row]]:
    """The jurisdiction and the fiscal jurisdictions directly inside it, with the year's current figures and each
    rule's result: the office's table. Four queries whatever the number of rows."""
    regions = [root] + list(
        fiscal_regions(user).filter(parent=root, level__in=FISCAL_LEVELS).order_by("sort_order", "code")
    )
    ids = [region.pk for region in regions]
    records = FiscalRecord.objects.current().filter(region_id__in=ids, year=year)
    by_region: dict[tuple[int, str], FiscalRecord] = {(r.region_id, r.stage): r for r in records}
    checks = RuleCheck.objects.filter(region_id__in=ids, year=year, rule__is_active=True).select_related(
        "rule"
    )
    by_check: dict[int, dict[int, RuleCheck]] = {}
    for check in checks:
        by_check.setdefault(check.region_id, {})[check.rule_id] = check
    rule_list = list(applying_rules(root))
    rows = [
        Row(
            region=region,
            final=by_region.get((region.pk, Stage.FINAL)),
            budget=by_region.get((region.pk, Stage.BUDGET)),
            checks=by_check.get(region.pk, {}),
        )
        for region in regions
    ]
    return rule_list, rows


def table_rows(user, params) -> list[Row]:
    """The office's table as the Excel export reads it (the same filter as the page)."""
    root = root_region(user, params)
    return jurisdiction_table(user, root, year_of(params))[1]


@dataclass
class YearLine:
    year: int
    final: FiscalRecord | None
    budget: FiscalRecord | None
    average: Decimal | None
    average_source: str
    culture_growth: Decimal | None
    revenue_growth: Decimal | None

    @property
    def culture_growth_text(self) -> str:
        return rules.signed_percent(self.culture_growth) if self.culture_growth is not None else "—"

    @property
    def revenue_growth_text(self) -> str:
        return rules.signed_percent(self.revenue_growth) if self.revenue_growth is not None else "—"


def history(region: Region) -> list[YearLine]:
    """A jurisdiction's years, oldest first: budget and final accounts, the growths and the provincial average."""
    records = FiscalRecord.objects.current().filter(region=region)
    by_year: dict[int, dict[str, FiscalRecord]] = {}
    for record in records:
        by_year.setdefault(record.year, {})[record.stage] = record
    province = province_of(region)
    lines = []
    for year in sorted(by_year):
        final = by_year[year].get(Stage.FINAL)
        previous = by_year.get(year - 1, {}).get(Stage.FINAL)
        average = province_average(province, year)
        lines.append(
            YearLine(
                year=year,
                final=final,
                budget=by_year[year].get(Stage.BUDGET),
                average=average[0] if average else None,
                average_source=average[1] if average else "",
                culture_growth=rules.growth(
                    final.culture_spending if final else None, previous.culture_spending if previous else None
                ),
                revenue_growth=rules.growth(
                    final.regular_revenue if final else None, previous.regular_revenue if previous else None
                ),
            )
        )
    return lines


def checks_of(region: Region, year: int | None = None):
    checks = RuleCheck.objects.filter(region=region, rule__is_active=True).select_related("rule")
    if year is not None:
        checks = checks.filter(year=year)
    return checks.order_by("-year", "rule__code")
