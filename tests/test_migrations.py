"""Every migration applies to an empty database, and the schema they leave is the one the test databases are made with
(from the models, without migrations: conftest.py) — tables, columns with their types and nullability, keys, unique
constraints and indexes. So the suite's databases are the ones a deployment migrates to."""

import json
import os

import pytest
from django.db import connection

from changxiao.core.tests.migrations import migrated_schema, schema_differences


@pytest.mark.slow
@pytest.mark.django_db
def test_the_migrations_build_the_schema_the_suite_runs_on(tmp_path):
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    if connection.vendor == "sqlite":
        environment.pop("DATABASE_URL", None)  # the SQLite database of DATA_DIR: a new, empty file
        migrated = migrated_schema(environment | {"DATA_DIR": str(tmp_path)})
    else:
        migrated = _migrated_postgresql_schema(environment)
    differences = schema_differences(migrated)
    assert not differences, "\n".join(differences[:10])


def _migrated_postgresql_schema(environment: dict) -> dict:
    """The schema `migrate` leaves in a new, empty database beside the test database, dropped afterwards."""
    import psycopg

    given = connection.settings_dict
    name = f"{given['NAME']}_migrated"[:63]
    server = {
        "host": given["HOST"] or "127.0.0.1",
        "port": given["PORT"] or 5432,
        "user": given["USER"],
        "password": given["PASSWORD"],
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"postgres://{server['user'] or ''}@{server['host']}:{server['port']}/{name}"
    try:
        return migrated_schema(environment | {"DATABASE_URL": url, "PGPASSWORD": server["password"] or ""})
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.mark.django_db
def test_a_schema_that_differs_is_told_table_by_table():
    from changxiao.core.tests.migrations import schema_of

    migrated = json.loads(json.dumps(schema_of(connection)))
    assert schema_differences(migrated) == []
    migrated["orgs_unit"]["columns"]["name"][1] = not migrated["orgs_unit"]["columns"]["name"][1]
    migrated["orgs_extra"] = migrated.pop("orgs_region")
    differences = schema_differences(migrated)
    assert differences[0] == "table orgs_extra only in the migrated database"
    assert differences[1] == "table orgs_region only in the models' database"
    assert differences[2].startswith("orgs_unit: migrations")
