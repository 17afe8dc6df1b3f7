"""`manage.py backup` and `restore` end to end: a migrated database with personal data and audit
events is backed up, restored into an empty database, and the copy compared (row counts per table,
decrypted values) and its audit chain verified. On SQLite always; on PostgreSQL too when
DATABASE_URL points at one (scratch databases drills_backup_*, dropped afterwards).

The databases are real files/databases made by `manage.py migrate` in subprocesses, not the test
database: pg_dump sees only committed rows, and the test database's rows never commit."""

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from forebyg.core import backup

MANAGE = Path(settings.BASE_DIR) / "manage.py"

SEED = """
import datetime
from forebyg.accounts.models import Membership, Role, User
from forebyg.actors.models import Organisation
from forebyg.cases import services
from forebyg.cases.models import Source
from forebyg.cases.tests.factories import cpr_for
aarhus = Organisation.objects.get(key="aarhus-kommune")
school = Organisation.objects.create(
    key="backup-skole", kind="school", level="local", name_da="Backup skole", parent=aarhus)
user = User.objects.create(username="backup-laerer")
Membership.objects.create(user=user, organisation=school, role=Role.PROFESSIONAL)
for i, name in enumerate(["Bo Backupsen", "Rie Restoresen"]):
    services.receive_concern(
        by=user, source=Source.PROFESSIONAL, idempotency_key=f"backup-{i}", person_name=name,
        municipality=aarhus, description=f"Bekymring {i}",
        cpr=cpr_for(datetime.date(2001, 2, 3 + i), "123"))
"""

ADD_USER = "from forebyg.accounts.models import User; User.objects.create(username='kept')"

SNAPSHOT = """
import json
from django.db import connection
from forebyg.cases.models import Concern, Person
counts = {}
with connection.cursor() as cursor:
    for table in sorted(connection.introspection.table_names()):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
people = sorted([p.name, p.cpr, p.pseudonym] for p in Person.objects.all())
concerns = sorted(c.description for c in Concern.objects.all())
print(json.dumps({"counts": counts, "people": people, "concerns": concerns}))
"""


def manage(env: dict[str, str], *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, str(MANAGE), *arguments],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def snapshot(env: dict[str, str]) -> dict[str, Any]:
    """Row counts per table and decrypted values (the last line `shell` prints)."""
    return json.loads(ok(manage(env, "shell", "-c", SNAPSHOT)).strip().splitlines()[-1])


def environment(var_dir: Path, database_url: str) -> dict[str, str]:
    """The same keys (generated once into var_dir) for source and copy, as on one server."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "REDIS_URL_FILE")}
    env.update(DATABASE_URL=database_url, FOREBYG_VAR_DIR=str(var_dir))
    return env


def postgres_url(name: str) -> str:
    base = os.environ["DATABASE_URL"]
    return base.rsplit("/", 1)[0] + "/" + name


def run_sql(sql: str) -> None:
    import psycopg

    url = postgres_url("postgres")
    with psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True) as db:
        db.execute(sql)  # type: ignore[arg-type]


def uses_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(not uses_postgres(), reason="DATABASE_URL is not PostgreSQL"),
        ),
    ]
)
def databases(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(source URL, empty target URL) of one vendor."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'source.sqlite3'}", f"sqlite:///{tmp_path / 'copy.sqlite3'}"
        return
    suffix = uuid.uuid4().hex[:8]
    names = [f"drills_backup_src_{suffix}", f"drills_backup_dst_{suffix}"]
    for name in names:
        run_sql(f'CREATE DATABASE "{name}"')
    try:
        yield postgres_url(names[0]), postgres_url(names[1])
    finally:
        for name in names:
            run_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_restored_backup_has_every_row_the_same_values_and_a_valid_audit_chain(
    databases: tuple[str, str], tmp_path: Path
) -> None:
    source = environment(tmp_path / "var", databases[0])
    target = environment(tmp_path / "var", databases[1])
    ok(manage(source, "migrate", "--noinput", "-v0"))
    ok(manage(source, "load_reference_data", "-v0"))
    ok(manage(source, "shell", "-c", SEED))
    before = snapshot(source)
    users = before["counts"]["accounts_user"]
    backup_file = tmp_path / "forebyg.backup"

    printed = ok(manage(source, "backup", "--output", str(backup_file)))
    assert "FIELD_ENCRYPTION_KEYS" in printed  # says the keys are not in it
    assert backup_file.stat().st_mode & 0o077 == 0  # readable by its owner only
    ok(manage(target, "restore", str(backup_file)))

    after = snapshot(target)
    assert after == before
    assert before["counts"]["cases_person"] == 2
    assert [row[0] for row in after["people"]] == ["Bo Backupsen", "Rie Restoresen"]
    assert before["counts"]["audit_auditevent"] >= 2
    verified = ok(manage(target, "verify_audit"))
    assert f"{before['counts']['audit_auditevent']} events verified" in verified

    # Now the copy is not empty: a second restore is refused and changes nothing ...
    ok(manage(target, "shell", "-c", ADD_USER))
    refused = manage(target, "restore", str(backup_file))
    assert refused.returncode != 0
    assert "not empty" in refused.stderr
    assert snapshot(target)["counts"] == {**before["counts"], "accounts_user": users + 1}
    # ... unless forced, which puts back exactly the backup's rows.
    ok(manage(target, "restore", "--force", str(backup_file)))
    assert snapshot(target) == before


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path, db: None) -> None:
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")
    with pytest.raises(backup.BackupError, match="not a"):
        backup.restore(not_a_backup)
    with pytest.raises(backup.BackupError, match="No backup file"):
        backup.restore(tmp_path / "missing.dump")
