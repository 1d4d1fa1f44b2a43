"""The test databases and the migrations.

The test databases are made from the models, with no migration run, and every migration recorded as applied
(conftest.py, record_migrations_applied). That such a database has the schema the migrations build is proved by
comparing the two (schema_of, migrated_schema, schema_differences: tests/test_migrations.py).

Tests of a data migration take the test database back to the state before it, store old data and migrate forward
(migrate_to).

    old = migrate_to([("feedback", "0005_supervision_outcomes")])   # the apps of that state
    ...
    migrate_to([("feedback", "0007_settings_owner_required")])

A module using it takes the `latest_schema_after` fixture (pytestmark) so the tests that follow find the latest schema
again.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

ROOT = Path(__file__).resolve().parents[3]


def record_migrations_applied() -> None:
    """Record every migration as applied in the test database made from the models, as `migrate` would have (a backup
    of it, a restore, a data-migration test read the record)."""
    executor = MigrationExecutor(connection)
    recorder = MigrationRecorder(connection)
    applied = recorder.applied_migrations()
    for app_label, name in executor.loader.graph.nodes:
        if (app_label, name) not in applied:
            recorder.record_applied(app_label, name)


def migrate_to(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def latest_schema_after():
    """Leave the database at the latest migrations, as the tests that follow expect it."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def schema_of(wrapper) -> dict:
    """What the schema of a database is, without the names Django derives (two ways of making it may hash a
    constraint's name differently): per table, its columns and its constraints by what they cover."""
    introspection = wrapper.introspection
    schema = {}
    with wrapper.cursor() as cursor:
        tables = sorted(t.name for t in introspection.get_table_list(cursor) if t.type == "t")
        for table in tables:
            if table == "django_migrations":
                continue
            columns = {
                column.name: (introspection.get_field_type(column.type_code, column), column.null_ok)
                for column in introspection.get_table_description(cursor, table)
            }
            constraints = sorted(
                (
                    tuple(each["columns"] or ()),
                    bool(each["primary_key"]),
                    bool(each["unique"]),
                    bool(each["index"]),
                    tuple(each["foreign_key"] or ()),
                    bool(each["check"]),
                )
                for each in introspection.get_constraints(cursor, table).values()
            )
            schema[table] = {"columns": columns, "constraints": constraints}
    return schema


MIGRATE_AND_DESCRIBE = (
    "import json, django; django.setup(); "
    "from django.core.management import call_command; from django.db import connection; "
    "call_command('migrate', interactive=False, verbosity=0); "
    "from changxiao.core.tests.migrations import schema_of; print(json.dumps(schema_of(connection)))"
)


def migrated_schema(environment: dict) -> dict:
    """The schema the database of `environment` has after `migrate` (run there if it was not), read by a process of
    its own (the test process reaches only the test database)."""
    result = subprocess.run(
        [sys.executable, "-c", MIGRATE_AND_DESCRIBE],
        cwd=ROOT,
        env=environment | {"DJANGO_SETTINGS_MODULE": "changxiao.settings"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


# Where the two are known to differ, and why it does not matter.
KNOWN = {
    # Django's auth migrations give the group-permission table a 64-bit key on PostgreSQL (an AlterField of its
    # many-to-many), the model a 32-bit one: Django's own table, the platform never writes it in bulk.
    ("auth_group_permissions", "id"): {"BigAutoField", "AutoField"},
}


def schema_differences(migrated: dict) -> list[str]:
    """How a migrated schema (migrated_schema) differs from the test database's, made from the models."""
    built = json.loads(json.dumps(schema_of(connection)))
    for (table, column), types in KNOWN.items():
        for schema in (built, migrated):
            if table in schema and schema[table]["columns"].get(column, [None])[0] in types:
                schema[table]["columns"][column][0] = "/".join(sorted(types))
    assert "orgs_unit" in built and "django_migrations" not in built
    tables = [f"table {t} only in the migrated database" for t in sorted(set(migrated) - set(built))]
    tables += [f"table {t} only in the models' database" for t in sorted(set(built) - set(migrated))]
    return tables + [
        f"{t}: migrations {migrated[t]} ≠ models {built[t]}"
        for t in sorted(set(built) & set(migrated))
        if migrated[t] != built[t]
    ]
