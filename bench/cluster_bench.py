"""`make bench` section `cluster` (issue 26), on the namespaced deployment of bench/cluster.py:

1. Public survey submissions per second through HAProxy to one and then two application hosts, each beside /healthz
   through the same balancer in the same run (they take turns in rounds). On a 2-core machine the two hosts share the
   same two cores with the database and the clients: the second host adds correctness (a host can die), not speed.
2. An application host killed with SIGKILL during 32-client survey and feedback submission load. Each client sends
   its submission and, after a connection error or the balancer's 502/503/504, sends the same one again (the survey
   with the same client_id, the feedback with the same text from the same address); printed: accepted (a success
   answer) against stored, and anything stored twice.
3. PostgreSQL restarted during the same load: the public forms answer "try again" (503) and the clients' retries
   are stored once.
4. Read scaling with a streaming replica (bench/cluster_replica.py): page p95 from the replica beside the primary,
   the lag, read-your-writes, the replica stopped.

`python -m bench.cluster bench replica` runs part 4 only.

Runs in its own process (`python -m bench.cluster bench`): its Django settings point at the deployment's database.
"""

import json
import os
import random
import secrets
import string
import sys
import tempfile
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path
from unittest import mock
from urllib.parse import urlencode

from bench.cluster import APP_HOSTS, BALANCER, DATABASE_NAME, REPLICA_HOST, Cluster, call, missing
from bench.harness import CLIENTS, Load, load, note, row

ROUNDS = 3
PER_ROUND = 600  # survey submissions (and as many /healthz) per round
WARM_UP = 300
FAULT_SUBMISSIONS = 1_200  # of each kind, survey and feedback, during a fault
REPLICA_SUBMISSIONS = 600  # while the replica's lag is sampled (bench/cluster_replica.py)
RETRIES = 10  # attempts of one submission (a client gives up after about 5 s of "try again")
RETRY_PAUSE = 0.5  # seconds
RETRYABLE = {0, 502, 503, 504}  # no answer, or the balancer's / the form's "try again"
THANKED = b'class="message thanks"'
HEADER = f"{'figure':<46} {'value':>10} {'':<6} | {'baseline (same run)':<34} {'value':>10} {'':<6} | ratio"


def main(parts: list[str] | None = None) -> int:
    parts = parts or ["throughput", "faults", "replica"]
    work = Path(os.environ.get("BENCH_WORK") or tempfile.mkdtemp(prefix="changxiao-bench-"))
    print(
        f"\nSeveral application servers — HAProxy, 2 hosts, a database host in network namespaces; data in {work}"
    )
    print(HEADER)
    print("-" * 130, flush=True)
    lacking = missing()
    if lacking:
        note(f"cluster skipped: this machine lacks {', '.join(lacking)}")
        return 0
    os.environ.setdefault("DATA_DIR", str(work))
    os.environ.setdefault("SECRET_KEY", "bench-only-secret")
    os.environ.setdefault("PERSONAL_DATA_KEY", "YmVuY2gtb25seS1rZXktbm90LWZvci1wcm9kdWN0aW8=")
    os.environ.setdefault("TASK_BACKEND", "immediate")
    os.environ["DEBUG"] = "0"
    from bench.surveys import _collect_static

    collected = _collect_static(work)
    started = time.perf_counter()
    try:
        with Cluster(work / "cluster") as cluster:
            os.environ["DATABASE_URL"] = cluster.database_url
            os.environ["REDIS_URL"] = cluster.redis_url
            os.environ["DJANGO_SETTINGS_MODULE"] = "changxiao.settings"
            # This process measures the replica's lag and reads it (part 4); its own reads go to the primary.
            os.environ["DATABASE_REPLICA_URL"] = f"postgres://postgres@{REPLICA_HOST}:5432/{DATABASE_NAME}"
            import django

            django.setup()
            from django.core.management import call_command

            call_command("migrate", verbosity=0)
            world = World.build(
                WARM_UP * ("throughput" in parts)
                + 2 * ROUNDS * PER_ROUND * ("throughput" in parts)
                + 2 * FAULT_SUBMISSIONS * ("faults" in parts)
                + REPLICA_SUBMISSIONS * ("replica" in parts)
            )
            note(
                f"(deployment and data ready in {time.perf_counter() - started:.0f} s; gunicorn 2 workers × 8 threads a host)"
            )
            if "throughput" in parts:
                throughput(cluster, world)
            else:
                cluster.start_app(0)
                cluster.start_app(1)
                cluster.balance(2)
            if "faults" in parts:
                fault_killed_host(cluster, world)
                fault_database_restart(cluster, world)
            if "replica" in parts:
                from bench.cluster_replica import read_replica

                read_replica(cluster, world)
    finally:
        if collected:
            import shutil

            shutil.rmtree(work / "static", ignore_errors=True)
    note(f"(cluster: {time.perf_counter() - started:.0f} s in all; namespaces removed)")
    return 0


