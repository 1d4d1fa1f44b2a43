"""Demonstration data of the funding guarantees: five years of budgets and final accounts of 苏州市 and its ten
districts and county-level cities, entered by the city finance bureau (the `member` login) through the services; the
seed's rules kept by the city office; a provincial average per year. 吴江区's culture spending of the year before last
grows 1.3 points slower than its regular revenue, so the growth rule is red there with its numbers and a supervision
finding stands against 吴江区人民政府. The media units' publicity resources of last month, one channel short.

Every amount is invented for the demonstration (演示数据, no published figure). Written through the services; running
it twice changes nothing."""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from changxiao.core.deadlines import local_today
from changxiao.core.demo import first_member, register_demo
from changxiao.orgs.models import Region, Unit

from . import services
from .choices import Comparator, Medium, RuleKind, Stage
from .models import (
    AdMinimum,
    AdReport,
    FiscalPublication,
    FiscalRecord,
    FiscalReporter,
    FundingRule,
    ProvincialAverage,
)

SOURCE = "演示数据（虚构，非财政数据）"
YEARS = 5
# region code, regular revenue of the first year (亿元), culture spending of the first year (亿元), population
# (万人), revenue growth a year (%).
REGIONS = [
    ("320500", Decimal("2300"), Decimal("58"), Decimal("1290"), Decimal("5.0")),
    ("320508", Decimal("160"), Decimal("4.6"), Decimal("92.6"), Decimal("4.2")),
    ("320506", Decimal("210"), Decimal("5.2"), Decimal("141.1"), Decimal("5.4")),
    ("320507", Decimal("120"), Decimal("2.9"), Decimal("90.7"), Decimal("6.1")),
    ("320505", Decimal("190"), Decimal("3.8"), Decimal("85.1"), Decimal("5.6")),
    ("320571", Decimal("380"), Decimal("7.4"), Decimal("117.0"), Decimal("6.3")),
    ("320509", Decimal("230"), Decimal("5.5"), Decimal("157.3"), Decimal("5.1")),
    ("320581", Decimal("200"), Decimal("5.6"), Decimal("168.3"), Decimal("4.8")),
    ("320582", Decimal("210"), Decimal("5.3"), Decimal("144.0"), Decimal("4.5")),
    ("320583", Decimal("420"), Decimal("9.8"), Decimal("214.9"), Decimal("5.9")),
    ("320585", Decimal("160"), Decimal("3.6"), Decimal("84.8"), Decimal("5.3")),
]
# 吴江区, the year before last: culture spending grows 1.3 points slower than regular revenue.
SHORT_REGION = "320509"
SHORT_BY = Decimal("1.3")
# Culture spending grows this many points faster than revenue elsewhere.
AHEAD_BY = Decimal("1.5")
YI = Decimal(100_000_000)
WAN = Decimal(10_000)
# 江苏省's average per-capita culture spending by year (yuan), invented.
AVERAGES = [Decimal("298.40"), Decimal("311.20"), Decimal("325.60"), Decimal("337.90"), Decimal("352.10")]

RULES = [
    (
        "seed-growth",
        "文化体育与传媒支出增幅不低于经常性收入增幅",
        RuleKind.GROWTH,
        Comparator.AT_LEAST,
        1,
        Stage.FINAL,
        "苏州市国家公共文化服务体系示范区长效管理机制 三(四) 保障机制",
        "各级财政要把建立健全示范区建设工作的长效机制经费列入财政预算，文化体育与传媒支出不低于同级财政经常性收入的增长幅度",
    ),
    (
        "seed-per-capita",
        "人均文化支出高于本省平均水平",
        RuleKind.PER_CAPITA,
        Comparator.ABOVE,
        1,
        Stage.FINAL,
        "苏州市国家公共文化服务体系示范区长效管理机制 三(四) 保障机制",
        "人均文化支出高于本省平均水平",
    ),
    (
        "seed-mechanism",
        "长效机制经费列入财政预算",
        RuleKind.MECHANISM,
        Comparator.ABOVE,
        1,
        Stage.BUDGET,
        "苏州市国家公共文化服务体系示范区长效管理机制 三(四) 保障机制；公共文化服务保障法 第四十五条",
        "各级财政要把建立健全示范区建设工作的长效机制经费列入财政预算",
    ),
]

MINIMUMS = [
    (
        Medium.BROADCAST,
        Decimal("3.0"),
        "广播电视广告播出管理办法（广电总局令第61号）：每套节目每日公益广告播出时长不得少于商业广告时长的3%",
    ),
    (
        Medium.OUTDOOR,
        Decimal("3.0"),
        "演示设置，参照深圳市户外公益广告暂行办法：不少于商业广告时长的3%（可配置）",
    ),
]


