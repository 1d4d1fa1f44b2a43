"""`python -m bench cockpit`: the leaders' cockpit (issue 25) of a city and of a district, p95 beside a trivial page of
the same run, and the annual long-term management report of a city, in seconds.

The data is the first part of the province-sized generator (issue 26 builds the whole one): the jurisdiction tree
of a province at full size — 13 cities, 104 counties (8 each), 1,352 townships (13 each), 20,280 villages (15 each)
— with a culture bureau per county, a station per township and a centre per village (21,700 units), and a year of
the records of three mechanisms: supervision (one inspection per county and month, FINDINGS findings over the
stations and centres, in every state), targets (one work plan per city, TASKS tasks led by the bureaus and
stations) and citizen feedback (FEEDBACK items about the villages, answered or not). The other mechanisms' figures
are computed over empty tables. Rows are written with bulk_create (the services would time the writes, not the
cockpit). Runs in this process against the throw-away database of the run (bench/__main__.py).

Figures: the first opening of a cockpit computes its figures (and the grid's) from the records and keeps them
(cockpit.MetricFigure); later openings read the kept figures — the p95 is of those, as a leader sees them between
two runs of the sweep, which computes stale figures again in the background.
"""

import random
import time
from datetime import date, timedelta

from django.db import connection
from django.test import Client

from bench.harness import note, row, timed_p95

CITIES, COUNTIES, TOWNSHIPS, VILLAGES = 13, 8, 13, 15
FINDINGS = 60_000
TASKS = 10_000
FEEDBACK = 100_000
REPEAT = 30


def _regions():
    from changxiao.orgs.choices import RegionLevel
    from changxiao.orgs.models import Region

    province = Region.objects.create(code="340000", name="省", level=RegionLevel.PROVINCE)
    province.path = f"/{province.pk}/"
    province.save(update_fields=["path"])

    def children(parents, level, count, code_of, name_of):
        made = Region.objects.bulk_create(
            Region(code=code_of(p, i), name=name_of(p, i), level=level, parent=p)
            for p in parents
            for i in range(count)
        )
        by_pk = {p.pk: p for p in parents}
        for region in made:
            region.path = f"{by_pk[region.parent_id].path}{region.pk}/"
        Region.objects.bulk_update(made, ["path"], batch_size=5_000)
        return made

    cities = children(
        [province], RegionLevel.CITY, CITIES, lambda p, i: f"34{i + 1:02d}00", lambda p, i: f"市{i}"
    )
    counties = children(
        cities,
        RegionLevel.COUNTY,
        COUNTIES,
        lambda p, i: f"{p.code[:4]}{i + 1:02d}",
        lambda p, i: f"{p.name}县{i}",
    )
    towns = children(
        counties,
        RegionLevel.TOWNSHIP,
        TOWNSHIPS,
        lambda p, i: f"{p.code}{i + 1:03d}",
        lambda p, i: f"{p.name}镇{i}",
    )
    villages = children(
        towns,
        RegionLevel.VILLAGE,
        VILLAGES,
        lambda p, i: f"{p.code}{i + 1:03d}",
        lambda p, i: f"{p.name}村{i}",
    )
    return province, cities, counties, towns, villages


def _units(cities, counties, towns, villages):
    from changxiao.orgs.choices import UnitKind, VenueType
    from changxiao.orgs.models import Unit

    offices = Unit.objects.bulk_create(
        Unit(code=f"CK-O{i:02d}", name=f"{c.name}办公室", kind=UnitKind.OFFICE, region=c)
        for i, c in enumerate(cities)
    )
    bureaus = Unit.objects.bulk_create(
        Unit(code=f"CK-B{i:03d}", name=f"{c.name}文体旅局", kind=UnitKind.CULTURE_BUREAU, region=c)
        for i, c in enumerate(counties)
    )
    stations = Unit.objects.bulk_create(
        Unit(
            code=f"CK-S{i:04d}",
            name=f"{t.name}综合文化站",
            kind=UnitKind.VENUE,
            venue_type=VenueType.TOWNSHIP_STATION,
            region=t,
        )
        for i, t in enumerate(towns)
    )
    centres = Unit.objects.bulk_create(
        (
            Unit(
                code=f"CK-V{i:05d}",
                name=f"{v.name}综合性文化服务中心",
                kind=UnitKind.VENUE,
                venue_type=VenueType.VILLAGE_ROOM,
                region=v,
            )
            for i, v in enumerate(villages)
        ),
        batch_size=5_000,
    )
    return offices, bureaus, stations, centres


def _supervision(counties, units, year, today, admin):
    from changxiao.supervision.models import Finding, Inspection

    inspections = Inspection.objects.bulk_create(
        Inspection(
            region=c, kind="routine", title=f"{c.name}{m}月督查", date=date(year, m, 5), created_by=admin
        )
        for c in counties
        for m in range(1, 12)
        if date(year, m, 5) <= today
    )
    by_county = {}
    for inspection in inspections:
        by_county.setdefault(inspection.region_id, []).append(inspection)
    rng = random.Random(25)  # noqa: S311 — reproducible test data, not secrets
    findings, numbers = [], {}
    for n in range(FINDINGS):
        unit = units[n % len(units)]
        county_id = int(unit.region.path.strip("/").split("/")[2])
        inspection = rng.choice(by_county[county_id])
        numbers[inspection.pk] = numbers.get(inspection.pk, 0) + 1
        due = inspection.date + timedelta(days=20)
        state = (
            rng.choice(["verified", "verified", "verified", "open", "rectifying"]) if due < today else "open"
        )
        on_time = state == "verified" and rng.random() < 0.85
        findings.append(
            Finding(
                inspection=inspection,
                number=numbers[inspection.pk],
                description="开放时间未公示",
                requirement="公示开放时间",
                lead_unit=unit,
                due_date=due,
                state=state,
                rectified_on=(due - timedelta(days=2))
                if on_time
                else (due + timedelta(days=5))
                if state == "verified"
                else None,
                rectified_on_time=on_time if state == "verified" else None,
            )
        )
    Finding.objects.bulk_create(findings, batch_size=5_000)