class World:
    """A city's survey campaign and feedback categories, and pre-made submissions (each its own citizen)."""

    @classmethod
    def build(cls, submissions: int) -> "World":
        from django.db import connection
        from django.utils import timezone

        from bench.surveys import DISTRICTS, _campaign, answers_for, build_world, form_fields
        from changxiao.feedback.models import Category
        from changxiao.surveys import responses, services

        self = cls()
        survey_world = build_world("PostgreSQL")
        campaign = _campaign(survey_world, "公共文化服务公众满意度测评（集群压测）")
        self.targets = {
            label: services.target_add(campaign=campaign, by=survey_world.office, label=label)
            for label in ("warm", "one host", "two hosts", "host killed", "database restarted", "replica")
        }
        self.categories = {
            label: Category.objects.create(name=f"集群压测·{label}")
            for label in ("host killed", "database restarted")
        }
        self.region_id = survey_world.districts[0].pk
        self.office, self.city = survey_world.office, survey_world.city
        rng = random.Random(26)  # noqa: S311 (synthetic answers)
        alphabet = string.ascii_letters + string.digits
        now = timezone.now()
        self.surveys = []
        for _ in range(submissions):
            csrf = "".join(secrets.choice(alphabet) for _ in range(32))
            with mock.patch(
                "django.utils.timezone.now", return_value=now - timedelta(seconds=rng.randint(60, 420))
            ):
                started = responses.started_token()
            fields = [("csrfmiddlewaretoken", csrf), ("client_id", str(uuid.uuid4())), ("started", started)]
            district = rng.randrange(len(DISTRICTS))
            fields += [("website", "")] + form_fields(
                answers_for(rng, survey_world, district, rng.random() < 0.6)
            )
            self.surveys.append((csrf, urlencode(fields).encode()))
        self.next_survey = 0
        connection.close()
        return self

    def take(self, count: int) -> list:
        taken = self.surveys[self.next_survey : self.next_survey + count]
        self.next_survey += count
        return taken


def survey(path: str, submission, address: str):
    csrf, body = submission
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={csrf}",
        "X-Forwarded-For": address,
    }
    reply = call(BALANCER, 80, "POST", path, body, headers)
    if reply.status == 200 and THANKED not in reply.body:
        reply.status = -200  # a page, but not the thank-you page: not accepted
    return reply


def feedback(category_id: int, region_id: int, text: str, address: str):
    body = json.dumps(
        {"kind": "suggestion", "category_id": category_id, "region_id": region_id, "content": text}
    )
    headers = {"Content-Type": "application/json", "X-Forwarded-For": address}
    return call(BALANCER, 80, "POST", "/api/v1/public/feedback", body.encode(), headers)


def _address(series: int, i: int) -> str:
    return f"10.{series}.{i // 256 % 256}.{i % 256}"


# --- 1. Throughput of one and two hosts -----------------------------------------------------------------------


def throughput(cluster: Cluster, world: World) -> None:
    rates = {}
    for hosts, label in ((1, "one host"), (2, "two hosts")):
        cluster.start_app(hosts - 1)
        cluster.balance(hosts)
        rates[hosts] = _measure(world, hosts, label)
    row("survey submissions, 2 hosts", rates[2], "req/s", "survey submissions, 1 host", rates[1])
    cores = os.cpu_count()
    note(
        f"both hosts, the database, the balancer and the clients share this machine's {cores} cores: the second host "
        "adds a survivor when one dies (correctness), not speed; on separate machines each host brings its own CPU"
    )


