"""Going behind the application's back: triggers off, rows changed by raw SQL, counts of rows.

Everything here runs inside the test's transaction, so the dropped triggers come back when
the test ends (PostgreSQL and SQLite both roll DDL back)."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.db import connection

from forebyg.audit import triggers


def execute(sql: str, params: list[Any] | tuple[Any, ...] = ()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@contextmanager
def triggers_off() -> Iterator[None]:
    """Like an intruder with the database's own rights: no append-only or chain triggers."""
    vendor = connection.vendor
    if vendor == "postgresql":
        execute("SET LOCAL session_replication_role = replica")  # skips every ordinary trigger
    else:
        for statement in triggers.DROP_APPEND_ONLY[vendor] + triggers.DROP_CHAIN[vendor]:
            execute(statement)
    try:
        yield
    finally:
        if vendor == "postgresql":
            execute("SET LOCAL session_replication_role = origin")
        else:
            for statement in triggers.APPEND_ONLY[vendor] + triggers.CHAIN[vendor]:
                execute(statement)


REFUSE_AUDIT_INSERTS = {
    # SQLite: writing to a table that does not exist fails as OperationalError, as a full disk
    # or a locked file would (RAISE() would be an IntegrityError, which reads as a conflict).
    "sqlite": [
        """CREATE TRIGGER audit_test_unavailable BEFORE INSERT ON audit_auditevent
           BEGIN INSERT INTO audit_test_store_unavailable VALUES (1); END"""
    ],
    "postgresql": [
        """CREATE FUNCTION audit_test_unavailable() RETURNS trigger AS $$
           BEGIN RAISE EXCEPTION 'the audit store is unavailable'; END; $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER audit_test_unavailable BEFORE INSERT ON audit_auditevent
           FOR EACH ROW EXECUTE FUNCTION audit_test_unavailable()""",
    ],
}


def refuse_audit_inserts() -> None:
    """From now on (until the test's transaction rolls back) every audit insert fails."""
    for statement in REFUSE_AUDIT_INSERTS[connection.vendor]:
        execute(statement)


def all_row_counts() -> dict[str, int]:
    """Rows per model of every Forebyg app: proof that a refused request wrote nothing."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model.__module__.startswith("forebyg.")
    }
