"""Read scaling (issue 26, core.db_router): a second alias `replica`, a test MIRROR of the test database (Django's
TEST MIRROR: another connection to the same database), so a test can tell which connection each query took. The
tests are transactional (the mirror's own connection sees only committed rows), so they are few: each flushes the
database after it."""

import copy
import re
from contextlib import ExitStack, contextmanager
from datetime import timedelta

import pytest
from django.db import OperationalError, connections
from django.urls import reverse
from django.utils import timezone

from changxiao.core import db_router
from changxiao.core.db_router import PIN_COOKIE, REPLICA
from changxiao.supervision import views as supervision_views
from changxiao.supervision.tests.factories import FindingFactory

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])

WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


@pytest.fixture(scope="module", autouse=True)
def _replica_alias(django_db_setup):
    """The `replica` alias, as settings makes it from DATABASE_REPLICA_URL, mirroring the test database."""
    added = REPLICA not in connections.settings
    if added:
        mirror = copy.deepcopy(connections["default"].settings_dict)
        mirror["TEST"] = {**mirror["TEST"], "MIRROR": "default"}
        connections.settings[REPLICA] = mirror
    yield
    if added:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


@pytest.fixture(autouse=True)
def _router(settings):
    settings.DATABASE_ROUTERS = ["changxiao.core.db_router.ReplicaRouter"]
    db_router.forget_replica_status()
    yield
    db_router.forget_replica_status()


@contextmanager
def recorded():
    """Every query of both connections, in order, as (alias, sql)."""
    queries = []

    def wrapper_for(alias):
        def wrapper(execute, sql, params, many, context):
            queries.append((alias, sql))
            return execute(sql, params, many, context)

        return wrapper

    with ExitStack() as stack:
        for alias in ("default", REPLICA):
            stack.enter_context(connections[alias].execute_wrapper(wrapper_for(alias)))
        yield queries


def _on(queries, alias, table=""):
    return [sql for a, sql in queries if a == alias and table in sql]


def _tables(queries, alias) -> set:
    """The table each query of the connection reads from (its first FROM)."""
    found = (re.search(r'\bFROM "(\w+)"', sql) for a, sql in queries if a == alias)
    return {match.group(1) for match in found if match}


@pytest.fixture
def finding(world):
    return FindingFactory(by=world.inspector, lead_unit=world.venue_unit, description="馆内消防通道堵塞")


AS_OF = "数据截至"


def test_a_marked_page_reads_the_replica_and_says_how_fresh(world, login, finding):
    client = login(world.office)
    with recorded() as queries:
        page = client.get(reverse("supervision:finding_list"))
    assert page.status_code == 200
    assert "馆内消防通道堵塞" in page.content.decode()  # the mirror sees what the primary committed
    assert "supervision_finding" in _tables(queries, REPLICA)
    assert "supervision_finding" not in _tables(queries, "default")
    # Who may see what is read on the primary (the organisation, the session), never on the replica.
    assert {"orgs_membership", "django_session"} <= _tables(queries, "default")
    assert not [t for t in _tables(queries, REPLICA) if t.startswith("orgs_") or t == "django_session"]
    assert AS_OF in page.content.decode()
    assert PIN_COOKIE not in page.cookies
    assert supervision_views.finding_list.replica_reads  # the explicit marker

    # A page without the marker reads the primary only, and says nothing of freshness.
    with recorded() as queries:
        page = client.get(reverse("supervision:finding_detail", args=[finding.pk]))
    assert page.status_code == 200
    assert not _on(queries, REPLICA)
    assert AS_OF not in page.content.decode()

    # On SQLite and on a PostgreSQL server not in recovery (the test mirror) the replica is never behind.
    assert db_router.replica_lag() == 0.0

    # The wall screen (its own page, not base.html) says it too.
    wall = client.get(reverse("cockpit:cockpit"), {"mode": "wall"})
    assert wall.status_code == 200 and AS_OF in wall.content.decode()


def test_a_page_that_writes_reads_the_primary_afterwards_and_pins_the_browser(world, login, finding):
    """The cockpit computes a missing figure and keeps it: reads before the first write may take the replica,
    none after it; every write goes to the primary; the browser then reads the primary for a while."""
    client = login(world.office)
    with recorded() as queries:
        page = client.get(reverse("cockpit:cockpit"))
    assert page.status_code == 200
    writes = [i for i, (alias, sql) in enumerate(queries) if alias == "default" and WRITES.match(sql)]
    replica_reads = [i for i, (alias, _sql) in enumerate(queries) if alias == REPLICA]
    assert writes and replica_reads
    assert max(replica_reads) < min(writes)
    assert not [sql for alias, sql in queries if alias == REPLICA and WRITES.match(sql)]
    assert page.cookies[PIN_COOKIE]["max-age"] == db_router.pin_seconds()

    with recorded() as queries:
        page = client.get(reverse("supervision:finding_list"))
    assert page.status_code == 200
    assert not _on(queries, REPLICA)
    assert AS_OF not in page.content.decode()

    # Once the pin has expired, the browser reads the replica again.
    client.cookies[PIN_COOKIE] = str(int(timezone.now().timestamp()) - 1)
    with recorded() as queries:
        client.get(reverse("supervision:finding_list"))
    assert "supervision_finding" in _tables(queries, REPLICA)


def test_staleness_is_bounded_and_shown_and_a_failing_replica_falls_back(world, login, finding, monkeypatch):
    client = login(world.office)
    for lag in (31.0, None):  # above REPLICA_MAX_LAG_SECONDS (30), or the replica unreachable: the primary
        db_router.forget_replica_status()
        monkeypatch.setattr(db_router, "replica_lag", lambda lag=lag: lag)
        with recorded() as queries:
            page = client.get(reverse("supervision:finding_list"))
        assert page.status_code == 200 and "馆内消防通道堵塞" in page.content.decode()
        assert not _on(queries, REPLICA)
        assert AS_OF not in page.content.decode()

    # Within the bound: the page says the time the replica holds every commit up to.
    db_router.forget_replica_status()
    monkeypatch.setattr(db_router, "replica_lag", lambda: 20.0)
    page = client.get(reverse("supervision:finding_list"))
    shown = re.search(r"数据截至 (\d\d:\d\d:\d\d)", page.content.decode()).group(1)
    expected = timezone.localtime(timezone.now() - timedelta(seconds=20))
    earliest = (expected - timedelta(seconds=5)).strftime("%H:%M:%S")
    assert earliest <= shown <= expected.strftime("%H:%M:%S") or expected.hour == 0

    # A replica failing under a page (stopped between two checks): the page again, from the primary.
    monkeypatch.undo()
    db_router.forget_replica_status()

    def refuse(execute, sql, params, many, context):
        raise OperationalError("the replica stopped")

    assert db_router.replica_status().usable  # measured fine just before it stopped
    with recorded() as queries, connections[REPLICA].execute_wrapper(refuse):
        page = client.get(reverse("supervision:finding_list"))
        assert page.status_code == 200 and "馆内消防通道堵塞" in page.content.decode()
        assert AS_OF not in page.content.decode()
        assert _on(queries, REPLICA)  # tried, refused
        assert "supervision_finding" in _tables(queries, "default")
        # Taken as lagging until the next check: the next page does not try it.
        queries.clear()
        client.get(reverse("supervision:finding_list"))
        assert not _on(queries, REPLICA)
