"""`python -m bench workforce`: a unit's roster and the office's overview (issue 20) at 50,000 practitioners in post
and 500,000 training records, p95 beside a trivial page of the same run, and the query count of each page at a tenth
of the data and at all of it (the same count: no query per person, unit or region).

The data: a city of 2 county-level divisions × 50 townships × 20 villages, a township station in each township and a
village centre in each village (2,100 units); people in post spread over them (a tenth of them station managers,
whose role requires a certificate, half of whom hold one); 5,000 training sessions of the year, 100 attendances each.
Personal data is stored as placeholders: the pages read the masked columns only, and encrypting 50,000 rows would
time the cipher, not the pages. Runs in this process against the throw-away database of the run (bench/__main__.py).
"""

import time
from datetime import date

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.harness import note, row, timed_p95

PEOPLE = 50_000
ATTENDANCES = 500_000
PER_SESSION = 100
REPEAT = 30


def _regions():
    from changxiao.orgs.choices import RegionLevel
    from changxiao.orgs.models import PopulationRecord, Region

    city = Region.objects.create(code="330100", name="杭州市", level=RegionLevel.CITY)
    city.path = f"/{city.pk}/"
    city.save(update_fields=["path"])
    towns, villages = [], []
    for c in range(2):
        county = Region.objects.create(
            code=f"3301{c + 10:02d}", name=f"县{c}", level=RegionLevel.COUNTY, parent=city
        )
        county.path = f"{city.path}{county.pk}/"
        county.save(update_fields=["path"])
        made = Region.objects.bulk_create(
            Region(
                code=f"{county.code}{t:03d}", name=f"县{c}镇{t}", level=RegionLevel.TOWNSHIP, parent=county
            )
            for t in range(50)
        )
        for town in made:
            town.path = f"{county.path}{town.pk}/"
        Region.objects.bulk_update(made, ["path"])
        towns += made
        for town in made:
            inside = Region.objects.bulk_create(
                Region(
                    code=f"{town.code}{v:03d}",
                    name=f"{town.name}村{v}",
                    level=RegionLevel.VILLAGE,
                    parent=town,
                )
                for v in range(20)
            )
            for village in inside:
                village.path = f"{town.path}{village.pk}/"
            Region.objects.bulk_update(inside, ["path"])
            villages += inside
    PopulationRecord.objects.bulk_create(
        PopulationRecord(region=town, year=date.today().year, resident=20_000 + 500 * i, source="bench")
        for i, town in enumerate(towns)
    )
    return city, towns, villages


def _units(towns, villages):
    from changxiao.orgs.choices import UnitKind, VenueType
    from changxiao.orgs.models import Unit

    stations = Unit.objects.bulk_create(
        Unit(
            code=f"WF-S{i:04d}",
            name=f"{town.name}综合文化站",
            kind=UnitKind.VENUE,
            venue_type=VenueType.TOWNSHIP_STATION,
            region=town,
        )
        for i, town in enumerate(towns)
    )
    centres = Unit.objects.bulk_create(
        Unit(
            code=f"WF-V{i:05d}",
            name=f"{village.name}综合性文化服务中心",
            kind=UnitKind.VENUE,
            venue_type=VenueType.VILLAGE_ROOM,
            region=village,
        )
        for i, village in enumerate(villages)
    )
    return stations, centres


def _people(units, start: int, stop: int, kind) -> None:
    """People start … stop − 1 in post, spread over the units; every tenth a station manager."""
    from changxiao.workforce.models import Certificate, Post, Practitioner

    batch = 5_000
    for first in range(start, stop, batch):
        numbers = range(first, min(first + batch, stop))
        people = Practitioner.objects.bulk_create(
            Practitioner(
                name_encrypted="-",
                name_masked=f"张*{n % 100}",
                id_number_encrypted="-",
                id_number_masked=f"3301**********{n % 10000:04d}",
                id_number_digest=f"bench-{n:058d}",
            )
            for n in numbers
        )
        Post.objects.bulk_create(
            Post(
                practitioner=person,
                unit=units[n % len(units)],
                kind="established" if n % 10 == 0 else "public_welfare",
                role="manager" if n % 10 == 0 else "administrator",
                start=date(2024, 1, 1),
            )
            for n, person in zip(numbers, people, strict=True)
        )
        Certificate.objects.bulk_create(
            Certificate(
                practitioner=person,
                kind=kind,
                issuer="bench",
                number=f"B{n}",
                issued_on=date(2024, 1, 1),
                expires_on=date(2030, 1, 1),
            )
            for n, person in zip(numbers, people, strict=True)
            if n % 20 == 0
        )


