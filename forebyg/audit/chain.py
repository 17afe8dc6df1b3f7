"""The audit hash chain: the canonical form of an event and its SHA-256 link hash.

Canonical form, version 1 (documented in README "Audit chain"): the UTF-8 bytes of the JSON array

    ["forebyg-audit/1", sequence, previous_hash, occurred_at, actor_id, actor_label,
     organisation_id, verb, target_type, target_id, purpose, request_id, before, after]

serialised with sorted object keys, no whitespace (separators "," and ":"), non-ASCII characters
as themselves, and NaN/Infinity refused. `occurred_at` is UTC as "YYYY-MM-DDTHH:MM:SS.ffffffZ";
ids are JSON numbers or null; `before`/`after` are the stored JSON values. The event's hash is
the lower-case hex SHA-256 of those bytes, so it covers the previous hash too; the first event's
previous hash is 64 zeros. The database id is not part of the form: the sequence number is the
event's place in the chain.

This module is pure (no database access) so the migration and verify_audit share it."""

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

FORMAT = "forebyg-audit/1"
GENESIS_HASH = "0" * 64  # the "previous hash" of the first event in the chain
_encode = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
).encode

__all__ = ["FORMAT", "GENESIS_HASH", "canonical_bytes", "canonical_time", "link_hash"]


def canonical_time(value: datetime | str) -> str:
    """A timestamp as UTC with microseconds. Naive values are UTC already: that is how Django
    stores and returns times in SQLite (as datetime from a cursor, or as text)."""
    if isinstance(value, str):  # "YYYY-MM-DD HH:MM:SS[.ffffff]"
        date_part, _, fraction = value.partition(".")
        return f"{date_part.replace(' ', 'T')}.{fraction[:6].ljust(6, '0')}Z"
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_bytes(
    sequence: int,
    previous_hash: str,
    occurred_at: datetime | str,
    actor_id: int | None,
    actor_label: str,
    organisation_id: int | None,
    verb: str,
    target_type: str,
    target_id: str,
    purpose: str,
    request_id: str,
    before: Any,
    after: Any,
) -> bytes:
    """The bytes an event's hash is taken over (see the module docstring)."""
    return _encode(
        [
            FORMAT,
            sequence,
            previous_hash,
            canonical_time(occurred_at),
            actor_id,
            actor_label,
            organisation_id,
            verb,
            target_type,
            target_id,
            purpose,
            request_id,
            before,
            after,
        ]
    ).encode()


def link_hash(*fields: Any) -> str:
    """The SHA-256 (hex) of an event's canonical bytes; takes canonical_bytes' arguments."""
    return hashlib.sha256(canonical_bytes(*fields)).hexdigest()
