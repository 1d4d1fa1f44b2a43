"""Project-wide test fixtures: a small jurisdiction with one persona per role, plus outsiders.

    江苏省 (province) → 苏州市 (city) → 姑苏区 (county) → 平江街道 (township)
                                     → 昆山市 (county)
                      → 无锡市 (city)

Personas: office, member, district (姑苏区), venue (姑苏区 library), inspector, leader, the
outsider (a venue in 昆山市) who must never see 姑苏区's objects, and office2, the leading-group office of a second
city (无锡市) of the same province, who must never see anything of 苏州市 — its objects nor its settings.
"""

import os
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches

from changxiao.orgs.choices import RegionLevel, Role, UnitKind, VenueType
from changxiao.orgs.models import Membership, Region, Unit, User

PASSWORD = "Test#Password2026"
# Tests written about the year 2026 create its plans, tasks and deadlines as of its first days, when they lay ahead
# (deadlines in the past are refused): `with as_of():` around the set-up.
YEAR_START = date(2026, 1, 5)


def as_of(day: date = YEAR_START):
    from changxiao.core.deadlines import replaying

    return replaying(day)


def make_region(code: str, name: str, level: str, parent: Region | None = None) -> Region:
    region = Region.objects.create(code=code, name=name, level=level, parent=parent)
    region.path = region.compute_path()
    region.save(update_fields=["path"])
    return region


def make_unit(code: str, name: str, kind: str, region: Region, **extra) -> Unit:
    return Unit.objects.create(code=code, name=name, kind=kind, region=region, **extra)


def make_survey_target(
    region: Region, target_region: Region | None = None, label: str = "全市", questionnaire=None, **campaign
):
    """A link (CampaignTarget) of a survey campaign over `region`: the shipped questionnaire unless another is
    given, open from yesterday for 30 days unless starts_on / ends_on say otherwise."""
    from changxiao.core.deadlines import local_today
    from changxiao.surveys.models import Campaign, CampaignTarget
    from changxiao.surveys.questionnaires import load_shipped

    today = local_today()
    created = Campaign.objects.create(
        title=campaign.pop("title", "2026年公共文化服务满意度测评"),
        questionnaire=questionnaire or load_shipped()[0][0],
        region=region,
        starts_on=campaign.pop("starts_on", today - timedelta(days=1)),
        ends_on=campaign.pop("ends_on", today + timedelta(days=30)),
        **campaign,
    )
    return CampaignTarget.objects.create(campaign=created, label=label, region=target_region)


