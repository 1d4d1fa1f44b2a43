"""Backup and restore: the database and the uploaded files in one archive, the keys kept apart.

`manage.py backup` writes `changxiao-backup-<time>.tar` holding
- the database: SQLite copied through its online backup API (a consistent copy while the site runs), PostgreSQL
  dumped by pg_dump (custom format) inside a repeatable-read snapshot whose row counts the manifest records;
- every uploaded file, read through the storage API (the media folder, a shared folder, or an S3-compatible bucket:
  FILE_STORAGE), copied after the database, so each file a row names is there;
- manifest.json: the engine, each table's row count, each file's SHA-256, the applied migrations, and the
  fingerprint (not the value) of the personal-data key;
- KEYS-NOT-INCLUDED.txt: the personal-data key is not in the backup and must be kept apart; without it the citizens'
  phone numbers and names cannot be read.
The archive is written under a temporary name and renamed when complete: a full disk leaves no half archive.

`manage.py restore ARCHIVE` restores it onto a fresh machine (an empty database of the same engine, the kept keys in
the environment): it refuses another key than the backup's, loads the database and the files, then checks every
table's row count and every file's checksum against the manifest. The files are written through the storage API too:
a backup of a site on a folder restores into a bucket, and the other way round.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, connections
from django.utils import timezone

MANIFEST = "manifest.json"
KEY_NOTE = "KEYS-NOT-INCLUDED.txt"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
MEDIA_DIR = "media"
FORMAT = 1

KEY_NOTE_TEXT = """\
This backup does NOT contain the personal-data key (PERSONAL_DATA_KEY / PERSONAL_DATA_KEY_FILE), nor the signing key.
The citizens' phone numbers, names and identity card numbers in the database are encrypted with the personal-data
key: keep it apart from this backup (another place, another person), and give it to the restored site through the
environment. Its fingerprint, to recognise the right key, is in manifest.json (personal_data_key_fingerprint).

本备份不含个人信息密钥（PERSONAL_DATA_KEY）和签名密钥。数据库中的群众电话、姓名和身份证号以个人信息密钥加密：
请将该密钥与本备份分开保管，恢复时通过环境变量提供。密钥指纹见 manifest.json（personal_data_key_fingerprint）。
"""


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


def key_fingerprint(key: str | None = None) -> str:
    key = settings.PERSONAL_DATA_KEY if key is None else key
    return hashlib.sha256(f"changxiao-personal-data-key:{key}".encode()).hexdigest()[:16]


def _sha256(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


def file_checksums(root: Path) -> dict[str, str]:
    """SHA-256 of every file under root, by path relative to it (POSIX separators)."""
    sums: dict[str, str] = {}
    if not root.exists():
        return sums
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        with path.open("rb") as handle:
            sums[path.relative_to(root).as_posix()] = _sha256(handle)
    return sums


def stored_names(storage=default_storage) -> list[str]:
    """Every uploaded file's name in the site's storage (a folder or a bucket), sorted."""
    if hasattr(storage, "all_names"):
        return sorted(storage.all_names())
    names: list[str] = []
    pending = [""]
    while pending:
        directory = pending.pop()
        try:
            subdirectories, files = storage.listdir(directory)
        except FileNotFoundError:
            continue
        names += [f"{directory}{name}" for name in files]
        pending += [f"{directory}{name}/" for name in subdirectories]
    return sorted(names)


def stored_checksums(storage=default_storage) -> dict[str, str]:
    """SHA-256 of every uploaded file in the site's storage, read through the storage API."""
    sums: dict[str, str] = {}
    for name in stored_names(storage):
        with storage.open(name, "rb") as handle:
            sums[name] = _sha256(handle)
    return sums


def _inside(root: Path, name: str) -> Path:
    target = (root / name).resolve()
    if not target.is_relative_to(root.resolve()) or target == root.resolve():
        raise BackupError(f"a stored file's name leaves the backup's folder: {name!r}")
    return target


def _copy_files_out(target: Path, storage=default_storage) -> None:
    for name in stored_names(storage):
        path = _inside(target, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, path.open("wb") as copy:
            shutil.copyfileobj(source, copy, 1024 * 1024)


def _copy_files_in(source: Path, storage=default_storage) -> None:
    """Every file of the archive into the site's storage under its own name, replacing what the name held."""
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        name = path.relative_to(source).as_posix()
        if storage.exists(name):
            storage.delete(name)
        with path.open("rb") as handle:
            saved = storage.save(name, File(handle, name=name))
        if saved != name:
            raise BackupError(f"the storage kept {name!r} as {saved!r}: restore onto an empty file store")


def _vendor() -> str:
    if connection.vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"backup supports SQLite and PostgreSQL, not {connection.vendor}")
    return connection.vendor


def _sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    tables = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    # The names come from the database's own catalogue, quoted as identifiers.
    return {
        table: db.execute('SELECT COUNT(*) FROM "{}"'.format(table.replace('"', '""'))).fetchone()[0]  # noqa: S608
        for table in tables
    }


def _pg_environment() -> dict[str, str]:
    """libpq's variables for pg_dump, pg_restore and psycopg: the password never on a command line."""
    db = connection.settings_dict
    env = {**os.environ}
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    env["PGDATABASE"] = db["NAME"]
    return env


def _pg_connect():
    import psycopg

    env = _pg_environment()
    return psycopg.connect(
        host=env.get("PGHOST"),
        port=env.get("PGPORT"),
        user=env.get("PGUSER"),
        password=env.get("PGPASSWORD"),
        dbname=env["PGDATABASE"],
    )


