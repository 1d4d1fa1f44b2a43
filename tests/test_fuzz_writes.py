"""Property-based run over every write of the platform: every staff form, every public form and every API body that
the authorization matrix lists (a new write is there, or the matrix fails).

For each write, the person who may send it posts the matrix's valid body with some of its values replaced by hostile
ones — numbers the database cannot hold, exponents, dates decades away, impossible dates, megabytes of text, NUL
characters, markup, wrong types. The platform must never answer a server error, and a refusal must change nothing.
"""

import hashlib
from functools import cache

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from changxiao.core.tests.authz import PERSONAS, Case, fresh
from conftest import signed_in
from tests.test_authorization_matrix import CASES, WRITE_METHODS

SUCCESS = (200, 201, 302)
REFUSALS = {400, 403, 404, 409, 410, 422, 429}

HOSTILE_TEXT = st.one_of(
    st.sampled_from(
        [
            "1e20",
            "1E+400",
            "99999999999999999999",
            "¹",  # a digit to str.isdigit(), no number to int()
            "-1",
            "-99999999999",
            "2.5",
            "0.0000001",
            "NaN",
            "Infinity",
            "-Infinity",
            "",
            " ",
            "9999-12-31",
            "0001-01-01",
            "2020-01-01",
            "2026-02-30",
            "2026-13-01",
            "31/12/2026",
            "\x00",
            "a\x00b",
            "<script>alert(1)</script>",
            "'; DROP TABLE orgs_user; --",
            "１２３",
            "٣",
            "∞",
            "true",
            "[]",
            "{}",
        ]
    ),
    st.just("长" * 20_000),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.text(max_size=40),
)
HOSTILE_JSON = st.one_of(
    HOSTILE_TEXT,
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
FUZZ = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


def _writer(case: Case) -> str | None:
    """The persona for whom the matrix expects the write to succeed (the office first)."""
    for persona in ["office", *PERSONAS, "anonymous"]:
        if case.expected.get(persona) in SUCCESS:
            return persona
    return None


FUZZED = [c for c in CASES if c.method in WRITE_METHODS and _writer(c)]


@cache
def _project_models():
    return [m for m in apps.get_models() if m.__module__.startswith("changxiao.")]


@cache
def _table_queries() -> list[str]:
    """One statement reading every table of the platform, each table's rows in key order (a round trip per table
    was most of this test's time)."""
    quote = connection.ops.quote_name
    parts = []
    for model in _project_models():
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        if connection.vendor == "postgresql":  # hashed by the server
            parts.append(
                f"(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.{pk}), '')) FROM {table} t)"
            )
        else:
            row = " || '|' || ".join(f"quote({quote(field.column)})" for field in model._meta.concrete_fields)
            parts.append(
                f"(SELECT group_concat(r, char(10)) FROM (SELECT {row} AS r FROM {table} ORDER BY {pk}))"
            )
    return ["SELECT " + ", ".join(parts)]


def _fingerprint() -> str:
    """What the database holds, in the platform's own tables: rows and values (plain SQL: the ORM's work per table
    was most of this test's time)."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for sql in _table_queries():
            cursor.execute(sql)
            digest.update(sql.encode())
            for row in cursor.fetchall():
                digest.update(repr(row).encode())
    return digest.hexdigest()


def _rows_written() -> int:
    """How many rows this connection has inserted, updated or deleted so far, in any table (a rolled-back write
    included): one short query, where the fingerprint reads every table."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables"
            )
        else:
            cursor.execute("SELECT total_changes()")
        return int(cursor.fetchone()[0])


def _bad_file() -> SimpleUploadedFile:
    return SimpleUploadedFile("证明.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")


@pytest.mark.parametrize("case", FUZZED, ids=lambda c: c.id)
def test_hostile_values_never_fail_and_a_refusal_changes_nothing(case: Case, world, client, module_sessions):
    persona = _writer(case)
    if persona != "anonymous":
        signed_in(client, module_sessions[persona])
    url = case.url(world)
    valid = case.body(world) or {}
    keys = sorted(valid) or ["value"]
    values = HOSTILE_JSON if case.json else st.one_of(HOSTILE_TEXT, st.just(_bad_file))

    # Every example run first, on every field at once: what each database refuses (NUL on PostgreSQL), numbers
    # and dates out of any range, a text far too long.
    everywhere = [{key: value for key in keys} for value in ("a\x00b", "1e20", "9999-12-31", "长" * 20_000)]

    @FUZZ
    @given(replaced=st.dictionaries(st.sampled_from(keys), values, min_size=1, max_size=len(keys)))
    def post(replaced):
        body = {k: fresh(v) for k, v in valid.items()}
        for key, value in replaced.items():
            body[key] = value() if callable(value) else value
        # The request runs in a savepoint. A refusal that wrote no row changed nothing; one that wrote (and perhaps
        # undid it) is checked exactly: the platform's tables read after it, then again once it is rolled back.
        written = _rows_written()
        after = None
        with transaction.atomic():
            if case.json:
                response = getattr(client, case.method)(url, data=body, content_type="application/json")
            else:
                response = getattr(client, case.method)(url, data=body)
            assert response.status_code < 500, (
                f"{case.id} answered {response.status_code} to {replaced!r:.300}"
            )
            refused = response.status_code in REFUSALS or (
                response.status_code == 200 and case.expected[persona] != 200
            )
            if refused and _rows_written() != written:
                after = _fingerprint()
                transaction.set_rollback(True)
        if after is not None:
            assert _fingerprint() == after, f"{case.id} refused {replaced!r:.300} but changed the database"

    for replaced in everywhere:
        post = example(replaced=replaced)(post)
    post()


def test_the_count_of_written_rows_sees_every_write(world):
    """The check above reads the tables only after a refusal that wrote: a change, a new row, a removed row and a
    write rolled back each count; a read does not."""
    start = _rows_written()
    list(type(world.venue_unit).objects.all())
    assert _rows_written() == start
    world.venue_unit.name = "姑苏区文化馆（新）"
    world.venue_unit.save()
    changed = _rows_written()
    assert changed > start
    Unit = type(world.venue_unit)
    extra = Unit.objects.create(code="GS-NEW", name="新单位", kind=world.venue_unit.kind, region=world.gusu)
    added = _rows_written()
    assert added > changed
    extra.delete()
    removed = _rows_written()
    assert removed > added
    with transaction.atomic():
        Unit.objects.create(
            code="GS-UNDONE", name="撤回的单位", kind=world.venue_unit.kind, region=world.gusu
        )
        transaction.set_rollback(True)
    assert _rows_written() > removed


def test_the_fingerprint_sees_any_change_of_a_row(world):
    """The check above can fail: a changed value, a new row and a removed row each change the fingerprint."""
    first = _fingerprint()
    assert _fingerprint() == first
    world.venue_unit.name = "姑苏区文化馆（新）"
    world.venue_unit.save()
    changed = _fingerprint()
    assert changed != first
    Unit = type(world.venue_unit)
    extra = Unit.objects.create(code="GS-NEW", name="新单位", kind=world.venue_unit.kind, region=world.gusu)
    added = _fingerprint()
    assert added != changed
    extra.delete()
    assert _fingerprint() == changed
