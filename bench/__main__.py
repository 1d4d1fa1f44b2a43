"""`make bench`: repeatable benchmarks, each figure printed beside a baseline measured in the same run.

    python -m bench                      # everything
    python -m bench core                 # the organization, boards, feedback, export and import figures
    python -m bench cluster              # HAProxy, 2 hosts, a database host in namespaces; a host killed (bench/cluster.py)
    python -m bench surveys              # the public survey (bench/surveys.py), on SQLite and PostgreSQL
    python -m bench surveys --survey-db postgresql --responses 200000
    python -m bench workforce            # the workforce's roster and overview at 50,000 people (bench/workforce.py)
    python -m bench tasks                # background work: a worker on a notification batch (bench/tasks.py)
    python -m bench portal               # the public home and directory: cached throughput, search at 50,000 facilities
    python -m bench funding              # the funding table of 100 jurisdictions, a revision re-checking the rules
    python -m bench cockpit              # the leaders' cockpit of a city and a district (bench/cockpit.py)
    python -m bench linkage              # the service menu at 30,000 items; 1,000 concurrent orders (bench/linkage.py)
    python -m bench volunteers           # a festival's check-in rush on PostgreSQL; a volunteer's totals
    python -m bench province             # every staff list page, metric and the sweep on province data (bench/province.py)

The core figures run against a throw-away SQLite database (or DATABASE_URL if set) filled with a city-sized
organization: 12 county-level divisions × 100 townships × 10 villages (≈13,000 regions) and 10,000 units. The
survey figures run in a child process per database (see bench/surveys.py).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

# A child run (bench/surveys.py) shares its parent's directory.
WORK = Path(os.environ.get("BENCH_WORK") or tempfile.mkdtemp(prefix="changxiao-bench-"))
os.environ["BENCH_WORK"] = str(WORK)
os.environ.setdefault("DATA_DIR", str(WORK))
os.environ["DEBUG"] = "0"  # production settings: no query log, cached templates
os.environ.setdefault("SECRET_KEY", "bench-only-secret")
os.environ.setdefault("PERSONAL_DATA_KEY", "YmVuY2gtb25seS1rZXktbm90LWZvci1wcm9kdWN0aW8=")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "changxiao.settings")
os.environ.setdefault("TASK_BACKEND", "immediate")

import warnings  # noqa: E402

import django  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at")

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402

from bench.harness import Server, load, row, timed, timed_p95  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]
settings.SECURE_COOKIES = settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def build_world():
    from changxiao.orgs.choices import RegionLevel, Role, UnitKind, VenueType
    from changxiao.orgs.models import Membership, Region, Unit, User

    city = Region.objects.create(code="320500", name="苏州市", level=RegionLevel.CITY)
    city.path = f"/{city.pk}/"
    city.save()
    counties = []
    for c in range(12):
        county = Region.objects.create(
            code=f"3205{c + 10:02d}", name=f"区{c}", level=RegionLevel.COUNTY, parent=city
        )
        county.path = f"{city.path}{county.pk}/"
        county.save()
        counties.append(county)
    for county in counties:
        towns = Region.objects.bulk_create(
            Region(
                code=f"{county.code}{t:03d}",
                name=f"{county.name}镇{t}",
                level=RegionLevel.TOWNSHIP,
                parent=county,
            )
            for t in range(100)
        )
        for town in towns:
            town.path = f"{county.path}{town.pk}/"
        Region.objects.bulk_update(towns, ["path"])
        for town in towns:
            villages = Region.objects.bulk_create(
                Region(
                    code=f"{town.code}{v:03d}",
                    name=f"{town.name}村{v}",
                    level=RegionLevel.VILLAGE,
                    parent=town,
                )
                for v in range(10)
            )
            for village in villages:
                village.path = f"{town.path}{village.pk}/"
            Region.objects.bulk_update(villages, ["path"])
    office_unit = Unit.objects.create(code="OFFICE", name="办公室", kind=UnitKind.OFFICE, region=city)
    bureau = Unit.objects.create(
        code="BUREAU-0", name="区0文体旅局", kind=UnitKind.CULTURE_BUREAU, region=counties[0]
    )
    towns = list(Region.objects.filter(level=RegionLevel.TOWNSHIP).order_by("pk")[:1200])
    Unit.objects.bulk_create(
        Unit(
            code=f"V{i:05d}",
            name=f"文化站{i}",
            kind=UnitKind.VENUE,
            venue_type=VenueType.TOWNSHIP_STATION,
            region=towns[i % len(towns)],
            contact_phone="0512-60000000",
        )
        for i in range(10000)
    )
    office = User.objects.create_user("office", password="x")
    Membership.objects.create(user=office, unit=office_unit, role=Role.OFFICE)
    district = User.objects.create_user("district", password="x")
    Membership.objects.create(user=district, unit=bureau, role=Role.DISTRICT)
    return office, district


def bench_pages(office, district) -> None:
    client = Client()
    client.force_login(office)
    client.get("/orgs/units/")
    baseline = timed(lambda: client.get("/notifications/"), 30)
    row(
        "unit list, office (10,000 units, page 1)",
        timed(lambda: client.get("/orgs/units/"), 30),
        "ms",
        "inbox page (no data)",
        baseline,
    )
    row(
        "unit list, office, last page",
        timed(lambda: client.get("/orgs/units/?page=200"), 30),
        "ms",
        "inbox page (no data)",
        baseline,
    )
    row(
        "region list, office (13,213 regions)",
        timed(lambda: client.get("/orgs/regions/"), 30),
        "ms",
        "inbox page (no data)",
        baseline,
    )
    client.force_login(district)
    row(
        "unit list, district (its subtree only)",
        timed(lambda: client.get("/orgs/units/"), 30),
        "ms",
        "inbox page (no data)",
        baseline,
    )
    row(
        "workbench, district",
        timed(lambda: client.get("/workbench/"), 30),
        "ms",
        "inbox page (no data)",
        baseline,
    )


def bench_plan_board(office) -> None:
    """The plan board of a plan with 10,000 tasks (issue 3), p95 beside a trivial page of the same server."""
    from datetime import date

    from changxiao.orgs.models import Unit
    from changxiao.targets.models import Task, WorkPlan

    plan = WorkPlan.objects.create(
        region_id=Unit.objects.get(code="OFFICE").region_id, year=2026, title="bench plan"
    )
    units = list(Unit.objects.filter(kind="venue").values_list("pk", flat=True)[:500])
    Task.objects.bulk_create(
        Task(
            plan=plan,
            number=f"{i // 100}.{i % 100}",
            title=f"任务{i}",
            mechanism=["organization", "supervision", "assessment", "guarantee", "linkage", "evaluation"][
                i % 6
            ],
            lead_unit_id=units[i % len(units)],
            due_date=date(2026, 1 + i % 12, 1 + i % 28),
            status=["not_started", "in_progress", "completed"][i % 3],
            percent=[0, 50, 100][i % 3],
            sort_order=i,
        )
        for i in range(10000)
    )
    client = Client()
    client.force_login(office)
    board = f"/targets/plans/{plan.pk}/"
    client.get(board)
    baseline = timed_p95(lambda: client.get("/notifications/"), 40)
    row(
        "plan board, 10,000 tasks, page 1 (p95)",
        timed_p95(lambda: client.get(board), 40),
        "ms",
        "inbox page (p95)",
        baseline,
    )
    row(
        "plan board filtered: overdue, one mechanism (p95)",
        timed_p95(lambda: client.get(board + "?due=overdue&mechanism=linkage"), 40),
        "ms",
        "inbox page (p95)",
        baseline,
    )


def bench_finding_board(office) -> None:
    """Supervision (issue 4): the finding board over 10,000 findings, and the nightly ladder over them."""
    from changxiao.orgs.models import Unit
    from changxiao.supervision.escalation import run_ladder
    from changxiao.supervision.models import Finding, Inspection

    region_id = Unit.objects.get(code="OFFICE").region_id
    units = list(Unit.objects.filter(kind="venue").values_list("pk", flat=True)[:500])
    inspections = Inspection.objects.bulk_create(
        Inspection(
            region_id=region_id, kind="routine", title=f"督查{i}", date=date(2026, 1 + i % 11, 1 + i % 28)
        )
        for i in range(100)
    )
    Finding.objects.bulk_create(
        Finding(
            inspection=inspections[i // 100],
            number=i % 100 + 1,
            description=f"问题{i}",
            lead_unit_id=units[i % len(units)],
            requirement="整改",
            due_date=date(2026, 1 + i % 12, 1 + i % 28),
            state=["open", "rectifying", "submitted", "verified"][i % 4],
        )
        for i in range(10000)
    )
    client = Client()
    client.force_login(office)
    client.get("/supervision/findings/")
    baseline = timed_p95(lambda: client.get("/notifications/"), 40)
    row(
        "finding board, 10,000 findings (p95)",
        timed_p95(lambda: client.get("/supervision/findings/"), 40),
        "ms",
        "inbox page (p95)",
        baseline,
    )
    row(
        "finding board filtered: overdue, serious (p95)",
        timed_p95(lambda: client.get("/supervision/findings/?due=overdue&severity=serious"), 40),
        "ms",
        "inbox page (p95)",
        baseline,
    )
    today = date(2026, 12, 15)
    started = time.perf_counter()
    climbed = run_ladder(today)
    first = (time.perf_counter() - started) * 1000
    row(
        f"ladder sweep, 5,000 open findings, 2nd run (1st: {climbed} rungs)",
        timed(lambda: run_ladder(today), 3),
        "ms",
        "ladder sweep, 1st run (claims every rung)",
        first,
    )


def bench_feedback_throughput() -> None:
    """Issue 5: public feedback submissions per second and p99 at 32 concurrent clients, on a real server
    (gunicorn, 2 workers × 8 threads) beside the trivial /healthz of the same server, and a count check that
    every accepted submission is stored."""
    import json

    from changxiao.feedback.models import Category, FeedbackItem
    from changxiao.orgs.models import Region

    category = Category.objects.create(name="bench")
    region = Region.objects.filter(level="county").first()
    connection.close()  # the server's workers write to the same database

    with Server(WORK / "feedback-server.log") as server:

        def submit(i: int):
            body = {
                "kind": "demand",
                "category_id": category.pk,
                "region_id": region.pk,
                "content": f"压力测试反馈第{i}条",
            }
            # One address per submission, as 2,000 different citizens (the per-client limit stays in force).
            headers = {
                "Content-Type": "application/json",
                "X-Forwarded-For": f"10.{i // 256 % 256}.{i % 256}.7",
            }
            return server.call("POST", "/api/v1/public/feedback", json.dumps(body).encode(), headers)

        health = load(lambda i: server.call("GET", "/healthz"), 2000)
        submitted = load(submit, 2000)
    statuses = submitted.statuses
    accepted = statuses.count(201)
    stored = FeedbackItem.objects.filter(category=category).count()
    row("feedback submissions, 32 clients", submitted.rate, "req/s", "/healthz, 32 clients", health.rate)
    row("feedback submission p99, 32 clients", submitted.p99, "ms", "/healthz p99, 32 clients", health.p99)
    verdict = "nothing lost" if stored == accepted else "MISMATCH"
    others = sorted(set(statuses) - {201})
    print(
        f"  feedback: {accepted} of {len(statuses)} accepted (201), {stored} stored — {verdict}; other: {others}"
    )


def bench_scope(district) -> None:
    from changxiao.orgs.models import Region, Unit
    from changxiao.orgs.scope import clear_scope

    def scoped():
        clear_scope(district)
        return Unit.objects.visible_to(district).count() + Region.objects.visible_to(district).count()

    row(
        "scoped counts (units + regions) for district",
        timed(scoped, 50),
        "ms",
        "unscoped counts (units + regions)",
        timed(lambda: Unit.objects.count() + Region.objects.count(), 50),
    )


def bench_export(office) -> None:
    import xlsxwriter

    from changxiao.core.exports import get_export, write_xlsx

    definition = get_export("orgs-units")
    queryset = definition.queryset(office, {})
    rows = [("x",) * len(definition.columns)] * queryset.count()

    def plain():
        with tempfile.TemporaryFile() as handle:
            workbook = xlsxwriter.Workbook(handle, {"constant_memory": True})
            sheet = workbook.add_worksheet()
            for r, values in enumerate(rows):
                for c, value in enumerate(values):
                    sheet.write(r, c, value)
            workbook.close()

    def ours():
        with tempfile.TemporaryFile() as handle:
            write_xlsx(definition, definition.queryset(office, {}), handle)

    n = len(rows)
    row(
        f"export {n:,} units to xlsx (rows/s)",
        n / (timed(ours, 3) / 1000),
        "rows/s",
        "xlsxwriter from a Python list",
        n / (timed(plain, 3) / 1000),
    )

    def peak(limit: int) -> float:
        tracemalloc.start()
        with tempfile.TemporaryFile() as handle:
            write_xlsx(definition, definition.queryset(office, {})[:limit], handle)
        _current, peak_bytes = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return peak_bytes / 1024 / 1024

    # Rows are read in chunks of 2,000 (two chunks alive at most): memory must stay flat however many follow.
    row("export peak memory, 10,000 rows", peak(10000), "MiB", "export peak memory, 5,000 rows", peak(5000))


def bench_deadlines() -> None:
    from changxiao.core.deadlines import add_workdays, deadline_status

    start = date(2025, 9, 20)
    row(
        "add_workdays(+15) across National Day (µs)",
        timed(lambda: add_workdays(start, 15), 2000) * 1000,
        "µs",
        "date + timedelta(days=15)",
        timed(lambda: start + timedelta(days=15), 2000) * 1000,
    )
    row(
        "deadline_status (µs)",
        timed(lambda: deadline_status(start, today=date(2025, 9, 18)), 2000) * 1000,
        "µs",
        "date comparison",
        timed(lambda: start > date(2025, 9, 18), 2000) * 1000,
    )


def bench_import(office) -> None:
    import io

    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile

    from changxiao.core.imports import get_import, run_import

    definition = get_import("orgs-units")
    headers = [str(c.header) for c in definition.columns]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for i in range(1000):
        values = {"code": f"IMP{i:05d}", "name": f"导入单位{i}", "kind": "媒体", "region_code": "320500"}
        sheet.append([values.get(c.key, "") for c in definition.columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    content = buffer.getvalue()

    def read_only():
        wb = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return sum(1 for _ in wb.active.iter_rows(values_only=True))

    def ours():
        result = run_import(definition, SimpleUploadedFile("units.xlsx", content), office)
        assert not result.errors, result.errors[:3]

    started = time.perf_counter()
    ours()
    elapsed = (time.perf_counter() - started) * 1000
    row(
        "import 1,000 units (validate + write)",
        elapsed,
        "ms",
        "openpyxl read of the same file",
        timed(read_only, 3),
    )


HEADER = f"{'figure':<46} {'value':>10} {'':<6} | {'baseline (same run)':<34} {'value':>10} {'':<6} | ratio"


def run_core() -> None:
    print(f"Changxiao benchmarks — database: {connection.vendor}, data in {WORK}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    office, district = build_world()
    print(f"(built the data set in {time.perf_counter() - started:.1f} s)\n")
    print(HEADER)
    print("-" * 130)
    reset_queries()
    bench_pages(office, district)
    bench_plan_board(office)
    bench_finding_board(office)
    bench_feedback_throughput()
    bench_scope(district)
    bench_export(office)
    bench_deadlines()
    bench_import(office)


def main(argv: list[str]) -> int:
    from bench import cockpit, funding, linkage, portal, province, surveys, tasks, volunteers, workforce

    # Every section, in the order `make bench` runs them: name → what runs it.
    sections = {
        "core": run_core,
        "surveys": lambda: surveys.run(
            WORK, args.survey_db or list(surveys.DATABASES), args.responses, header=HEADER
        ),
        "workforce": lambda: workforce.run(header=HEADER),
        "tasks": lambda: tasks.run(WORK, header=HEADER),
        "portal": lambda: portal.run(header=HEADER),
        "cockpit": lambda: cockpit.run(header=HEADER),
        "funding": lambda: funding.run(header=HEADER),
        "linkage": lambda: linkage.run(header=HEADER),
        "volunteers": lambda: volunteers.run(header=HEADER),
        "province": lambda: province.run(header=HEADER),
        # Its own process: its settings point at the namespaced deployment's database.
        "cluster": lambda: subprocess.run([sys.executable, "-m", "bench.cluster", "bench"], check=False),  # noqa: S603
    }
    parser = argparse.ArgumentParser(prog="python -m bench", description="Changxiao benchmarks")
    parser.add_argument(
        "sections", nargs="*", metavar="section", help=f"{', '.join(sections)} (default: all)"
    )
    parser.add_argument(
        "--survey-db",
        action="append",
        choices=list(surveys.DATABASES),
        help="database of the survey figures, repeatable (default: all)",
    )
    parser.add_argument(
        "--responses",
        type=int,
        default=surveys.RESPONSES,
        help=f"stored responses under the index page (default {surveys.RESPONSES:,})",
    )
    parser.add_argument("--survey-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    unknown = set(args.sections) - set(sections)
    if unknown:
        parser.error(f"unknown section(s): {', '.join(sorted(unknown))} (choose from {', '.join(sections)})")
    if args.survey_child:  # one database's survey figures, started by surveys.run()
        surveys.run_here(WORK, args.responses)
        return 0
    for name, run in sections.items():
        if not args.sections or name in args.sections:
            run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
