"""Which rows changed since the last load: each applied row leaves a fingerprint (ReferenceRow).

A row is applied (its record created or updated, its links set) only when its record is missing,
when the row differs from the one last applied, or when the load is forced. An unchanged row leaves
its record alone, so a correction an administrator made in the admin survives the next load."""

import hashlib
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from django.db import models
from django.utils import timezone

from forebyg.actors.models import ReferenceRow
from forebyg.actors.reference_data.files import ReferenceDataError, Row, read_rows

M = TypeVar("M", bound=models.Model)


def fingerprint(source: Mapping[str, object]) -> str:
    """The SHA-256 of a normalised row: its cells (already stripped) as JSON with sorted keys."""
    text = json.dumps(source, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


class Load:
    """One run of the loader: its folder, whether it reapplies every row, and what it created."""

    def __init__(self, data_dir: Path, *, force: bool = False) -> None:
        self.data_dir = data_dir
        self.force = force
        self._created: set[tuple[str, Any]] = set()
        self._datasets: list[Dataset] = []

    def open(self, name: str) -> "Dataset":
        """The rows of one file, with the fingerprints of its rows as last loaded."""
        dataset = Dataset(self, name.removesuffix(".csv"), read_rows(self.data_dir, name))
        self._datasets.append(dataset)
        return dataset

    def write(self, model: type[M], record: M | None, values: dict[str, Any], **create: Any) -> M:
        """Create the record (with the extra `create` fields) or set `values` on it."""
        if record is None:
            record = model._default_manager.create(**values, **create)
            self._created.add((model._meta.label, record.pk))
        else:
            for field, value in values.items():
                setattr(record, field, value)
            record.save(update_fields=list(values))
        return record

    def created(self, model: type[models.Model], pk: Any) -> bool:
        """This load created the record: links derived from other rows must be set on it."""
        return (model._meta.label, pk) in self._created

    def sync(
        self,
        name: str,
        model: type[M],
        values_of: Callable[[Row], dict[str, Any]],
        *,
        field: str = "key",
        key_of: Callable[[Row], str] | None = None,
    ) -> list[tuple[Row, M, bool]]:
        """Each row of a file whose records are found by one unique `field`, with its record and
        whether this load applied it. Every row is parsed (a bad one fails the load), but only a
        new or changed row is written."""
        dataset = self.open(name)
        keys = [key_of(row) if key_of else row[field] for row in dataset.rows]
        existing = {
            str(getattr(record, field)): record
            for record in model._default_manager.filter(**{f"{field}__in": keys})
        }
        lookup = model._meta.get_field(field)
        if not isinstance(lookup, models.Field):  # a programming error, caught by the tests
            raise TypeError(f"{model.__name__}.{field} is not a column")
        result = []
        for key, row in zip(keys, dataset.rows, strict=True):
            values = values_of(row)
            record, applied = dataset.apply(
                model, existing.get(key), key, row, values, **{field: lookup.to_python(key)}
            )
            result.append((row, record, applied))
        return result

    def save(self) -> None:
        """Store the fingerprints of the rows this load applied: one statement per file."""
        for dataset in self._datasets:
            dataset.save()


class Dataset:
    """The rows of one file, and the fingerprint of each row as the loader last applied it."""

    def __init__(self, load: Load, name: str, rows: list[Row]) -> None:
        self.load = load
        self.name = name
        self.rows = rows
        # One query per file: the second load of unchanged files reads and never writes.
        self._stored = dict(
            ReferenceRow.objects.filter(dataset=name).values_list("natural_key", "fingerprint")
        )
        self._applied: dict[str, str] = {}
        self._seen: set[str] = set()

    def known(self, natural_key: str) -> bool:
        """A row with this key was applied by an earlier load."""
        return natural_key in self._stored

    def is_current(self, natural_key: str, source: Mapping[str, object]) -> bool:
        """The row is as last applied and the load is not forced: its record is left alone."""
        return not self.load.force and self._stored.get(natural_key) == fingerprint(source)

    def applied(self, natural_key: str, source: Mapping[str, object]) -> None:
        """Remember that this load applied the row; its fingerprint is stored by save()."""
        self._applied[natural_key] = fingerprint(source)

    def apply(
        self,
        model: type[M],
        record: M | None,
        natural_key: str,
        source: Mapping[str, object],
        values: dict[str, Any],
        **create: Any,
    ) -> tuple[M, bool]:
        """The row's record and whether it was written: created if missing (an administrator may
        have deleted it), updated if the row is new or changed, else left as it is."""
        if natural_key in self._seen:
            raise ReferenceDataError(f"{self.name}.csv: two rows for {natural_key!r}")
        self._seen.add(natural_key)
        if record is not None and self.is_current(natural_key, source):
            return record, False
        record = self.load.write(model, record, values, **create)
        self.applied(natural_key, source)
        return record, True

    def save(self) -> None:
        """Store the fingerprints of the rows this load applied, in one statement."""
        if not self._applied:
            return
        now = timezone.now()
        ReferenceRow.objects.bulk_create(
            [
                ReferenceRow(dataset=self.name, natural_key=key, fingerprint=value, loaded_at=now)
                for key, value in self._applied.items()
            ],
            update_conflicts=True,
            unique_fields=["dataset", "natural_key"],
            update_fields=["fingerprint", "loaded_at"],
        )
