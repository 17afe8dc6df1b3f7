"""Reading the reference-data CSV files: rows as dicts of stripped strings, and small parsers."""

import csv
import datetime
from collections.abc import Mapping
from pathlib import Path
from typing import TypeVar

from django.utils.text import slugify

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

Row = dict[str, str]
K = TypeVar("K")
T = TypeVar("T")

_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


class ReferenceDataError(ValueError):
    """A reference-data file names something that does not exist or cannot be read."""


def danish_slug(text: str) -> str:
    """A slug that spells æ, ø and å the Danish way (ae, oe, aa) instead of dropping them."""
    return slugify(text.translate(_DANISH_LETTERS))


def read_rows(data_dir: Path, name: str) -> list[Row]:
    """The rows of one CSV file; a source of "same" is replaced by the source of the row above."""
    path = data_dir / name
    if not path.is_file():
        raise ReferenceDataError(f"{path}: file not found")
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [
            {key: (value or "").strip() for key, value in row.items() if key}
            for row in csv.DictReader(handle)
        ]
    previous_source = ""
    for row in rows:
        if row.get("source", "").lower() == "same":
            row["source"] = previous_source
        previous_source = row.get("source", "")
    return rows


def split_list(value: str) -> list[str]:
    """The items of a |-separated cell, without blanks."""
    return [item.strip() for item in value.split("|") if item.strip()]


def parse_date(value: str) -> datetime.date | None:
    """An ISO date, or None for a blank cell."""
    return datetime.date.fromisoformat(value) if value else None


def parse_int(value: str) -> int | None:
    """A whole number, or None for a blank cell."""
    return int(value) if value else None


def pick(mapping: Mapping[K, T], key: K, what: str) -> T:
    """mapping[key], or a clear error naming what was looked up."""
    try:
        return mapping[key]
    except KeyError:
        raise ReferenceDataError(f"unknown {what}: {key!r}") from None
