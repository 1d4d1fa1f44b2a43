"""Funding in the province (core.province): the final accounts of last year and the budget of this year of every city
and county, with its resident population, culture spending growing a little faster than regular revenue in most."""

from decimal import Decimal

from changxiao.core.province import Province, register_province
from changxiao.orgs.models import PopulationRecord

from .choices import Stage
from .models import FiscalRecord


@register_province("funding", order=300, occupied_by=("funding.FiscalRecord",))
def generate(province: Province) -> dict[str, int]:
    tree = province.tree
    regions = tree["cities"] + tree["counties"]
    residents = dict(
        PopulationRecord.objects.filter(region__in=regions, year=province.year - 1).values_list(
            "region_id", "resident"
        )
    )
    rng = province.rng("funding")
    records = []
    for region in regions:
        people = residents.get(region.pk, 100_000)
        revenue = Decimal(people * rng.randint(8_000, 15_000))
        culture = revenue * Decimal("0.015")
        for year, stage in ((province.year - 1, Stage.FINAL), (province.year, Stage.BUDGET)):
            revenue_growth = Decimal(1 + rng.uniform(0.02, 0.06))
            culture_growth = revenue_growth + Decimal(rng.uniform(-0.02, 0.04))
            if year == province.year:
                revenue, culture = revenue * revenue_growth, culture * culture_growth
            records.append(
                FiscalRecord(
                    region=region,
                    year=year,
                    stage=stage,
                    regular_revenue=revenue.quantize(Decimal("0.01")),
                    general_expenditure=(revenue * Decimal("1.4")).quantize(Decimal("0.01")),
                    culture_spending=culture.quantize(Decimal("0.01")),
                    mechanism_funds=(culture * Decimal("0.05")).quantize(Decimal("0.01")),
                    population=people,
                    population_source="统计年鉴",
                    source_document=f"{region.name}{year}年{'决算' if stage == Stage.FINAL else '预算'}报告",
                    entered_by=province.admin,
                )
            )
    FiscalRecord.objects.bulk_create(records)
    return {"fiscal records": len(records)}
