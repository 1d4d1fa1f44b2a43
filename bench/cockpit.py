"""`python -m bench cockpit`: the leaders' cockpit (issue 25) of a city and of a district, p95 beside a trivial page of
the same run, and the annual long-term management report of a city, in seconds.

The data is the province generator's (core.province, `manage.py generate_province`) with three mechanisms only: the
jurisdiction tree of a province at full size — 13 cities, 104 counties (8 each), 1,352 townships (13 each), 20,280
villages (15 each) — and its units, and a year of supervision (an inspection per county and month, findings over the
stations and centres in every state), targets (a work plan per city, tasks led by the bureaus and stations) and citizen
feedback (items about the villages, answered or not) at BENCH_COCKPIT_SCALE (default 0.1: 6,000 findings, 1,000 tasks,
100,000 feedback items; until issue 26 this bench wrote 60,000 findings and 10,000 tasks of its own). The other
mechanisms' figures are computed over empty tables (`python -m bench province` fills them all). Runs in this process
against the throw-away database of the run (bench/__main__.py).

Figures: the first opening of a cockpit computes its figures (and the grid's) from the records and keeps them
(cockpit.MetricFigure); later openings read the kept figures — the p95 is of those, as a leader sees them between
two runs of the sweep, which computes stale figures again in the background.
"""

import os
import time

from django.db import connection
from django.test import Client

from bench.harness import note, row, timed_p95

# The share of issue 26's volumes (core.province): at 0.1, 6,000 findings, 1,000 tasks, 100,000 feedback items.
SCALE = float(os.environ.get("BENCH_COCKPIT_SCALE", "0.1"))
REPEAT = 30


def run(header: str) -> None:
    from django.core.management import call_command

    from changxiao.cockpit.report import report_docx
    from changxiao.cockpit.services import report_compile
    from changxiao.core.deadlines import local_today
    from changxiao.core.province import generate_province
    from changxiao.orgs.choices import Role
    from changxiao.orgs.models import Membership, Region, Unit, User

    print(f"\nCockpit (issue 25) — database: {connection.vendor}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    year = local_today().year
    written = generate_province(scale=SCALE, seed=25, only=("supervision", "targets", "feedback"))
    city, county = Region.objects.get(code="340100"), Region.objects.get(code="340101")
    office_unit, bureau = Unit.objects.get(code="PO00000"), Unit.objects.get(code="PB00000")
    office = User.objects.create_user("ck-office", password="x")
    Membership.objects.create(user=office, unit=office_unit, role=Role.OFFICE)
    leader = User.objects.create_user("ck-leader", password="x")
    Membership.objects.create(user=leader, unit=office_unit, role=Role.LEADER)
    district_leader = User.objects.create_user("ck-district", password="x")
    Membership.objects.create(user=district_leader, unit=bureau, role=Role.LEADER)
    note(
        "built the province's tree and units with supervision, targets and feedback at scale "
        f"{SCALE} (core.province): "
        + ", ".join(f"{n:,} {what}" for what, n in written.items())
        + f" in {time.perf_counter() - started:.1f} s"
    )
    print(header)
    print("-" * 130)

    city_client, district_client = Client(), Client()
    city_client.force_login(leader)
    district_client.force_login(district_leader)
    city_url = f"/cockpit/?region={city.pk}&year={year}"
    district_url = f"/cockpit/?region={county.pk}&year={year}"
    baseline = timed_p95(lambda: city_client.get("/notifications/"), REPEAT)
    for name, client, url in (("city", city_client, city_url), ("district", district_client, district_url)):
        first = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        row(
            f"{name} cockpit, first opening (computes) ",
            (time.perf_counter() - first) * 1000,
            "ms",
            "inbox page (p95)",
            baseline,
        )
        row(
            f"{name} cockpit (p95)",
            timed_p95(lambda c=client, u=url: c.get(u), REPEAT),
            "ms",
            "inbox page (p95)",
            baseline,
        )
    drill = f"/cockpit/figures/supervision.findings_overdue/?region={city.pk}&year={year}"
    city_client.get(drill)
    row(
        "drill-down of a city by county (p95)",
        timed_p95(lambda: city_client.get(drill), REPEAT),
        "ms",
        "inbox page (p95)",
        baseline,
    )

    first = time.perf_counter()
    report = report_compile(by=office, region=city, year=year)
    compiled = time.perf_counter() - first
    first = time.perf_counter()
    content = report_docx(report)
    written = time.perf_counter() - first
    note(
        f"annual report of a city: compiled from every section in {compiled:.2f} s, written as Word "
        f"({len(content) // 1024} KB) in {written:.2f} s — {compiled + written:.2f} s in all"
    )
