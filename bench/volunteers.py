"""`python -m bench.volunteers` (section `volunteers`): culture volunteers (issue 21), on PostgreSQL.

1. A festival's check-in rush: 2,000 volunteers with confirmed places at four activities under way each scan the
   activity's QR code on their phones (POST /api/v1/public/volunteers/check with their citizen session and CSRF
   token) at 32 concurrent clients on gunicorn served as the product serves it (scripts/serve: WEB_WORKERS=2
   processes of WEB_THREADS=4 threads unless set; without its access log), and 200 of them scan a second time at
   once (a double tap), beside /healthz of the same server in turns. Then every 200 answered is one stored
   check-in, none is stored twice (the double taps are refused with their message), and p99 is compared with the
   issue's 300 ms. The CPU per check-in of the server's processes, of PostgreSQL's backends and of the load's
   clients is printed beside it: on a shared machine the wall times are noisy, the CPU per request much less so.
2. A volunteer's totals over a table of many hour records (RECORDS, the issue's 10,000,000 by default; fewer with
   BENCH_VOLUNTEER_RECORDS=1000000): the total is a running figure kept on the volunteer by the services (one row
   read), the star level sums that volunteer's own 500 records through the (volunteer, checked_in_at) index — p95
   of both beside the p95 of reading one unit by its key in the same run. The filler rows are written by INSERT …
   SELECT generate_series with the tables' secondary indexes built afterwards: about 4 minutes for 10,000,000 on a
   2-core machine (30 s for 1,000,000).

Creates its own PostgreSQL database (BENCH_POSTGRES_URL, trust auth) and runs in a child process, dropped
afterwards.
"""

import contextlib
import json
import os
import secrets
import string
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
CHECKINS = 2_000
DOUBLE_TAPS = 200
ACTIVITIES = 4
HEALTH = 2_000
ROUNDS = 4
CLIENTS = 32
P99_TARGET_MS = 300.0
RECORDS = int(os.environ.get("BENCH_VOLUNTEER_RECORDS", "10000000"))
# Served as the product serves (scripts/serve: WEB_WORKERS processes of WEB_THREADS threads).
WORKERS = int(os.environ.get("WEB_WORKERS", "2"))
THREADS = int(os.environ.get("WEB_THREADS", "4"))
PAST_ACTIVITIES = 500  # the records of the volunteer measured
TOTALS_TARGET_MS = 50.0


def run(header: str) -> None:
    import psycopg

    from bench.harness import note

    print(f"\nCulture volunteers (issue 21) — on PostgreSQL\n{header}\n" + "-" * 130, flush=True)
    admin = os.environ.get("BENCH_POSTGRES_URL", POSTGRES_URL)
    name = f"changxiao_bench_volunteers_{os.getpid()}"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        note(f"volunteers on PostgreSQL skipped: {exc}".strip())
        return
    try:
        subprocess.run(  # noqa: S603  (a fixed command line)
            [sys.executable, "-m", "bench.volunteers", "--child"],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": urlunsplit(urlsplit(admin)._replace(path=f"/{name}"))},
            timeout=30 * 60,
            check=False,
        )
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _world():
    """A city, a district, its cultural centre with a team and four activities under way, the centre's account, and
    2,000 volunteers (citizens) each with a confirmed place at one of them."""
    from django.utils import timezone

    from changxiao.citizens.models import Citizen
    from changxiao.core import personal_data
    from changxiao.orgs.choices import RegionLevel, Role, UnitKind, VenueType
    from changxiao.orgs.models import Membership, Region, Unit, User
    from changxiao.volunteers import services
    from changxiao.volunteers.models import Signup, Volunteer

    city = Region.objects.create(code="320500", name="苏州市", level=RegionLevel.CITY)
    city.path = f"/{city.pk}/"
    city.save(update_fields=["path"])
    district = Region.objects.create(code="320508", name="姑苏区", level=RegionLevel.COUNTY, parent=city)
    district.path = f"{city.path}{district.pk}/"
    district.save(update_fields=["path"])
    centre = Unit.objects.create(
        code="GS-WHG",
        name="姑苏区文化馆",
        kind=UnitKind.VENUE,
        venue_type=VenueType.CULTURE_CENTRE,
        region=district,
    )
    keeper = User.objects.create_user("gs-whg", password="x")
    Membership.objects.create(user=keeper, unit=centre, role=Role.VENUE)
    team = services.team_create(unit=centre, by=keeper, name="姑苏区文化馆文化志愿服务队")
    now = timezone.now()
    activities = []
    for a in range(ACTIVITIES):
        activity = services.activity_create(
            team=team,
            by=keeper,
            title=f"文化艺术节志愿服务·第{a + 1}场",
            kind="venue",
            place="姑苏区文化馆",
            starts_at=now - timedelta(minutes=10),
            ends_at=now + timedelta(hours=4),
            capacity=CHECKINS // ACTIVITIES,
            terms="服务内容、时间和地点；权利义务；风险保障；变更和解除；责任和争议；其他事项。",
        )
        activities.append(services.activity_open(activity=activity, by=keeper, confirmed=True))
    key = "bench"
    phones = [f"139{i:08d}" for i in range(CHECKINS)]
    citizens = Citizen.objects.bulk_create(
        Citizen(
            phone_encrypted=personal_data.encrypt(p),
            phone_masked=personal_data.mask_phone(p),
            phone_digest=personal_data.lookup_digest(f"{key}{p}"),
        )
        for p in phones
    )
    volunteers = Volunteer.objects.bulk_create(
        Volunteer(
            citizen=c,
            number=f"WZB{i:09d}",
            name_encrypted=personal_data.encrypt("志愿者"),
            name_masked="志*者",
            id_number_encrypted="",
            id_number_masked="",
            id_number_digest=f"bench-{i}",
            phone_encrypted=c.phone_encrypted,
            phone_masked=c.phone_masked,
            birth_date=now.date().replace(year=1990),
            region=district,
            consent_at=now,
        )
        for i, c in enumerate(citizens)
    )
    Signup.objects.bulk_create(
        Signup(activity=activities[i % ACTIVITIES], volunteer=v, state="confirmed")
        for i, v in enumerate(volunteers)
    )
    return activities, citizens, volunteers, centre


