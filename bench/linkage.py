"""`python -m bench.linkage` (section `linkage`): the service menu (issue 23).

`python -m bench.linkage --menu-only` leaves out the orders.

1. The menu at 30,000 items as village staff search and filter it on a phone (the menu page with a word typed, a
   kind and "places left only"), p95 beside the inbox page of the same run, and its query count at a tenth of the
   items and at all of them (the same: no query per item).
2. 1,000 orders sent at once by 100 township stations through the API (token auth, gunicorn, PostgreSQL) against
   quotas of 8 places per station and 50 items of 12 places each — more orders than places — beside /healthz of the
   same server, taking turns: then no quota or item is over its places, every 201 answered is a stored order, every
   stored order was answered 201, and the counters equal the orders counted (nothing lost, nothing twice).

Runs against the throw-away database of the run (bench/__main__.py sets it up); the orders part creates its own
PostgreSQL database (BENCH_POSTGRES_URL, trust auth) and runs in a child process, dropped afterwards.
"""

import json
import os
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
ITEMS = 30_000
REPEAT = 30
STATIONS = 100
QUOTA = 8
OFFERINGS = 50
PLACES = 12
ORDERS = 1_000
HEALTH = 1_000
CLIENTS = 32
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def _world(stations: int):
    """A city, a county, `stations` townships each with a station and its service account, the city's office."""
    from changxiao.orgs.choices import RegionLevel, Role, UnitKind, VenueType
    from changxiao.orgs.models import Membership, Region, Unit, User

    city = Region.objects.create(code="330100", name="杭州市", level=RegionLevel.CITY)
    city.path = f"/{city.pk}/"
    city.save(update_fields=["path"])
    county = Region.objects.create(code="330110", name="余杭区", level=RegionLevel.COUNTY, parent=city)
    county.path = f"{city.path}{county.pk}/"
    county.save(update_fields=["path"])
    towns = Region.objects.bulk_create(
        Region(code=f"330110{t:03d}", name=f"镇{t}", level=RegionLevel.TOWNSHIP, parent=county)
        for t in range(stations)
    )
    for town in towns:
        town.path = f"{county.path}{town.pk}/"
    Region.objects.bulk_update(towns, ["path"])
    units = Unit.objects.bulk_create(
        Unit(
            code=f"LK-S{i:04d}",
            name=f"{town.name}综合文化站",
            kind=UnitKind.VENUE,
            venue_type=VenueType.TOWNSHIP_STATION,
            region=town,
        )
        for i, town in enumerate(towns)
    )
    people = User.objects.bulk_create(
        User(username=f"lk-s{i:04d}", full_name=f"站长{i}") for i in range(stations)
    )
    Membership.objects.bulk_create(
        Membership(user=person, unit=unit, role=Role.VENUE)
        for person, unit in zip(people, units, strict=True)
    )
    office_unit = Unit.objects.create(
        code="LK-OFFICE", name="杭州市办公室", kind=UnitKind.OFFICE, region=city
    )
    office = User.objects.create_user("lk-office", password="x")
    Membership.objects.create(user=office, unit=office_unit, role=Role.OFFICE)
    provider = Unit.objects.create(
        code="LK-WHG",
        name="杭州市文化馆",
        kind=UnitKind.VENUE,
        venue_type=VenueType.CULTURE_CENTRE,
        region=city,
    )
    return city, units, people, office, provider


