"""Key rotation: re-encrypt every encrypted field and stored file with the active (first) key.

Each batch is its own transaction and values already sealed with the active key are skipped, so
an interrupted run is resumed by running it again, and a second run changes nothing."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.files.storage import storages
from django.db import connection, models, transaction

from forebyg.audit.services import record
from forebyg.core import crypto
from forebyg.core.fields import EncryptedTextField
from forebyg.core.storage import EncryptedFileSystemStorage


@dataclass
class RotationReport:
    """Counts per model label: values re-encrypted and files re-encrypted."""

    key_id: str
    values: dict[str, int] = field(default_factory=dict)
    files: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.values.values()) + sum(self.files.values())


def encrypted_fields() -> Iterator[tuple[type[models.Model], list[EncryptedTextField]]]:
    """Every model with encrypted columns, and those columns."""
    for model in apps.get_models():
        found = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if found:
            yield model, found


def rotate_all(
    *, batch_size: int = 500, progress: Callable[[str], None] | None = None
) -> RotationReport:
    """Re-encrypt what is not sealed with the active key; write one audit event at the end."""
    report = RotationReport(key_id=crypto.key_ring().active_id)
    for model, fields in encrypted_fields():
        report.values[model._meta.label] = _rotate_model(model, fields, report.key_id, batch_size)
        if progress:
            progress(f"{model._meta.label}: {report.values[model._meta.label]}")
    for model, file_field in _file_fields():
        report.files[model._meta.label] = _rotate_files(model, file_field, report.key_id)
    with transaction.atomic():
        record(
            None,
            "encryption.keys_rotated",
            after={"key_id": report.key_id, "values": report.values, "files": report.files},
        )
    return report


def _rotate_model(
    model: type[models.Model], fields: list[EncryptedTextField], key_id: str, batch_size: int
) -> int:
    changed, last_pk = 0, None
    while True:
        rows = _raw_batch(model, fields, last_pk, batch_size)
        if not rows:
            return changed
        with transaction.atomic():
            for pk, *values in rows:
                changed += _rotate_row(model, fields, pk, values, key_id)  # type: ignore[arg-type]
        last_pk = rows[-1][0]


def _raw_batch(
    model: type[models.Model], fields: list[EncryptedTextField], after_pk: object, size: int
) -> list[tuple[object, ...]]:
    # Raw SQL: the ciphertexts as stored (the ORM would decrypt them and hide the key id).
    quote = connection.ops.quote_name
    pk_column = quote(model._meta.pk.column)  # type: ignore[union-attr]
    columns = ", ".join(quote(f.column) for f in fields)
    where = f"WHERE {pk_column} > %s " if after_pk is not None else ""
    sql = (
        f"SELECT {pk_column}, {columns} FROM {quote(model._meta.db_table)} "  # noqa: S608
        f"{where}ORDER BY {pk_column} LIMIT %s"
    )
    params: list[Any] = [after_pk, size] if after_pk is not None else [size]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]


def _rotate_row(
    model: type[models.Model],
    fields: list[EncryptedTextField],
    pk: object,
    values: list[str | None],
    key_id: str,
) -> int:
    stale = {
        f.name: crypto.decrypt(value, context=f.crypto_context)
        for f, value in zip(fields, values, strict=True)
        if value and crypto.key_id_of(value) != key_id
    }
    if stale:
        # update() seals through the field's get_prep_value with the active key and leaves
        # updated_at alone: re-encryption is not a change of the record.
        model._default_manager.filter(pk=pk).update(**stale)
    return len(stale)


def _file_fields() -> Iterator[tuple[type[models.Model], models.FileField]]:
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                yield model, model_field


def _rotate_files(model: type[models.Model], file_field: models.FileField, key_id: str) -> int:
    storage = file_field.storage
    if not isinstance(storage, EncryptedFileSystemStorage):
        storage = storages["default"]
    if not isinstance(storage, EncryptedFileSystemStorage):
        return 0
    changed = 0
    names = model._default_manager.exclude(**{file_field.name: ""}).values_list(
        file_field.name, flat=True
    )
    for name in names.iterator():
        if storage.exists(name) and storage.raw_key_id(name) != key_id:
            storage.reseal(name)
            changed += 1
    return changed