def _training(organizers, people_ids: list[int], start: int, stop: int) -> None:
    """Attendances start … stop − 1, PER_SESSION a session of this year."""
    from changxiao.workforce.models import Attendance, TrainingSession

    year = date.today().year
    for first in range(start, stop, 50_000):
        count = min(50_000, stop - first) // PER_SESSION
        sessions = TrainingSession.objects.bulk_create(
            TrainingSession(
                organizer=organizers[(first // PER_SESSION + s) % len(organizers)],
                title=f"培训班{first // PER_SESSION + s}",
                level="county",
                start=date(year, 1 + s % 11, 1 + s % 27),
                end=date(year, 1 + s % 11, 1 + s % 27),
                days=1,
            )
            for s in range(count)
        )
        Attendance.objects.bulk_create(
            (
                Attendance(
                    session=session,
                    practitioner_id=people_ids[(first + s * PER_SESSION + a) % len(people_ids)],
                    days=1,
                )
                for s, session in enumerate(sessions)
                for a in range(PER_SESSION)
            ),
            batch_size=10_000,
        )


def _queries(client, url: str) -> int:
    client.get(url)  # warm: the session and the person's scope are read once, on a first request
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def run(header: str) -> None:
    from changxiao.orgs.choices import Role, UnitKind
    from changxiao.orgs.models import Membership, Unit, User
    from changxiao.workforce.models import CertificateKind, CertificateRequirement, Practitioner

    print(f"\nWorkforce (issue 20) — database: {connection.vendor}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    city, towns, villages = _regions()
    stations, centres = _units(towns, villages)
    units = stations + centres
    office_unit = Unit.objects.create(
        code="WF-OFFICE", name="杭州市办公室", kind=UnitKind.OFFICE, region=city
    )
    office = User.objects.create_user("wf-office", password="x")
    Membership.objects.create(user=office, unit=office_unit, role=Role.OFFICE)
    kind = CertificateKind.objects.create(owner=city, name="基层文化管理员岗位培训合格证")
    CertificateRequirement.objects.create(owner=city, role="manager", kind=kind, source="bench")

    client = Client()
    client.force_login(office)
    roster = f"/workforce/units/{stations[0].pk}/"
    overview = f"/workforce/?region={city.pk}"
    pages = {"roster": roster, "overview": overview}

    _people(units, 0, PEOPLE // 10, kind)
    ids = list(Practitioner.objects.order_by("pk").values_list("pk", flat=True))
    _training(stations, ids, 0, ATTENDANCES // 10)
    small = {name: _queries(client, url) for name, url in pages.items()}

    _people(units, PEOPLE // 10, PEOPLE, kind)
    ids = list(Practitioner.objects.order_by("pk").values_list("pk", flat=True))
    _training(stations, ids, ATTENDANCES // 10, ATTENDANCES)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the planner's statistics, as a running database keeps them
    note(
        f"built {PEOPLE:,} people in post, {ATTENDANCES:,} training records in {time.perf_counter() - started:.1f} s"
    )
    full = {name: _queries(client, url) for name, url in pages.items()}
    print(header)
    print("-" * 130)

    for url in pages.values():
        client.get(url)
    # As the served product does once started (changxiao/wsgi.py): the heap built so far is not rescanned.
    from changxiao.wsgi import freeze_startup_objects

    freeze_startup_objects()
    baseline = timed_p95(lambda: client.get("/notifications/"), REPEAT)
    row(
        f"roster of a station ({PEOPLE // len(units)} in post) (p95)",
        timed_p95(lambda: client.get(roster), REPEAT),
        "ms",
        "inbox page (p95)",
        baseline,
    )
    row(
        f"overview of the city, {PEOPLE // 1000}k people (p95)",
        timed_p95(lambda: client.get(overview), REPEAT),
        "ms",
        "inbox page (p95)",
        baseline,
    )
    for name in pages:
        verdict = "constant" if small[name] == full[name] else "DIFFERS"
        note(f"{name}: {small[name]} queries at a tenth of the data, {full[name]} at all of it — {verdict}")