def _targets(cities, leads, year, admin):
    from changxiao.targets.models import Task, WorkPlan

    plans = WorkPlan.objects.bulk_create(
        WorkPlan(region=c, year=year, title=f"{year}年长效管理工作计划", created_by=admin) for c in cities
    )
    rng = random.Random(26)  # noqa: S311 — reproducible test data, not secrets
    tasks = []
    for n in range(TASKS):
        lead = leads[n % len(leads)]
        plan = plans[[c.pk for c in cities].index(int(lead.region.path.strip("/").split("/")[1]))]
        done = rng.random() < 0.6
        due = date(year, 1 + n % 11, 20)
        tasks.append(
            Task(
                plan=plan,
                number=f"{n}",
                title=f"任务{n}",
                mechanism="organization",
                lead_unit=lead,
                due_date=due,
                status="completed" if done else "in_progress",
                percent=100 if done else 50,
                completed_on=due - timedelta(days=rng.choice([-3, 2, 5])) if done else None,
            )
        )
    Task.objects.bulk_create(tasks, batch_size=5_000)


def _feedback(villages, stations_by_town, year, today):
    from django.utils import timezone

    from changxiao.feedback.models import Category, FeedbackItem

    category = Category.objects.create(owner=None, name="活动内容")
    rng = random.Random(27)  # noqa: S311 — reproducible test data, not secrets
    items = []
    for n in range(FEEDBACK):
        village = villages[n % len(villages)]
        day = date(year, 1 + n % 11, 1 + n % 28)
        if day > today:
            day = today
        answered = rng.random() < 0.8
        items.append(
            FeedbackItem(
                code=f"CK{n:010d}",
                kind="demand",
                category=category,
                region=village,
                content="希望增加周末活动",
                unit=stations_by_town[village.parent_id],
                state="answered" if answered else "assigned",
                acknowledge_due=day + timedelta(days=2),
                answer_due=day + timedelta(days=10),
                answered_on=day + timedelta(days=rng.choice([3, 8, 12])) if answered else None,
                answered_on_time=None,
                content_hash=f"{n:064d}",
                submitted_at=timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 10)),
            )
        )
    for item in items:
        if item.answered_on:
            item.answered_on_time = item.answered_on <= item.answer_due
    FeedbackItem.objects.bulk_create(items, batch_size=5_000)


def run(header: str) -> None:
    from django.core.management import call_command

    from changxiao.cockpit.report import report_docx
    from changxiao.cockpit.services import report_compile
    from changxiao.core.deadlines import local_today
    from changxiao.orgs.choices import Role
    from changxiao.orgs.models import Membership, User

    print(f"\nCockpit (issue 25) — database: {connection.vendor}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    today = local_today()
    year = today.year
    admin = User.objects.create_superuser("ck-admin", "ck@example.org", "x")
    province, cities, counties, towns, villages = _regions()
    offices, bureaus, stations, centres = _units(cities, counties, towns, villages)
    office = User.objects.create_user("ck-office", password="x")
    Membership.objects.create(user=office, unit=offices[0], role=Role.OFFICE)
    leader = User.objects.create_user("ck-leader", password="x")
    Membership.objects.create(user=leader, unit=offices[0], role=Role.LEADER)
    district_leader = User.objects.create_user("ck-district", password="x")
    Membership.objects.create(user=district_leader, unit=bureaus[0], role=Role.LEADER)
    venues = list(stations) + list(centres)
    from changxiao.orgs.models import Unit

    venues = list(Unit.objects.filter(pk__in=[u.pk for u in venues]).select_related("region"))
    _supervision(counties, venues, year, today, admin)
    leads = list(
        Unit.objects.filter(pk__in=[u.pk for u in list(bureaus) + list(stations)]).select_related("region")
    )
    _targets(cities, leads, year, admin)
    _feedback(villages, {s.region_id: s for s in stations}, year, today)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    note(
        f"built {len(cities)} cities, {len(counties)} counties, {len(towns):,} townships, {len(villages):,} villages, "
        f"{len(venues) + len(bureaus) + len(offices):,} units, {FINDINGS:,} findings, {TASKS:,} tasks, "
        f"{FEEDBACK:,} feedback items in {time.perf_counter() - started:.1f} s"
    )
    print(header)
    print("-" * 130)

    city_client, district_client = Client(), Client()
    city_client.force_login(leader)
    district_client.force_login(district_leader)
    city_url = f"/cockpit/?region={cities[0].pk}&year={year}"
    district_url = f"/cockpit/?region={counties[0].pk}&year={year}"
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
    drill = f"/cockpit/figures/supervision.findings_overdue/?region={cities[0].pk}&year={year}"
    city_client.get(drill)
    row(
        "drill-down of a city by county (p95)",
        timed_p95(lambda: city_client.get(drill), REPEAT),
        "ms",
        "inbox page (p95)",
        baseline,
    )

    first = time.perf_counter()
    report = report_compile(by=office, region=cities[0], year=year)
    compiled = time.perf_counter() - first
    first = time.perf_counter()
    content = report_docx(report)
    written = time.perf_counter() - first
    note(
        f"annual report of a city: compiled from every section in {compiled:.2f} s, written as Word "
        f"({len(content) // 1024} KB) in {written:.2f} s — {compiled + written:.2f} s in all"
    )
