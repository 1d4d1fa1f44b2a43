"""`python -m bench funding`: the funding guarantees (issue 22) of a province-sized city — 100 county-level
jurisdictions, ten years of budgets and final accounts each, the seed's three rules — p95 of the office's table of
all jurisdictions, of a jurisdiction's page with its charts and of a revision of a year's final accounts (which checks
every rule of the jurisdiction again), beside a trivial page of the same run; and the query count of the table at a
tenth of the jurisdictions and at all of them (the same count: no query per jurisdiction or rule).

The figures are stored in bulk (the records and the rules' results as figures_enter and the re-check leave them);
the revision timed goes through the service. Runs in this process against the throw-away database of the run.
"""

import time
from decimal import Decimal

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.harness import note, row, timed_p95

JURISDICTIONS = 100
YEARS = 10
REPEAT = 30


def _queries(client, url) -> int:
    client.get(url)  # warm: what a first request loads once (the session, cached settings) is not counted
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured.captured_queries)


def _jurisdictions(city, start: int, stop: int, office, first_year: int):
    from changxiao.funding.models import FiscalRecord
    from changxiao.funding.services import region_recheck
    from changxiao.orgs.choices import RegionLevel
    from changxiao.orgs.models import Region

    made = []
    for index in range(start, stop):
        region = Region.objects.create(
            code=f"4401{index:03d}", name=f"区{index}", level=RegionLevel.COUNTY, parent=city
        )
        region.path = f"{city.path}{region.pk}/"
        region.save(update_fields=["path"])
        made.append(region)
    records = []
    for offset, region in enumerate(made):
        revenue, culture = (
            Decimal(10_000_000_000 + offset * 1_000_000),
            Decimal(250_000_000 + offset * 100_000),
        )
        for year in range(first_year, first_year + YEARS):
            for stage, factor in (("budget", Decimal("0.98")), ("final", Decimal(1))):
                records.append(
                    FiscalRecord(
                        region=region,
                        year=year,
                        stage=stage,
                        regular_revenue=(revenue * factor).quantize(Decimal("0.01")),
                        general_expenditure=(revenue * Decimal("1.1")).quantize(Decimal("0.01")),
                        culture_spending=(culture * factor).quantize(Decimal("0.01")),
                        mechanism_funds=Decimal("3000000.00"),
                        population=800_000 + offset,
                        population_source="bench",
                        source_document=f"{region.name}{year}年决算",
                        entered_by=office,
                    )
                )
            revenue *= Decimal("1.05")
            culture *= Decimal("1.06") if (offset + year) % 7 else Decimal("1.03")
    FiscalRecord.objects.bulk_create(records, batch_size=2000)
    for region in made:
        region_recheck(region=region, by=office)
    return made


def run(header: str) -> None:
    from changxiao.core.deadlines import local_today
    from changxiao.funding.services import average_enter, figures_enter, rule_create
    from changxiao.orgs.choices import RegionLevel, Role, UnitKind
    from changxiao.orgs.models import Membership, Region, Unit, User

    print(f"\nFunding (issue 22) — database: {connection.vendor}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    province = Region.objects.create(code="440000", name="广东省", level=RegionLevel.PROVINCE)
    province.path = f"/{province.pk}/"
    province.save(update_fields=["path"])
    city = Region.objects.create(code="440100", name="广州市", level=RegionLevel.CITY, parent=province)
    city.path = f"{province.path}{city.pk}/"
    city.save(update_fields=["path"])
    office_unit = Unit.objects.create(
        code="FD-OFFICE", name="广州市办公室", kind=UnitKind.OFFICE, region=city
    )
    office = User.objects.create_user("fd-office", password="x")
    Membership.objects.create(user=office, unit=office_unit, role=Role.OFFICE)
    last = local_today().year - 1
    first_year = last - YEARS + 1
    for code, kind, comparator, stage in (
        ("growth", "growth", "ge", "final"),
        ("per-capita", "per_capita", "gt", "final"),
        ("mechanism", "mechanism", "gt", "budget"),
    ):
        rule_create(
            owner=city,
            by=office,
            code=code,
            name=code,
            kind=kind,
            comparator=comparator,
            window=1,
            stage=stage,
            source_title="bench",
            source_text="bench",
        )
    for year in range(first_year, last + 1):
        average_enter(province=province, by=office, year=year, per_capita="300.00", source="bench")

    client = Client()
    client.force_login(office)
    table = f"/funding/?region={city.pk}&year={last}"
    _jurisdictions(city, 0, JURISDICTIONS // 10, office, first_year)
    small = _queries(client, table)
    made = _jurisdictions(city, JURISDICTIONS // 10, JURISDICTIONS, office, first_year)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    note(
        f"built {JURISDICTIONS} jurisdictions × {YEARS} years × 2 stages, 3 rules checked, "
        f"in {time.perf_counter() - started:.1f} s"
    )
    full = _queries(client, table)
    region_page = f"/funding/regions/{made[0].pk}/"
    print(header)
    print("-" * 130)
    client.get(table)
    client.get(region_page)
    baseline = timed_p95(lambda: client.get("/notifications/"), REPEAT)
    row(
        f"office's table, {JURISDICTIONS + 1} jurisdictions × 3 rules (p95)",
        timed_p95(lambda: client.get(table), REPEAT),
        "ms",
        "inbox page (p95)",
        baseline,
    )
    row(
        f"a jurisdiction's page, {YEARS} years, 3 charts (p95)",
        timed_p95(lambda: client.get(region_page), REPEAT),
        "ms",
        "inbox page (p95)",
        baseline,
    )
    revisions = iter(range(1, 10_000))

    def revise():
        step = next(revisions)
        figures_enter(
            region=made[0],
            by=office,
            year=last,
            stage="final",
            regular_revenue=Decimal("20000000000.00"),
            general_expenditure=Decimal("22000000000.00"),
            culture_spending=Decimal(500_000_000 + step),
            population=800_000,
            population_source="bench",
            source_document="bench",
            reason=f"revision {step}",
        )

    row(
        f"a revision re-checking 3 rules × {YEARS} years (p95)",
        timed_p95(revise, REPEAT),
        "ms",
        "inbox page (p95)",
        baseline,
    )
    verdict = "constant" if small == full else "DIFFERS"
    note(
        f"office's table: {small} queries at {JURISDICTIONS // 10 + 1} rows, {full} at {JURISDICTIONS + 1} — {verdict}"
    )