_PG_TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"


def _pg_counts(cursor) -> dict[str, int]:
    from psycopg import sql

    tables = [row[0] for row in cursor.execute(_PG_TABLES).fetchall()]
    return {
        table: cursor.execute(sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(table))).fetchone()[0]
        for table in tables
    }


def _dump_database(work: Path) -> tuple[str, dict[str, int]]:
    if _vendor() == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(work / SQLITE_FILE)
        try:
            connection.connection.backup(target)
            return SQLITE_FILE, _sqlite_counts(target)
        finally:
            target.close()
    with _pg_connect() as pg:
        pg.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = pg.execute("SELECT pg_export_snapshot()").fetchone()[0]
        counts = _pg_counts(pg.cursor())
        # The dump reads the same snapshot as the counts, while this transaction stays open.
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                "--file",
                str(work / PG_FILE),
            ],
        )
    return PG_FILE, counts


def _run(command: list[str]) -> None:
    # pg_dump / pg_restore with paths and names of this site's own settings, never a shell.
    result = subprocess.run(command, env=_pg_environment(), capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def _migrations() -> dict[str, list[str]]:
    from django.db.migrations.recorder import MigrationRecorder

    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def create_backup(directory: Path) -> tuple[Path, dict]:
    """Write a backup archive into directory; return its path and its manifest."""
    directory.mkdir(parents=True, exist_ok=True)
    started = timezone.now()
    final = directory / f"changxiao-backup-{started:%Y%m%d-%H%M%S}.tar"
    with tempfile.TemporaryDirectory(dir=directory, prefix=".backup-") as scratch:
        work = Path(scratch)
        database_file, counts = _dump_database(work)
        _copy_files_out(work / MEDIA_DIR)
        manifest = {
            "format": FORMAT,
            "created_at": started.isoformat(),
            "engine": _vendor(),
            "database_file": database_file,
            "tables": counts,
            "files": file_checksums(work / MEDIA_DIR),
            "migrations": _migrations(),
            "personal_data_key_fingerprint": key_fingerprint(),
        }
        (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        (work / KEY_NOTE).write_text(KEY_NOTE_TEXT, encoding="utf-8")
        partial = directory / f".{final.name}.partial"
        try:
            with tarfile.open(partial, "w") as archive:
                for name in (MANIFEST, KEY_NOTE, database_file, MEDIA_DIR):
                    if (work / name).exists():
                        archive.add(work / name, arcname=name)
            os.replace(partial, final)
        finally:
            partial.unlink(missing_ok=True)
    return final, manifest


def database_is_empty() -> bool:
    return "django_migrations" not in connection.introspection.table_names()


def restore_backup(archive_path: Path, *, replace: bool = False) -> dict:
    """Restore an archive onto this site's database and file storage; return what was checked.

    Refuses: another engine than the backup's, a personal-data key other than the backup's, a database that holds
    data unless replace. Raises BackupError when a table's count or a file's checksum differs afterwards."""
    with tempfile.TemporaryDirectory(prefix="changxiao-restore-") as scratch:
        work = Path(scratch)
        with tarfile.open(archive_path) as archive:
            archive.extractall(work, filter="data")
        manifest = json.loads((work / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            raise BackupError(f"unknown backup format {manifest.get('format')!r}")
        if manifest["engine"] != _vendor():
            raise BackupError(
                f"the backup is of a {manifest['engine']} database and this site uses {_vendor()}: "
                "restore it onto the same engine (DATABASE_URL)"
            )
        if manifest["personal_data_key_fingerprint"] != key_fingerprint():
            raise BackupError(
                "the personal-data key given to this site (PERSONAL_DATA_KEY or PERSONAL_DATA_KEY_FILE) is not the one "
                "the backup was made with (fingerprint "
                f"{manifest['personal_data_key_fingerprint']}, this site's {key_fingerprint()}): the encrypted "
                "phone numbers and names could not be read. Give it the kept key."
            )
        if not database_is_empty() and not replace:
            raise BackupError(
                "this site's database already holds data: restore onto an empty database, or pass --replace to "
                "overwrite it"
            )
        _load_database(work / manifest["database_file"], replace=replace)
        _copy_files_in(work / MEDIA_DIR)
    return verify(manifest)


def _load_database(dump: Path, *, replace: bool) -> None:
    for conn in connections.all():
        conn.close()
    if _vendor() == "sqlite":
        source = sqlite3.connect(dump)
        connection.ensure_connection()
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    if replace:
        command += ["--clean", "--if-exists"]
    _run([*command, "--dbname", connection.settings_dict["NAME"], str(dump)])


def current_counts() -> dict[str, int]:
    if _vendor() == "sqlite":
        connection.ensure_connection()
        return _sqlite_counts(connection.connection)
    with _pg_connect() as pg:
        return _pg_counts(pg.cursor())


def verify(manifest: dict) -> dict:
    """Compare this site's tables and files with a backup's manifest; raise BackupError on any difference."""
    counts = current_counts()
    files = stored_checksums()
    wrong_tables = {
        table: (expected, counts.get(table))
        for table, expected in manifest["tables"].items()
        if counts.get(table) != expected
    }
    wrong_files = sorted(name for name, digest in manifest["files"].items() if files.get(name) != digest)
    if wrong_tables or wrong_files:
        raise BackupError(
            f"the restore differs from the backup: tables {wrong_tables}, files {wrong_files[:20]}"
        )
    return {
        "tables": len(manifest["tables"]),
        "rows": sum(manifest["tables"].values()),
        "files": len(manifest["files"]),
    }
