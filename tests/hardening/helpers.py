"""Small helpers of the hardening tests."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.http import QueryDict

WRITES = ("INSERT", "UPDATE", "DELETE")


@contextmanager
def rolled_back() -> Iterator[None]:
    """Run the block in a savepoint that is always rolled back: no example changes the world."""
    with transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)


@contextmanager
def no_writes() -> Iterator[None]:
    """Fail if the block writes to the database. (An execute wrapper, not CaptureQueriesContext:
    that one logs every query with its parameters, and the hostile text holds CPR-like numbers,
    which the run's log scan rightly refuses.)"""
    writes: list[str] = []

    def spy(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if sql.lstrip().upper().startswith(WRITES):
            writes.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        yield
    assert not writes, f"wrote to the database: {writes[:3]}"


def query_dict(data: dict[str, Any]) -> QueryDict:
    """Form data as a request would carry it (lists as repeated keys)."""
    result = QueryDict(mutable=True)
    for key, value in data.items():
        result.setlist(key, value if isinstance(value, list) else [value])
    return result
