"""`make bench` section `cluster`, part 4 (issue 26): read scaling with a PostgreSQL streaming replica.

A replica host is made from the primary (pg_basebackup -R, streaming) and both application hosts are restarted with
DATABASE_REPLICA_URL. Printed, in the same run:

- the cockpit's, the metrics page's and the work plans list's p95 served from the replica beside the same pages for
  a browser pinned to the primary (the read-your-writes cookie): same hosts, same processes, rounds taken in turns;
- the replica's lag (core.db_router.replica_lag) idle and during 32-client survey submissions, and how long a write
  takes to be readable on the replica;
- read-your-writes with the replica's replay paused: the browser that wrote sees its change at once (from the
  primary), another browser sees the page as of before with its time shown; past REPLICA_MAX_LAG_SECONDS the other
  browser reads the primary too;
- the replica stopped during 4-client page load: every page answered, from the primary once the replica failed.

The hosts run with REPLICA_MAX_LAG_SECONDS=5 and REPLICA_LAG_CHECK_SECONDS=1 (production: 30 and 5) so the fallback
shows within seconds.
"""

import re
import secrets
import statistics
import string
import threading
import time
from urllib.parse import urlencode

from bench.cluster import BALANCER, Cluster, call
from bench.harness import Load, load, note, percentile, row

PAGE_ROUNDS = 3
PAGE_REQUESTS = 15  # per page, per round, per way (replica, primary)
PAGE_CLIENTS = 4  # leaders and offices reading dashboards, not a campaign peak
MAX_LAG = 5
CHECK = 1
AS_OF = "数据截至".encode()
HOST_ENV = {"REPLICA_MAX_LAG_SECONDS": str(MAX_LAG), "REPLICA_LAG_CHECK_SECONDS": str(CHECK)}


class Browser:
    """A signed-in office browser: its session and CSRF cookies, and the pin cookie once it wrote."""

    def __init__(self, user):
        from django.conf import settings
        from django.test import Client

        client = Client()
        client.force_login(user)
        self.session = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        self.csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
        self.pin = ""

    def headers(self, pinned: bool = False) -> dict:
        cookies = [self.session, f"csrftoken={self.csrf}"] + ([self.pin] if pinned and self.pin else [])
        return {"Cookie": "; ".join(cookies)}

    def get(self, path: str, pinned: bool = False):
        return call(BALANCER, 80, "GET", path, headers=self.headers(pinned))

    def post(self, path: str, fields: dict):
        headers = {
            **self.headers(),
            "Content-Type": "application/x-www-form-urlencoded",
            "X-CSRFToken": self.csrf,
        }
        reply = call(BALANCER, 80, "POST", path, urlencode(fields).encode(), headers)
        pin = reply.cookies().get("cx_primary_until") if reply.headers is not None else None
        if pin:
            self.pin = f"cx_primary_until={pin}"
        return reply


def read_replica(cluster: Cluster, world) -> None:
    from django.urls import reverse

    from changxiao.core.db_router import replica_lag
    from changxiao.targets import services as targets
    from changxiao.targets.models import WorkPlan

    started = time.perf_counter()
    cluster.env.update(HOST_ENV)
    cluster.start_replica()
    _wait_caught_up(replica_lag)
    for index in (0, 1):  # both hosts again, now with DATABASE_REPLICA_URL
        cluster.kill_app(index)
        cluster.start_app(index)
    cluster.balance(2)
    plan = targets.plan_create(
        by=world.office, region=world.city, year=time.localtime().tm_year, title="年度工作计划（副本压测）",
        report_schedule="quarterly",
    )  # fmt: skip
    browser, other = Browser(world.office), Browser(world.office)
    pages = {
        "cockpit": reverse("cockpit:cockpit"),
        "metrics page": reverse("cockpit:metrics"),
        "work plans list": reverse("targets:plan_list"),
    }
    # The pin cookie the way the product sets it: a write (the plan's title saved again), then the pages.
    edit = reverse("targets:plan_edit", args=[plan.pk])
    reply = browser.post(edit, _plan_fields(plan, plan.title))
    assert reply.status == 302 and browser.pin, (
        f"the plan's edit answered {reply.status} without the pin cookie"
    )
    # The baseline browser keeps its pin for the whole measurement (the product's lasts MAX + CHECK seconds).
    baseline = Browser(world.office)
    baseline.pin = f"cx_primary_until={int(time.time()) + 3600}"
    _pages(browser, baseline, pages)
    _lag(cluster, world, replica_lag, browser, edit, plan, WorkPlan)
    _read_your_writes(cluster, browser, other, edit, plan, pages["work plans list"])
    _replica_stopped(cluster, other, pages)
    note(f"(replica part: {time.perf_counter() - started:.0f} s)")


def _p95(done: Load) -> float:
    return percentile(sorted(r.ms for r in done.results), 0.95)


