# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Fast inserts: rows as tuples in column order, written with one executemany per table.

bulk_create spends most of its time building model instances and preparing each value through
the query compiler; at 250,000 cases that alone took many minutes. Here each column's value is
prepared once by the same field methods the ORM uses (so encrypted fields are sealed by
EncryptedTextField with its own context, JSON and datetimes adapted for the database in use),
and rows go to the database as plain tuples."""

from collections.abc import Callable
from typing import Any

from django.db import connection, models

from forebyg.core.fields import EncryptedTextField

Converter = Callable[[Any], Any]


def _converter(field: models.Field) -> Converter | None:  # type: ignore[type-arg]
    if isinstance(field, EncryptedTextField):
        return field.get_prep_value
    if isinstance(field, models.JSONField):
        return lambda value: field.get_db_prep_save(value, connection)
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    return None


class Table:
    """The rows waiting to be inserted into one model's table."""

    def __init__(self, model: type[models.Model], *, with_pk: bool = True) -> None:
        # Without the id column the database numbers the rows (an explicit NULL would not do
        # on PostgreSQL's identity columns).
        fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
        self.names = [field.attname for field in fields]
        self.converters = [_converter(field) for field in fields]
        # The field's own default ("" for text, None for null, or its default=); every
        # time-dependent default (timezone.now) is given explicitly by the callers.
        self.defaults = [None if field.primary_key else field.get_default() for field in fields]
        self.ordered = list(zip(self.names, self.converters, self.defaults, strict=True))
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        columns = ", ".join(quote(field.column) for field in fields)
        self.head = f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608 (names from the model)
        self.one = "({})".format(", ".join(["%s"] * len(fields)))
        # PostgreSQL: COPY, one statement per write (its insert triggers fire as for an INSERT).
        # A multi-row INSERT spent most of its time in psycopg parsing the long query text.
        self.copy = f"COPY {table} ({columns}) FROM STDIN"
        self.rows: list[tuple[Any, ...]] = []

    def add(self, **values: Any) -> None:
        row = []
        for name, convert, default in self.ordered:
            value = values.get(name, default)
            if convert is not None and value is not None and value != "":
                value = convert(value)
            row.append(value)
        self.rows.append(tuple(row))

    def write(self) -> int:
        """Insert the waiting rows, in order; call inside a transaction."""
        rows, self.rows = self.rows, []
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":  # in-process: executemany is fastest
                cursor.executemany(self.head + self.one, rows)
                return len(rows)
            with cursor.cursor.copy(self.copy) as copy:  # the psycopg cursor under Django's
                for row in rows:
                    copy.write_row(row)
        return len(rows)
