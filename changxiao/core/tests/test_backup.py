"""Backup and restore round-trip the demo: onto a fresh database of the same engine (SQLite or PostgreSQL, whichever the
suite runs on), every table's row count and every upload's checksum equal, the encrypted personal data readable with
the kept key — and refused with another key or over a database that holds data."""

import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from changxiao.core.backup import KEY_NOTE, MANIFEST, current_counts, file_checksums, key_fingerprint
from changxiao.core.personal_data import decrypt

ROOT = Path(__file__).resolve().parents[3]

# Run in the restored site: every table's row count, and every encrypted field of every model decrypted with the key
# that site was given.
READ_RESTORED = """
import json
from django.apps import apps
from changxiao.core.backup import current_counts
from changxiao.core.personal_data import decrypt
values = {}
for model in apps.get_models():
    fields = [f.attname for f in model._meta.concrete_fields if f.attname.endswith("_encrypted")]
    for row in model._base_manager.values("pk", *fields):
        for field in fields:
            if row[field]:
                values[f"{model._meta.label}.{row['pk']}.{field}"] = decrypt(row[field])
print(json.dumps({"counts": current_counts(), "secrets": values}, ensure_ascii=False))
"""


def encrypted_values() -> dict[str, str]:
    values = {}
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields if f.attname.endswith("_encrypted")]
        for row in model._base_manager.values("pk", *fields):
            for field in fields:
                if row[field]:
                    values[f"{model._meta.label}.{row['pk']}.{field}"] = decrypt(row[field])
    return values


@pytest.fixture
def fresh_site(tmp_path):
    """The environment of a fresh machine: its own empty database (the suite's engine), data directory and media,
    the kept personal-data key."""
    site = tmp_path / "restored"
    site.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("DJANGO_", "PYTEST", "SECRET_KEY", "PERSONAL_DATA_KEY", "DEBUG", "DATABASE_URL")
        )
    }
    env.update(
        DJANGO_SETTINGS_MODULE=os.environ.get("DJANGO_SETTINGS_MODULE", "changxiao.settings"),
        SECRET_KEY="restored-site-secret-key",
        PERSONAL_DATA_KEY=settings.PERSONAL_DATA_KEY,
        DATA_DIR=str(site),
        MEDIA_ROOT=str(site / "media"),
        TASK_BACKEND="immediate",
    )
    database = None
    if connection.vendor == "postgresql":
        import psycopg

        database = f"cx_restore_{uuid.uuid4().hex[:12]}"
        db = connection.settings_dict
        params = {"host": db["HOST"] or None, "port": db["PORT"] or None, "user": db["USER"] or None}
        with psycopg.connect(
            dbname="postgres", autocommit=True, password=db["PASSWORD"] or None, **params
        ) as admin:
            admin.execute(f'CREATE DATABASE "{database}"')
        auth = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
        env["DATABASE_URL"] = f"postgres://{auth}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{database}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{site / 'changxiao.sqlite3'}"
    yield env
    if database:
        with psycopg.connect(
            dbname="postgres", autocommit=True, password=db["PASSWORD"] or None, **params
        ) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_demo_round_trips_through_backup_and_restore(tmp_path, fresh_site, settings):
    call_command("load_demo", verbosity=0)
    source_counts = current_counts()
    source_files = file_checksums(Path(settings.MEDIA_ROOT))
    source_secrets = encrypted_values()
    assert source_files, "the demo writes uploads (attachments, photos)"
    assert source_secrets and all(source_secrets.values()), "the demo holds encrypted personal data"

    call_command("backup", output=tmp_path / "backups")
    (archive,) = (tmp_path / "backups").glob("changxiao-backup-*.tar")
    assert not list((tmp_path / "backups").glob(".*")), "no temporary file is left beside the archive"
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile(MANIFEST))
        note = tar.extractfile(KEY_NOTE).read().decode()
    assert "NOT contain the personal-data key" in note and "不含个人信息密钥" in note
    assert settings.PERSONAL_DATA_KEY not in note and settings.PERSONAL_DATA_KEY not in json.dumps(manifest)
    assert manifest["personal_data_key_fingerprint"] == key_fingerprint()
    assert manifest["tables"] == source_counts and manifest["files"] == source_files
    assert all(f"media/{name}" in names for name in source_files)

    # A fresh machine given another key refuses, and restores nothing.
    wrong_key = {**fresh_site, "PERSONAL_DATA_KEY": "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktMzI="}
    refused = manage(wrong_key, "restore", str(archive))
    assert refused.returncode != 0 and "personal-data key" in refused.stderr
    assert not Path(fresh_site["MEDIA_ROOT"]).exists()

    restored = manage(fresh_site, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr[-3000:]
    assert f"{len(source_counts)} tables, {sum(source_counts.values())} rows" in restored.stdout

    # Checked here too, independently of the command's own check: every table, every upload, every secret.
    read = manage(fresh_site, "shell", "-c", READ_RESTORED)
    assert read.returncode == 0, read.stderr[-3000:]
    restored_site = json.loads(read.stdout.splitlines()[-1])
    assert restored_site["counts"] == source_counts
    assert restored_site["secrets"] == source_secrets
    assert file_checksums(Path(fresh_site["MEDIA_ROOT"])) == source_files

    # Restoring again over the data it now holds is refused unless asked for.
    again = manage(fresh_site, "restore", str(archive))
    assert again.returncode != 0 and "already holds data" in again.stderr