def _measure(world: World, hosts: int, label: str) -> float:
    """Warm-up, then ROUNDS of /healthz and survey submissions in turns through the balancer; the submissions/s."""
    from changxiao.surveys.models import Response

    path, warm_path = world.targets[label].get_public_url(), world.targets["warm"].get_public_url()
    series = 10 + hosts
    warm = world.take(WARM_UP // 2)
    load(lambda i: call(BALANCER, 80, "GET", "/healthz"), 200)
    load(lambda i: survey(warm_path, warm[i], _address(9, hosts * 1000 + i)), len(warm))
    health_rounds, submit_rounds = [], []
    for turn in range(ROUNDS):
        health_rounds.append(load(lambda i: call(BALANCER, 80, "GET", "/healthz"), PER_ROUND))
        batch = world.take(PER_ROUND)
        submit_rounds.append(
            load(
                lambda i, batch=batch, offset=turn * PER_ROUND: survey(
                    path, batch[i], _address(series, offset + i)
                ),
                PER_ROUND,
            )
        )
    health_load, submitted = Load.joined(health_rounds), Load.joined(submit_rounds)
    accepted = submitted.statuses.count(200)
    stored = Response.objects.filter(target=world.targets[label]).count()
    name = f"{hosts} host{'s' if hosts > 1 else ''}"
    row(
        f"survey submissions via HAProxy, {name}",
        submitted.rate,
        "req/s",
        f"/healthz via HAProxy, {name}",
        health_load.rate,
    )
    row(
        f"survey submission p99 via HAProxy, {name}",
        submitted.p99,
        "ms",
        f"/healthz p99, {name}",
        health_load.p99,
    )
    others = sorted(set(submitted.statuses) - {200})
    verdict = "nothing lost" if stored == accepted else "MISMATCH"
    note(
        f"{name}: {accepted} of {len(submitted.results)} accepted, {stored} stored — {verdict}; other: {others}"
    )
    return submitted.rate


# --- 2 and 3. Faults under load -------------------------------------------------------------------------------


class Outcome:
    def __init__(self):
        self.lock = threading.Lock()
        self.retried = 0  # submissions sent more than once
        self.statuses: dict[
            int, int
        ] = {}  # the first answer's status → count (how the fault looked to clients)


def _with_retries(kind: str, send, outcome: Outcome):
    """Send until a final answer: after no answer or a "try again" (502/503/504), the same submission again."""
    reply = send()
    first = reply.status
    attempts = 1
    while reply.status in RETRYABLE and attempts < RETRIES:
        time.sleep(RETRY_PAUSE)
        reply = send()
        attempts += 1
    with outcome.lock:
        key = f"{kind} {first}"
        outcome.statuses[key] = outcome.statuses.get(key, 0) + 1
        outcome.retried += attempts > 1
    return reply


def _fault_load(world: World, label: str, fault, after: float) -> None:
    """FAULT_SUBMISSIONS surveys and as many feedback messages, interleaved, on CLIENTS clients; `fault()` runs
    `after` seconds in. Prints accepted against stored for each kind and anything stored twice."""
    from django.db import connection
    from django.db.models import Count

    from changxiao.feedback.models import FeedbackItem
    from changxiao.surveys.models import Response

    target, category = world.targets[label], world.categories[label]
    path = target.get_public_url()
    submissions = world.take(FAULT_SUBMISSIONS)
    tag = uuid.uuid4().hex[:6]
    texts = [f"集群故障测试{tag}第{i}条：希望周末延长开放时间。" for i in range(FAULT_SUBMISSIONS)]
    series = 20 if label == "host killed" else 30
    outcome = Outcome()

    def one(i: int):
        kind, n = ("survey", i // 2) if i % 2 == 0 else ("feedback", i // 2)
        address = _address(series + (i % 2), n)
        if kind == "survey":
            reply = _with_retries("survey", lambda: survey(path, submissions[n], address), outcome)
            reply.body = b"survey" if reply.status == 200 else b""
        else:
            reply = _with_retries(
                "feedback", lambda: feedback(category.pk, world.region_id, texts[n], address), outcome
            )
            reply.body = b"feedback" if reply.status in (200, 201) else b""
        return reply

    timer = threading.Timer(after, fault)
    timer.start()
    try:
        done = load(one, 2 * FAULT_SUBMISSIONS, CLIENTS)
    finally:
        timer.cancel()
        timer.join()
    connection.close()  # the database may have restarted under this process's connection
    accepted_surveys = sum(1 for r in done.results if r.body == b"survey")
    accepted_feedback = sum(1 for r in done.results if r.body == b"feedback")
    stored_surveys = Response.objects.filter(target=target).count()
    stored_feedback = FeedbackItem.objects.filter(category=category).count()
    twice = (
        FeedbackItem.objects.filter(category=category)
        .values("content")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    unanswered = [r.status for r in done.results if not r.body]
    row(f"{label}: surveys stored", stored_surveys, "", "surveys accepted (success answer)", accepted_surveys)
    row(f"{label}: feedback stored", stored_feedback, "", "feedback accepted (201/200)", accepted_feedback)
    lost = max(accepted_surveys - stored_surveys, 0) + max(accepted_feedback - stored_feedback, 0)
    extra = max(stored_surveys - accepted_surveys, 0) + max(stored_feedback - accepted_feedback, 0)
    verdict = "nothing lost, nothing twice" if not lost and not twice and not extra else "MISMATCH"
    note(
        f"{label}: {verdict} — lost {lost}, stored without a success answer {extra}, feedback texts stored twice "
        f"{twice}; {outcome.retried} of {len(done.results)} submissions retried; first answers "
        f"{dict(sorted(outcome.statuses.items()))}; gave up: {len(unanswered)} {sorted(set(unanswered))}; "
        f"{done.rate:.0f} submissions/s"
    )


def fault_killed_host(cluster: Cluster, world: World) -> None:
    """Both hosts up; host 1 gets SIGKILL (master and workers) a second into the load."""
    cluster.balance(2)
    _fault_load(world, "host killed", lambda: cluster.kill_app(0), after=1.0)
    note(
        f"(host {APP_HOSTS[0]} killed with SIGKILL a second into the load; HAProxy checks /healthz every second)"
    )


def fault_database_restart(cluster: Cluster, world: World) -> None:
    """One host (the other was killed above) restarted; PostgreSQL stopped and started again during the load."""
    cluster.start_app(0)
    cluster.balance(2)
    _fault_load(world, "database restarted", lambda: cluster.restart_database(pause=2.0), after=1.0)
    note("(PostgreSQL stopped (fast shutdown) a second into the load and started again 2 s later)")


if __name__ == "__main__":
    sys.exit(main())