def _wait_caught_up(replica_lag, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while replica_lag() != 0.0:
        if time.monotonic() > deadline:
            raise RuntimeError("the replica did not catch up with the primary")
        time.sleep(0.2)


def _plan_fields(plan, title: str) -> dict:
    return {
        "region": plan.region_id,
        "year": plan.year,
        "title": title,
        "source_document": plan.source_document,
        "report_schedule": plan.report_schedule,
        "implementation_plans_due": "",
    }


def _pages(browser: Browser, baseline: Browser, pages: dict) -> None:
    for path in pages.values():  # warm: the cockpit computes its figures once (on the primary)
        baseline.get(path, pinned=True)
        browser.get(path)
    for name, path in pages.items():
        from_replica, from_primary = [], []
        for _turn in range(PAGE_ROUNDS):
            from_replica.append(load(lambda i, p=path: browser.get(p), PAGE_REQUESTS, PAGE_CLIENTS))
            from_primary.append(
                load(lambda i, p=path: baseline.get(p, pinned=True), PAGE_REQUESTS, PAGE_CLIENTS)
            )
        replica, primary = Load.joined(from_replica), Load.joined(from_primary)
        row(
            f"{name} p95, read from the replica",
            _p95(replica),
            "ms",
            "the same, pinned to the primary",
            _p95(primary),
        )
        said = sum(1 for r in replica.results if AS_OF in r.body)
        pinned_said = sum(1 for r in primary.results if AS_OF in r.body)
        bad = sorted({r.status for r in replica.results + primary.results} - {200})
        note(
            f"{name}: 'data as of' on {said}/{len(replica.results)} replica pages, "
            f"{pinned_said}/{len(primary.results)} pinned pages; other answers {bad}"
        )
    note(
        "the replica runs on the same 2 cores as the primary, the hosts and the clients: it takes reads off the "
        "primary (what matters when the primary is busy with writes), it does not add CPU here"
    )


def _lag(cluster, world, replica_lag, browser, edit, plan, WorkPlan) -> None:
    from bench.cluster_bench import _address, survey

    idle = [replica_lag() for _ in range(10)]
    samples, stop = [], threading.Event()

    def sample():
        while not stop.is_set():
            samples.append(replica_lag())
            time.sleep(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    submissions = world.take(600)
    path = world.targets["replica"].get_public_url()
    try:
        done = load(lambda i: survey(path, submissions[i], _address(40, i)), len(submissions))
    finally:
        stop.set()
        sampler.join()
    measured = [s for s in samples if s is not None]
    note(
        f"replica lag: idle max {max(idle) * 1000:.0f} ms; during {done.rate:.0f} survey submissions/s (32 clients) "
        f"median {statistics.median(measured) * 1000:.0f} ms, max {max(measured) * 1000:.0f} ms "
        f"({len(measured)} samples, {len(samples) - len(measured)} unmeasurable)"
    )
    visible = []
    for n in range(10):
        title = f"年度工作计划（副本压测 {n}）"
        browser.post(edit, _plan_fields(plan, title))
        written = time.perf_counter()
        while not WorkPlan.objects.using("replica").filter(pk=plan.pk, title=title).exists():
            time.sleep(0.002)
        visible.append((time.perf_counter() - written) * 1000)
    row(
        "a write readable on the replica after (median)", statistics.median(visible), "ms",
        "the same, worst of 10", max(visible),
    )  # fmt: skip


def _read_your_writes(cluster, browser: Browser, other: Browser, edit, plan, list_path) -> None:
    from django.db import connections

    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        title = "年度工作计划（读己之写）"
        reply = browser.post(edit, _plan_fields(plan, title))
        mine = browser.get(list_path, pinned=True)
        theirs = other.get(list_path)
        own = title.encode() in mine.body and AS_OF not in mine.body
        stale = title.encode() not in theirs.body and AS_OF in theirs.body
        shown = re.search(r"数据截至 (\d\d:\d\d:\d\d)", theirs.body.decode())
        note(
            f"read-your-writes (replica replay paused): the writer ({reply.status}) sees its change at once from the "
            f"primary: {'yes' if own else 'NO'}; another browser sees the list as of "
            f"{shown.group(1) if shown else '?'} without it: {'yes' if stale else 'NO'}"
        )
        time.sleep(MAX_LAG + 2 * CHECK)  # past the bound: the other browser reads the primary too
        later = other.get(list_path)
        fallback = title.encode() in later.body and AS_OF not in later.body
        note(
            f"replica {MAX_LAG + 2 * CHECK} s behind (> REPLICA_MAX_LAG_SECONDS={MAX_LAG}): the other browser reads "
            f"the primary and sees the change: {'yes' if fallback else 'NO'}"
        )
    finally:
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")


def _replica_stopped(cluster, browser: Browser, pages: dict) -> None:
    from django.db import connections

    connections["replica"].close()
    paths = list(pages.values())
    timer = threading.Timer(1.0, cluster.stop_replica)
    timer.start()
    try:
        done = load(lambda i: browser.get(paths[i % len(paths)]), 60, PAGE_CLIENTS)
    finally:
        timer.join()
    answered = done.statuses.count(200)
    from_replica = sum(1 for r in done.results if AS_OF in r.body)
    errors = sorted(set(done.statuses) - {200})
    row(
        "replica stopped during page load: answered 200", answered, "",
        f"pages asked ({PAGE_CLIENTS} clients)", len(done.results),
    )  # fmt: skip
    note(
        f"replica stopped a second into the load: {from_replica} pages from the replica before it went, "
        f"{answered - from_replica} from the primary after; other answers {errors} "
        f"({'no error' if not errors else 'ERRORS'}), p95 {_p95(done):.0f} ms"
    )
