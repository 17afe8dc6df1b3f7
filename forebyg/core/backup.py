# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Back up the database to one file, and restore such a file into an empty database.

SQLite: the online backup API (`sqlite3.Connection.backup`), which copies a consistent snapshot
while the application keeps running; restore copies the file into place through the same API,
so the open database (and its WAL) is replaced page by page, never a file under a live
connection. PostgreSQL: `pg_dump -Fc` and `pg_restore` with the DATABASE_URL's parameters.

What is NOT in a backup: the keys (FIELD_ENCRYPTION_KEYS, BLIND_INDEX_KEY, SECRET_KEY,
AUDIT_CHECKPOINT_KEY, or their generated files in var/) and the uploaded files (MEDIA_ROOT).
Encrypted fields cannot be read without the keys, so they are kept apart, on purpose: a stolen
backup alone gives away no personal data."""

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

KEYS_NOTE = (
    "The backup holds the database only. NOT in it: the keys (FIELD_ENCRYPTION_KEYS, "
    "BLIND_INDEX_KEY, SECRET_KEY, AUDIT_CHECKPOINT_KEY, or their files in var/) and the uploaded "
    "files (MEDIA_ROOT). Without the same keys the encrypted fields cannot be read: back them up "
    "separately, and keep them apart from the database backups."
)
RESTORE_NOTE = (
    "The keys and uploaded files are not in a backup: this server needs the keys in use when it "
    "was made to read the encrypted fields, and MEDIA_ROOT restored from its own backup. "
    "Check the audit log with `manage.py verify_audit`."
)
SQLITE_HEADER = b"SQLite format 3\x00"
PG_CUSTOM_HEADER = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, and nothing was changed."""


def vendor() -> str:
    """The database in use: "sqlite" or "postgresql" (anything else is refused)."""
    if connection.vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def default_output(now: datetime | None = None) -> Path:
    """var/backups/forebyg-YYYYmmdd-HHMMSS.sqlite3 (or .dump for PostgreSQL)."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    suffix = ".sqlite3" if vendor() == "sqlite" else ".dump"
    return Path(settings.VAR_DIR) / "backups" / f"forebyg-{stamp}{suffix}"


def backup(output: Path) -> Path:
    """Write a consistent copy of the whole database to `output` (readable by its owner only)."""
    kind = vendor()
    output.parent.mkdir(parents=True, exist_ok=True)
    # Written under another name and renamed at the end: a cut-off backup never looks finished.
    partial = output.with_name(output.name + ".part")
    try:
        if kind == "sqlite":
            _backup_sqlite(partial)
        else:
            _backup_postgresql(partial)
        os.chmod(partial, 0o600)
        os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)
    return output


def _backup_sqlite(partial: Path) -> None:
    connection.ensure_connection()
    target = sqlite3.connect(partial)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def _backup_postgresql(partial: Path) -> None:
    arguments, env = _pg_arguments(connection.settings_dict)
    _run([_pg_tool("pg_dump"), "--format=custom", f"--file={partial}", *arguments], env)


def is_empty() -> bool:
    """Whether the database has no tables at all (what restore expects)."""
    return not connection.introspection.table_names()


def restore(backup_file: Path, *, force: bool = False) -> None:
    """Restore `backup_file` into this database, which must be empty unless `force`."""
    kind = vendor()
    _check_file(backup_file, SQLITE_HEADER if kind == "sqlite" else PG_CUSTOM_HEADER, kind)
    if not force and not is_empty():
        raise BackupError(
            "The database is not empty: restore goes into an empty database. "
            "Give --force to overwrite it (everything in it is lost)."
        )
    if kind == "sqlite":
        _restore_sqlite(backup_file)
    else:
        _restore_postgresql(backup_file, clean=force)


def _check_file(backup_file: Path, header: bytes, kind: str) -> None:
    if not backup_file.is_file():
        raise BackupError(f"No backup file at {backup_file}.")
    with backup_file.open("rb") as handle:
        if handle.read(len(header)) != header:
            raise BackupError(f"{backup_file} is not a {kind} backup made by `manage.py backup`.")


def _restore_sqlite(backup_file: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _restore_postgresql(backup_file: Path, *, clean: bool) -> None:
    arguments, env = _pg_arguments(connection.settings_dict)
    # --clean drops what the dump holds before creating it again (only with --force);
    # --exit-on-error stops at the first error instead of leaving a silently partial copy.
    options = ["--clean", "--if-exists"] if clean else []
    connection.close()  # pg_restore --clean must not wait for a lock this process holds
    command = [_pg_tool("pg_restore"), "--exit-on-error", "--no-owner", *options]
    _run([*command, *arguments, str(backup_file)], env)


def _pg_arguments(db: Mapping[str, Any]) -> tuple[list[str], dict[str, str]]:
    """pg_dump/pg_restore connection options from Django's settings; the password goes in the
    environment, never on the command line (where `ps` shows it)."""
    arguments = [f"--dbname={db['NAME']}"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            arguments.append(f"{option}={db[key]}")
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return arguments, env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return found


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        tool = Path(command[0]).name
        raise BackupError(f"{tool} failed: {result.stderr.strip()}")