def _menu(city, office, provider, items: int, start: int = 0):
    from changxiao.linkage import services
    from changxiao.linkage.choices import CostBorne, MenuState, OfferingKind, OfferingState
    from changxiao.linkage.models import Menu, Offering

    year = date.today().year
    menu = Menu.objects.filter(region=city, year=year).first() or Menu.objects.create(
        region=city,
        year=year,
        title=f"杭州市{year}年服务目录",
        state=MenuState.PUBLISHED,
        default_quota=QUOTA,
    )
    kinds = list(OfferingKind)
    topics = ["昆曲", "评弹", "书法", "摄影", "剪纸", "越剧", "电影", "讲座", "合唱", "阅读", "非遗", "科普"]
    rows = []
    for i in range(start, start + items):
        item = Offering(
            menu=menu,
            provider=provider,
            code=f"{year}-{i:05d}",
            title=f"{topics[i % len(topics)]}{kinds[i % len(kinds)].label}第{i}期",
            kind=kinds[i % len(kinds)],
            description="bench",
            capacity=100,
            cost_borne=CostBorne.GOVERNMENT,
            available_from=date(year, 1, 1),
            available_until=date(year, 12, 31),
            places=PLACES,
            places_taken=(i % 3 == 0) * PLACES,  # a third fully ordered
            state=OfferingState.ACCEPTED,
        )
        item.search_text = services.search_text_of(item, provider)
        rows.append(item)
    Offering.objects.bulk_create(rows, batch_size=2000)
    return menu


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def run(header: str) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from bench.harness import note, row, timed_p95

    print(f"\nLinkage (issue 23) — the menu on {connection.vendor}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    city, units, people, _office, provider = _world(STATIONS)
    menu = _menu(city, _office, provider, ITEMS // 10)
    client = Client()
    client.force_login(people[0])
    page = menu.get_absolute_url()
    searches = {
        "a word typed": f"{page}?q=评弹",
        "a kind and places left": f"{page}?kind=performance&available=on",
        "word, kind, cost, places left": f"{page}?q=书法&kind=lecture&cost=government&available=on",
    }
    small = {name: _queries(client, url) for name, url in searches.items()}
    _menu(city, _office, provider, ITEMS - ITEMS // 10, start=ITEMS // 10)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    note(f"built a menu of {ITEMS:,} items in {time.perf_counter() - started:.1f} s")
    full = {name: _queries(client, url) for name, url in searches.items()}
    print(header)
    print("-" * 130)
    baseline = timed_p95(lambda: client.get("/notifications/"), REPEAT)
    for name, url in searches.items():
        row(
            f"menu of {ITEMS // 1000}k items, {name} (p95)",
            timed_p95(lambda u=url: client.get(u), REPEAT),
            "ms",
            "inbox page (p95)",
            baseline,
        )
    for name in searches:
        verdict = "constant" if small[name] == full[name] else "DIFFERS"
        note(
            f"{name}: {small[name]} queries at a tenth of the items, {full[name]} at all of them — {verdict}"
        )
    if "--menu-only" not in sys.argv:
        _orders_on_postgresql()


def _orders_on_postgresql() -> None:
    import psycopg

    from bench.harness import note

    admin = os.environ.get("BENCH_POSTGRES_URL", POSTGRES_URL)
    name = f"changxiao_bench_linkage_{os.getpid()}"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        note(f"orders on PostgreSQL skipped: {exc}".strip())
        return
    try:
        subprocess.run(  # noqa: S603  (a fixed command line)
            [sys.executable, "-m", "bench.linkage", "--orders-child"],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": urlunsplit(urlsplit(admin)._replace(path=f"/{name}"))},
            timeout=20 * 60,
            check=False,
        )
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def orders_child() -> None:
    """In a child process on the PostgreSQL database: 1,000 orders at once through gunicorn, beside /healthz."""
    import random

    from django.core.management import call_command
    from django.db.models import Count, F, Sum

    from bench.harness import Load, Server, load, note, row
    from changxiao.linkage.models import Offering, Order, Quota
    from changxiao.orgs.models import ApiToken, hash_token

    call_command("migrate", verbosity=0)
    city, units, people, office, provider = _world(STATIONS)
    menu = _menu(city, office, provider, OFFERINGS)
    Offering.objects.filter(menu=menu).update(places_taken=0)
    offerings = list(Offering.objects.filter(menu=menu).values_list("pk", flat=True))
    keys = []
    for unit, person in zip(units, people, strict=True):
        key = ApiToken.generate_key()
        ApiToken.objects.create(
            unit=unit, account=person, name="bench", prefix=key[:8], key_hash=hash_token(key)
        )
        keys.append(key)
    rng = random.Random(23)  # noqa: S311  (a fixed sample of stations and items, not a secret)
    wished = min(date.today() + timedelta(days=20), date(date.today().year, 12, 31)).isoformat()
    bodies = []
    for i in range(ORDERS):
        station = i % STATIONS
        body = {
            "offering_id": rng.choice(offerings),
            "unit_id": units[station].pk,
            "wished_date": wished,
            "audience_expected": 80,
        }
        bodies.append((keys[station], json.dumps(body).encode()))
    work = Path(os.environ["BENCH_WORK"])  # set by bench/__main__.py
    with Server(work / "linkage-gunicorn.log", workers=4, threads=1) as server:
        for _ in range(50):
            server.call("GET", "/healthz")

        def order(i: int):
            key, body = bodies[i]
            headers = {
                "Content-Type": "application/json",
                "Authorization": f"Bearer {key}",
                "X-Forwarded-For": f"10.23.{i // 250}.{i % 250}",
            }
            return server.call("POST", "/api/v1/linkage/orders", body, headers)

        def health(_i: int):
            return server.call("GET", "/healthz")

        rounds, healths = [], []
        per_round = ORDERS // 4
        for r in range(4):
            rounds.append(load(lambda i, r=r: order(r * per_round + i), per_round, clients=CLIENTS))
            healths.append(load(health, HEALTH // 4, clients=CLIENTS))
        orders, healthz = Load.joined(rounds), Load.joined(healths)
        log = server.log_text()
    statuses = orders.statuses
    accepted = [r for r in orders.results if r.status == 201]
    codes = {json.loads(r.body)["code"] for r in accepted}
    stored = set(Order.objects.values_list("code", flat=True))
    over_quota = Quota.objects.filter(used__gt=F("places")).count()
    over_item = Offering.objects.filter(places_taken__gt=F("places")).count()
    per_unit = dict(Order.objects.values_list("unit_id").annotate(n=Count("pk")))
    quotas_agree = all(per_unit.get(q.unit_id, 0) == q.used for q in Quota.objects.all())
    per_item = dict(Order.objects.values_list("offering_id").annotate(n=Count("pk")))
    items_agree = all(per_item.get(o.pk, 0) == o.places_taken for o in Offering.objects.filter(menu=menu))
    places = min(STATIONS * QUOTA, OFFERINGS * PLACES)
    print(
        f"— 1,000 orders at once on PostgreSQL: gunicorn -w 4, {CLIENTS} clients, {STATIONS} stations × "
        f"{QUOTA} places, {OFFERINGS} items × {PLACES} places —",
        flush=True,
    )
    row("orders: requests per second", orders.rate, "/s", "/healthz per second", healthz.rate)
    row("orders: p99", orders.p99, "ms", "/healthz p99", healthz.p99)
    refused = sum(1 for s in statuses if s == 422)
    others = sorted({s for s in statuses if s not in (201, 422)})
    note(
        f"201 ordered: {len(accepted)}, 422 refused (quota or item full): {refused}, other statuses: {others or 'none'}"
    )
    note(
        f"stored orders: {len(stored)}; answered 201 but not stored: {len(codes - stored)}; "
        f"stored but not answered 201: {len(stored - codes)}"
    )
    note(
        f"quotas over their places: {over_quota}; items over their places: {over_item}; "
        f"counters agree with the orders: quotas {quotas_agree}, items {items_agree}; "
        f"places in all (the smaller of quotas and items): at most {places}, "
        f"used {Quota.objects.aggregate(n=Sum('used'))['n']}"
    )
    verdict = (
        not over_quota
        and not over_item
        and quotas_agree
        and items_agree
        and codes == stored
        and not others
        and "Traceback" not in log
    )
    note(
        "verdict: "
        + ("no quota exceeded, nothing lost" if verdict else "FAILED — see above and the server log")
    )


if __name__ == "__main__":
    if "--orders-child" in sys.argv:
        import bench.__main__  # noqa: F401  (production settings, django.setup)

        orders_child()
    else:
        from bench.__main__ import HEADER  # noqa: E402

        run(header=HEADER)
