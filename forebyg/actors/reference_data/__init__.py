"""The reference data of the Danish model (forebyg/actors/data), loaded idempotently."""

from forebyg.actors.reference_data.files import DATA_DIR, ReferenceDataError, danish_slug
from forebyg.actors.reference_data.loader import (
    COUNT_KEYS,
    format_counts,
    load_reference_data,
    reference_counts,
)

__all__ = [
    "COUNT_KEYS",
    "DATA_DIR",
    "ReferenceDataError",
    "danish_slug",
    "format_counts",
    "load_reference_data",
    "reference_counts",
]