def _sessions(citizens) -> list[str]:
    """A signed-in session per citizen, as the sign-in leaves it (citizens.auth)."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from changxiao.citizens import auth
    from changxiao.core.middleware import SESSION_REFRESHED_KEY

    keys = []
    for citizen in citizens:
        session = SessionStore()
        session[auth.SESSION_KEY] = citizen.pk
        session[auth.SIGNED_IN_AT_KEY] = int(timezone.now().timestamp())
        session[SESSION_REFRESHED_KEY] = int(timezone.now().timestamp())  # saved by the sign-in's answer
        session.create()
        keys.append(session.session_key)
    return keys


def child() -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from bench.harness import CpuMeter, Load, Server, load, note, row, titled
    from changxiao.volunteers.models import HourRecord
    from changxiao.volunteers.services import checkin_token

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    activities, citizens, volunteers, centre = _world()
    sessions = _sessions(citizens)
    tokens = [checkin_token(a) for a in activities]
    alphabet = string.ascii_letters + string.digits
    csrf = ["".join(secrets.choice(alphabet) for _ in range(32)) for _ in citizens]
    note(f"set up {CHECKINS:,} volunteers with sessions in {time.perf_counter() - started:.0f} s")
    connection.close()

    work = Path(os.environ["BENCH_WORK"])

    def scan(i: int):
        who = i % CHECKINS
        body = json.dumps({"token": tokens[who % ACTIVITIES]}).encode()
        headers = {
            "Content-Type": "application/json",
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={sessions[who]}; csrftoken={csrf[who]}",
            "X-CSRFToken": csrf[who],
            "X-Forwarded-For": f"10.21.{who // 250}.{who % 250}",
        }
        return server.call("POST", "/api/v1/public/volunteers/check", body, headers)

    database = connection.settings_dict["NAME"]
    meters = {"database": lambda: titled(f" {database} ")}
    with Server(work / "volunteers-gunicorn.log", workers=WORKERS, threads=THREADS) as server:
        for _ in range(100):
            server.call("GET", "/healthz")
        rounds, healths, cpu = [], [], []
        per_round = CHECKINS // ROUNDS
        for r in range(ROUNDS):
            healths.append(load(lambda _i: server.call("GET", "/healthz"), HEALTH // ROUNDS, clients=CLIENTS))
            with CpuMeter(server=server.processes, **meters) as meter:
                rounds.append(load(lambda i, r=r: scan(r * per_round + i), per_round, clients=CLIENTS))
            cpu.append(meter)
        # The double taps: 200 volunteers scan again at once, right after their check-in.
        taps = load(lambda i: scan(i * (CHECKINS // DOUBLE_TAPS)), DOUBLE_TAPS, clients=CLIENTS)
        scans, healthz, cpu = Load.joined(rounds), Load.joined(healths), CpuMeter.joined(cpu)
        log = server.log_text()

    accepted = [r for r in scans.results if r.status == 200]
    stored = HourRecord.objects.standing().count()
    per_volunteer = HourRecord.objects.values("volunteer").distinct().count()
    open_records = HourRecord.objects.filter(checked_out_at__isnull=True).count()
    taps_refused = taps.statuses.count(422)
    print(
        f"— a check-in rush on PostgreSQL: gunicorn -w {WORKERS} --threads {THREADS}, {CLIENTS} clients, {CHECKINS:,} volunteers at "
        f"{ACTIVITIES} activities under way, then {DOUBLE_TAPS} double taps —",
        flush=True,
    )
    row("check-ins per second", scans.rate, "/s", "/healthz per second", healthz.rate)
    row("check-in p50", scans.p50, "ms", "/healthz p50", healthz.p50)
    row("check-in p99", scans.p99, "ms", "/healthz p99", healthz.p99)
    per = len(scans.results)
    note(
        f"CPU per check-in: server {cpu.seconds['server'] / per * 1000:.1f} ms, PostgreSQL "
        f"{cpu.seconds['database'] / per * 1000:.1f} ms, load clients {cpu.client / per * 1000:.1f} ms — "
        + cpu.summary()
    )
    others = sorted({s for s in scans.statuses if s != 200})
    note(f"200 checked in: {len(accepted)}; other statuses: {others or 'none'}")
    note(
        f"stored check-ins: {stored} for {per_volunteer} volunteers, {open_records} open; double taps refused "
        f"(422): {taps_refused} of {DOUBLE_TAPS}, other statuses {sorted(set(taps.statuses) - {422}) or 'none'}"
    )
    exactly_once = len(accepted) == stored == per_volunteer == open_records and taps_refused == DOUBLE_TAPS
    note(
        "verdict: "
        + ("every accepted check-in stored exactly once" if exactly_once else "FAILED — see above")
        + (" (Traceback in the server log)" if "Traceback" in log else "")
        + f"; p99 {scans.p99:.0f} ms {'within' if scans.p99 < P99_TARGET_MS else 'OVER'} {P99_TARGET_MS:.0f} ms"
    )
    _totals(volunteers[0], centre)


def _totals(volunteer, centre) -> None:
    """RECORDS hour records in the table — PAST_ACTIVITIES past activities, each served by RECORDS / PAST_ACTIVITIES
    volunteers (the rush's 2,000, and as many more as the size needs), one sign-up and one record each — and one
    volunteer's totals read as their page reads them. The volunteer measured has PAST_ACTIVITIES records whatever
    the size: only the table grows."""
    from django.db import connection

    from bench.harness import note, row, timed_p95
    from changxiao.orgs.models import Unit
    from changxiao.volunteers import services
    from changxiao.volunteers.models import HourRecord, Volunteer

    started = time.perf_counter()
    people = -(-RECORDS // PAST_ACTIVITIES)
    copied = ", ".join(
        f.column
        for f in Volunteer._meta.concrete_fields
        if f.column not in ("id", "citizen_id", "number", "id_number_digest")
    )
    with (
        connection.cursor() as cursor,
        _indexes_rebuilt_after(cursor, ["volunteers_signup", "volunteers_hourrecord"]),
    ):
        cursor.execute(
            f"""
            INSERT INTO volunteers_volunteer (citizen_id, number, id_number_digest, {copied})
            SELECT NULL, 'WZF' || lpad(g::text, 9, '0'), 'bench-filler-' || g, {copied}
            FROM generate_series(1, %s) g, (SELECT * FROM volunteers_volunteer ORDER BY id LIMIT 1) v
            """,  # noqa: S608 (column names of the model)
            [max(people - CHECKINS, 0)],
        )
        cursor.execute(
            """
            INSERT INTO volunteers_activity (team_id, title, kind, place, starts_at, ends_at, roles, capacity, skills,
                risky, insurance_policy, signup_mode, terms, counts_for_stars, state, checkin_secret, created_by_id,
                created_at)
            SELECT a.team_id, a.title || '·往期' || g, a.kind, a.place, a.starts_at - (g || ' days')::interval,
                a.ends_at - (g || ' days')::interval, '', a.capacity, '', false, '', a.signup_mode, a.terms, true,
                'closed', md5(g::text), a.created_by_id, now()
            FROM generate_series(1, %s) g, (SELECT * FROM volunteers_activity ORDER BY id LIMIT 1) a
            """,
            [PAST_ACTIVITIES],
        )
        cursor.execute(
            """
            INSERT INTO volunteers_signup (activity_id, volunteer_id, state, role, created_at, reason)
            SELECT a.id, v.id, 'confirmed', '', now(), ''
            FROM (SELECT id FROM volunteers_activity WHERE state = 'closed') a
            CROSS JOIN (SELECT id FROM volunteers_volunteer ORDER BY id LIMIT %s) v
            """,
            [people],
        )
        cursor.execute(
            """
            INSERT INTO volunteers_hourrecord (volunteer_id, activity_id, signup_id, checked_in_at, checked_out_at,
                minutes, rule, by_leader, needs_review, long_day, version, reason, created_at, cancel_reason)
            SELECT s.volunteer_id, s.activity_id, s.id, a.starts_at, a.starts_at + interval '2 hours', 120, 'actual',
                false, false, false, 1, '', now(), ''
            FROM volunteers_signup s JOIN volunteers_activity a ON a.id = s.activity_id
            WHERE a.state = 'closed'
            """
        )
    with connection.cursor() as cursor:
        # The running totals as the services keep them.
        cursor.execute(
            """
            UPDATE volunteers_volunteer v SET total_minutes = t.minutes
            FROM (SELECT volunteer_id, sum(minutes) AS minutes FROM volunteers_hourrecord GROUP BY volunteer_id) t
            WHERE t.volunteer_id = v.id
            """
        )
        cursor.execute("ANALYZE")
    count = HourRecord.objects.count()
    own = HourRecord.objects.filter(volunteer=volunteer).count()
    note(
        f"{count:,} hour records ({own:,} of the volunteer measured) inserted in {time.perf_counter() - started:.0f} s"
    )
    baseline = timed_p95(lambda: Unit.objects.get(pk=centre.pk), 200)
    total = timed_p95(lambda: Volunteer.objects.only("total_minutes").get(pk=volunteer.pk).total_minutes, 200)
    stars = timed_p95(lambda: services.stars_of(Volunteer.objects.get(pk=volunteer.pk)), 200)
    row(
        f"a volunteer's total hours, {count:,} records (p95)",
        total,
        "ms",
        "a unit by its key (p95)",
        baseline,
    )
    row(
        f"a volunteer's star level, {count:,} records (p95)",
        stars,
        "ms",
        "a unit by its key (p95)",
        baseline,
    )
    with connection.cursor() as cursor:
        sql, params = (
            HourRecord.objects.standing()
            .filter(volunteer=volunteer, activity__counts_for_stars=True)
            .values("volunteer")
            .query.sql_with_params()
        )
        cursor.execute("EXPLAIN " + sql, params)
        plan = " ".join(line[0] for line in cursor.fetchall())
    scans = "Seq Scan on volunteers_hourrecord" in plan
    note(
        f"the star level's records are reached {'by a SEQUENTIAL SCAN' if scans else 'through an index'}; "
        f"p95 {max(total, stars):.1f} ms {'within' if max(total, stars) < TOTALS_TARGET_MS else 'OVER'} "
        f"{TOTALS_TARGET_MS:.0f} ms"
    )


@contextlib.contextmanager
def _indexes_rebuilt_after(cursor, tables: list[str]):
    """The filler rows are inserted without the tables' secondary indexes and foreign-key checks (the rows are made
    consistent), which are then built once: a tenth of the time of keeping them row by row at 10,000,000 records.
    Indexes behind constraints (keys, unique pairs) stay."""
    cursor.execute(
        """
        SELECT indexname, indexdef FROM pg_indexes
        WHERE tablename = ANY(%s) AND indexname NOT IN (SELECT conname FROM pg_constraint)
        """,
        [tables],
    )
    indexes = cursor.fetchall()
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    cursor.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("SET maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cursor.execute(definition)


if __name__ == "__main__":
    if "--child" in sys.argv:
        import bench.__main__  # noqa: F401  (production settings, django.setup)

        child()
    else:
        from bench.__main__ import HEADER  # noqa: E402

        run(header=HEADER)