def at_once(action, times: int) -> None:
    """Run action in `times` threads released together, each with its own database connection (closed after), for
    tests of concurrent writers; PostgreSQL only (SQLite writes one transaction at a time)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("true concurrency needs PostgreSQL (SQLite writes one transaction at a time)")
    barrier = threading.Barrier(times)

    def run():
        barrier.wait()
        try:
            action()
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def make_person(username: str, unit: Unit, role: str, **extra) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, full_name=extra.pop("full_name", username), **extra
    )
    Membership.objects.create(user=user, unit=unit, role=role)
    return user


class World:
    """Handles on the objects of the standard test jurisdiction."""


def _worker_redis_url(url: str) -> str:
    # Each xdist worker gets its own Redis database, so clearing the cache never touches another worker.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    number = int(worker.removeprefix("gw") or 0) % 15 + 1
    base = url.rsplit("/", 1)[0] if url.count("/") > 2 else url
    return f"{base}/{number}"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix) -> None:
    """Each process's test database is made from the models, with no migration run: applying the ~140 migrations took
    each process 35–50 s of CPU (Django renders the related models' states again at every operation), twice a CI run.
    tests/test_migrations.py applies them all to an empty database and compares the schema they leave with this one
    (changxiao.core.tests.migrations); django_db_setup records them as applied."""
    from django.db import connections

    for alias in connections:
        connections[alias].settings_dict["TEST"]["MIGRATE"] = False


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database made from the models, with every migration recorded as applied, as `migrate` leaves it."""
    from changxiao.core.tests.migrations import record_migrations_applied

    with django_db_blocker.unblock():
        record_migrations_applied()
    _flush_postgresql_by_delete()


def _flush_postgresql_by_delete() -> None:
    """A transactional test (live server, threads) ends with the database emptied. On PostgreSQL Django empties it with
    one TRUNCATE of every table, which makes new files for ~250 tables and their indexes: 0.7 s a test. The suite's
    few rows go faster by DELETE, one statement for all tables; the keys between them are checked at commit
    (Django makes them DEFERRABLE INITIALLY DEFERRED), when every table is empty. Sequences are not reset by either."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return [" ".join(f"DELETE FROM {self.quote_name(table)};" for table in tables)]  # noqa: S608 (table names)

    DatabaseOperations.sql_flush = sql_flush


# --- The demo data, loaded once per test process ---------------------------------------------------------------
#
# Loading the whole demo (manage.py load_demo) takes seconds per app, and many tests read it: they take the `demo`
# fixture, which loads it once per test process in a transaction kept open to the end of the run and rolled back
# then. Each test's own changes are rolled back as usual (pytest-django's transaction nests as a savepoint). So that
# no other test ever sees the demo's rows, the tests that take it run last in every process
# (pytest_collection_modifyitems), and a test without it that runs after it fails at once (_demo_isolation).

_demo_loaded = False
_demo_output = ""


@pytest.fixture(scope="session")
def demo_data(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded in an open transaction of this process; its uploads' folder."""
    global _demo_loaded, _demo_output
    from io import StringIO

    from django.core.management import call_command
    from django.db import transaction

    media = tmp_path_factory.mktemp("demo-media")
    fast = quick_settings(media)
    with django_db_blocker.unblock():
        kept = transaction.atomic()
        kept.__enter__()
        _demo_loaded = True
        try:
            out = StringIO()
            with fast:
                call_command("load_demo", stdout=out)
            _demo_output = out.getvalue()
            yield media
        finally:
            transaction.set_rollback(True)
            kept.__exit__(None, None, None)
            _demo_loaded = False


_demo_output = ""


@pytest.fixture
def demo(demo_data, db, settings):
    """The whole demo data (see demo_data), for one test; returns the demo uploads' folder."""
    settings.MEDIA_ROOT = demo_data
    return demo_data


@pytest.fixture
def demo_output(demo) -> str:
    """What load_demo printed as it loaded the demo (the logins, the changes)."""
    return _demo_output


@pytest.fixture(autouse=True)
def _demo_isolation(request):
    if _demo_loaded and "demo" not in request.fixturenames and "demo_data" not in request.fixturenames:
        pytest.fail("a test without the demo ran after the demo was loaded in this process (see conftest.py)")


def pytest_collection_modifyitems(config, items):
    """The tests that read the demo run last (the same order in every xdist process: a stable sort). Within each
    part the long tests (browser tests, those marked slow) run first: xdist hands out the tests in this order, and a
    long test taken last kept one process running minutes after the other had finished."""
    browser_tests = Path(__file__).resolve().parent / "tests" / "browser"

    def long(item) -> bool:
        return item.get_closest_marker("slow") is not None or browser_tests in Path(str(item.path)).parents

    items.sort(key=lambda item: ("demo" in getattr(item, "fixturenames", ()), not long(item)))
    _SEPARATE_WORLDS.update(item.nodeid.split("::")[0] for item in items if _commits_or_reads_demo(item))


# Modules (node ids) where a test commits (transactional_db, live_server) or reads the demo: there each test makes its
# own world; elsewhere the world is made once for the module (`world`).
_SEPARATE_WORLDS: set[str] = set()
_COMMITTING = {
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


def _commits_or_reads_demo(item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    marker = item.get_closest_marker("django_db")
    committing = marker is not None and any(
        marker.kwargs.get(flag) for flag in ("transaction", "reset_sequences", "serialized_rollback")
    )
    return committing or bool(names & (_COMMITTING | {"demo", "demo_data"}))


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    if settings.REDIS_URL:
        settings.CACHES = {
            **settings.CACHES,
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": _worker_redis_url(settings.REDIS_URL),
            },
        }
    settings.MEDIA_ROOT = tmp_path / "media"
    # The sweep's lock on SQLite is a file in DATA_DIR: each test its own, so suites side by side never skip a sweep.
    settings.DATA_DIR = tmp_path
    settings.TASK_BACKEND = "immediate"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SECURE_COOKIES = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.WHITENOISE_AUTOREFRESH = True
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    for each in caches.all():
        each.clear()


@pytest.fixture(autouse=True)
def _rate_limit_windows_just_begun(monkeypatch):
    """Rate limits count in fixed windows of the clock (core.ratelimit): a test that counts up to a limit and crosses
    a window's end sees the count start again (CI once saw all of 125 requests pass). Each test's clock, as the rate
    limits read it, starts one second into an hour, so every window (a minute, ten, an hour) has just begun; it runs
    on in real time. A test that sets the clock itself still does."""
    from changxiao.core import ratelimit

    offset = 3600 - time.time() % 3600 + 1
    monkeypatch.setattr(ratelimit, "_now", lambda: time.time() + offset)


def build_world() -> World:
    """The standard test jurisdiction and its personas (module docstring), created in the database."""
    w = World()
    w.province = make_region("320000", "江苏省", RegionLevel.PROVINCE)
    w.city = make_region("320500", "苏州市", RegionLevel.CITY, w.province)
    w.gusu = make_region("320508", "姑苏区", RegionLevel.COUNTY, w.city)
    w.pingjiang = make_region("320508001", "平江街道", RegionLevel.TOWNSHIP, w.gusu)
    w.kunshan = make_region("320583", "昆山市", RegionLevel.COUNTY, w.city)
    # A second city of the province, run by its own office on the same deployment.
    w.city2 = make_region("320200", "无锡市", RegionLevel.CITY, w.province)

    w.office_unit = make_unit("SZ-OFFICE", "领导小组办公室", UnitKind.OFFICE, w.city)
    w.member_unit = make_unit("SZ-CZJ", "市财政局", UnitKind.DEPARTMENT, w.city, is_member=True)
    w.other_member_unit = make_unit("SZ-JYJ", "市教育局", UnitKind.DEPARTMENT, w.city, is_member=True)
    w.district_unit = make_unit("GS-WTL", "姑苏区文体旅局", UnitKind.CULTURE_BUREAU, w.gusu)
    w.venue_unit = make_unit(
        "GS-WHG",
        "姑苏区文化馆",
        UnitKind.VENUE,
        w.gusu,
        venue_type=VenueType.CULTURE_CENTRE,
        parent=w.district_unit,
    )
    w.station_unit = make_unit(
        "GS-PJ-ZHAN", "平江街道综合文化站", UnitKind.VENUE, w.pingjiang, venue_type=VenueType.TOWNSHIP_STATION
    )
    w.inspection_unit = make_unit("SZ-DCZ", "市督查组", UnitKind.INSPECTION_TEAM, w.city)
    w.outsider_unit = make_unit(
        "KS-LIB", "昆山市图书馆", UnitKind.VENUE, w.kunshan, venue_type=VenueType.PUBLIC_LIBRARY
    )

    w.office = make_person("office", w.office_unit, Role.OFFICE, full_name="王晓梅")
    w.member = make_person("member", w.member_unit, Role.MEMBER, full_name="张建国")
    w.district = make_person("district", w.district_unit, Role.DISTRICT, full_name="李文华")
    w.venue = make_person("venue", w.venue_unit, Role.VENUE, full_name="陈静")
    w.inspector = make_person("inspector", w.inspection_unit, Role.INSPECTOR, full_name="刘洋")
    w.leader = make_person("leader", w.office_unit, Role.LEADER, full_name="周振华")
    w.outsider = make_person("outsider", w.outsider_unit, Role.VENUE, full_name="孙悦")
    w.office2_unit = make_unit("WX-OFFICE", "无锡市领导小组办公室", UnitKind.OFFICE, w.city2)
    w.office2 = make_person("office2", w.office2_unit, Role.OFFICE, full_name="钱立新")
    w.superuser = User.objects.create_superuser("admin", "admin@example.org", PASSWORD)
    return w


@pytest.fixture(scope="module")
def _world_of_module(request):
    """The module's shared world (_module_world), or None in a module where each test makes its own (_SEPARATE_WORLDS).
    Module-scoped, so that the module's transaction opens before any test's."""
    if request.node.nodeid in _SEPARATE_WORLDS:
        return None
    return request.getfixturevalue("_module_world")


@pytest.fixture
def world(_world_of_module, db) -> World:
    """The standard test jurisdiction. Made once for a module and read again for each test (shared_world: making it
    took 30–70 ms, in some 700 tests), unless a test of the module commits or reads the demo: then each test makes
    its own."""
    if _world_of_module is None:
        return build_world()
    return world_from(_world_of_module)


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker):
    """The standard world created once for a module, in a transaction rolled back when the module is done: which model
    and row each handle is."""
    from django.db import transaction

    with django_db_blocker.unblock():
        kept = transaction.atomic()
        kept.__enter__()
        try:
            with quick_settings(settings.MEDIA_ROOT):
                handles = {name: (type(obj), obj.pk) for name, obj in vars(build_world()).items()}
            yield handles
        finally:
            transaction.set_rollback(True)
            kept.__exit__(None, None, None)


@pytest.fixture
def shared_world(_module_world, db) -> World:
    """The standard world, created once for the module (_module_world) and read again for each test, so no test sees
    an object another test changed in memory; each test's changes are rolled back as usual. `world` is this in most
    modules; a module that makes more shared records in the module's transaction takes it (tests/test_second_city.py)."""
    return world_from(_module_world)


@pytest.fixture(scope="module")
def module_sessions(_module_world, django_db_blocker) -> dict[str, str]:
    """The session key of each person of the module's world (_module_world), signed in once for the module in its
    transaction: a sign-in (its session, last-login, access-log and audit rows) took a quarter of a short test's
    time. A test takes one with signed_in()."""
    from django.test import Client

    keys = {}
    with django_db_blocker.unblock():
        for name, person in vars(world_from(_module_world)).items():
            if isinstance(person, User):
                client = Client()
                client.force_login(person)
                keys[name] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys


def signed_in(client, session_key: str):
    """The test client carrying a session made by module_sessions; returns the client."""
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client


def world_from(handles: dict) -> World:
    """A World of fresh objects read from the rows `handles` names (_module_world) — three queries."""
    rows: dict[type, set] = {}
    for model, pk in handles.values():
        rows.setdefault(model, set()).add(pk)
    fetched = {model: model.objects.in_bulk(pks) for model, pks in rows.items()}
    w = World()
    for name, (model, pk) in handles.items():
        setattr(w, name, fetched[model][pk])
    return w


def quick_settings(media):
    """What the suite's settings change for records made outside a test (a module's or the run's shared data): the
    uploads' folder, tasks run at once, a fast password hasher, mail kept in memory."""
    from django.test import override_settings

    return override_settings(
        MEDIA_ROOT=media,
        TASK_BACKEND="immediate",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )


PERSONAS = ["office", "member", "district", "venue", "inspector", "leader", "outsider", "office2"]


@pytest.fixture(params=PERSONAS)
def persona(request, world) -> User:
    return getattr(world, request.param)


@pytest.fixture
def login(client):
    """login(user) signs the test client in as that user and returns the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


def pytest_configure(config):
    assert settings.LANGUAGE_CODE == "zh-hans"