def _money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _series(code, revenue, culture, growth, first_year):
    """(year, revenue, culture) in yuan for the five years: revenue grows by `growth` %, culture by growth + 1.5
    points, except 吴江区's year before last."""
    rows = []
    revenue, culture = revenue * YI, culture * YI
    for offset in range(YEARS):
        year = first_year + offset
        if offset:
            revenue_growth = growth + Decimal(offset % 3) / 10
            culture_growth = revenue_growth + AHEAD_BY
            if code == SHORT_REGION and offset == YEARS - 2:
                culture_growth = revenue_growth - SHORT_BY
            revenue = revenue * (100 + revenue_growth) / 100
            culture = culture * (100 + culture_growth) / 100
        rows.append((year, _money(revenue), _money(culture)))
    return rows


@register_demo("funding", order=560)
def load(stdout) -> None:
    city = Region.objects.filter(code="320500").first()
    finance = Unit.objects.filter(code="SZ-CZJ").first()
    office_unit = Unit.objects.filter(code="SZ-OFFICE").first()
    if city is None or finance is None or office_unit is None:
        return
    office, clerk = first_member(office_unit), first_member(finance)
    if office is None or clerk is None:
        return
    if not FiscalReporter.objects.filter(owner=city, unit=finance).exists():
        services.reporter_designate(owner=city, unit=finance, by=office)
    last = local_today().year - 1
    first_year = last - YEARS + 1
    _figures(clerk, first_year)
    province = services.province_of(city)
    if province is not None:
        for offset, value in enumerate(AVERAGES):
            year = first_year + offset
            if not ProvincialAverage.objects.filter(province=province, year=year).exists():
                services.average_enter(
                    province=province, by=office, year=year, per_capita=value, source=SOURCE
                )
    for code, name, kind, comparator, window, stage, title, text in RULES:
        if not FundingRule.objects.filter(owner=city, code=code).exists():
            services.rule_create(
                owner=city,
                by=office,
                code=code,
                name=name,
                kind=kind,
                comparator=comparator,
                window=window,
                stage=stage,
                source_title=title,
                source_text=text,
            )
    for region in Region.objects.filter(
        code__in=[row[0] for row in REGIONS], pk__in=_published_candidates(last - 1)
    ):
        if not FiscalPublication.objects.filter(region=region, year=last - 1).exists():
            services.publication_publish(region=region, year=last - 1, by=office, confirmed=True)
    _resources(office, city)


def _published_candidates(year):
    return FiscalRecord.objects.current().filter(year=year, stage=Stage.FINAL).values("region")


def _figures(clerk, first_year: int) -> None:
    regions = {region.code: region for region in Region.objects.filter(code__in=[row[0] for row in REGIONS])}
    present = set(FiscalRecord.objects.values_list("region__code", "year", "stage"))
    for code, revenue, culture, population, growth in REGIONS:
        region = regions.get(code)
        if region is None:
            continue
        for year, year_revenue, year_culture in _series(code, revenue, culture, growth, first_year):
            people = int(population * WAN) + (year - first_year) * 3000
            common = {
                "region": region,
                "by": clerk,
                "year": year,
                "population": people,
                "population_source": SOURCE,
                "culture_item_name": "文化体育与传媒支出" if year < 2019 else "文化旅游体育与传媒支出",
            }
            if (code, year, Stage.BUDGET) not in present:
                services.figures_enter(
                    stage=Stage.BUDGET,
                    regular_revenue=_money(year_revenue * Decimal("0.98")),
                    general_expenditure=_money(year_revenue * Decimal("1.12")),
                    culture_spending=_money(year_culture * Decimal("0.97")),
                    mechanism_funds=_money(year_culture * Decimal("0.02")),
                    source_document=f"{region.name}{year}年一般公共预算（{SOURCE}）",
                    **common,
                )
            if (code, year, Stage.FINAL) not in present:
                services.figures_enter(
                    stage=Stage.FINAL,
                    regular_revenue=year_revenue,
                    general_expenditure=_money(year_revenue * Decimal("1.15")),
                    culture_spending=year_culture,
                    source_document=f"{region.name}{year}年财政决算（{SOURCE}）",
                    **common,
                )


def _resources(office, city) -> None:
    for medium, percent, source in MINIMUMS:
        if not AdMinimum.objects.filter(owner=city, medium=medium).exists():
            services.minimum_set(owner=city, by=office, medium=medium, minimum_percent=percent, source=source)
    today = local_today()
    end = today.replace(day=1) - timedelta(days=1)
    start = end.replace(day=1)
    reports = [
        ("SZ-GDZT", Medium.BROADCAST, "苏州新闻综合频道", Decimal("86400"), Decimal("3110")),
        ("SZ-GDZT", Medium.BROADCAST, "苏州文化生活频道", Decimal("64800"), Decimal("1620")),
        ("SZ-RB", Medium.NEWSPAPER, "苏州日报", Decimal("720"), Decimal("31")),
    ]
    for code, medium, channel, total, public in reports:
        unit = Unit.objects.filter(code=code).first()
        person = first_member(unit) if unit else None
        if unit is None or AdReport.objects.filter(unit=unit, channel=channel, period_start=start).exists():
            continue
        services.resources_report(
            unit=unit,
            by=person or office,
            medium=medium,
            channel=channel,
            period_start=start,
            period_end=min(end, today - timedelta(days=1)) if end >= start else start,
            total=total,
            public_welfare=public,
            note=SOURCE,
        )
