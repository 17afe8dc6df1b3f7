# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Verify the audit hash chain from the first event to the head, streaming in batches.

Reads raw rows (no model instances: verification must keep up with a log of millions) in
sequence order with keyset pagination, recomputes each event's hash from its canonical form
and checks that it links to the event before it. Stops at the first broken link."""

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from forebyg.audit.chain import FORMAT, GENESIS_HASH, canonical_time
from forebyg.audit.checkpoint import Checkpoint

BATCH_SIZE = 5000
BENCHMARK_SAMPLE = 200_000  # canonical forms kept for --benchmark; bounds the memory it takes
_COLUMNS = (
    "sequence, previous_hash, hash, {time}, actor_id, actor_label, organisation_id, verb,"
    " target_type, target_id, purpose, request_id, before, after, id"
)
# occurred_at in its canonical text, made by the database: parsing and formatting a datetime
# per row in Python took a third of the time. SQLite holds Django's naive UTC text
# "YYYY-MM-DD HH:MM:SS[.ffffff]"; PostgreSQL a timestamptz.
_CANONICAL_TIME = {
    "sqlite": (
        "CASE WHEN instr(occurred_at, '.') = 0 THEN replace(occurred_at, ' ', 'T') || '.000000Z'"
        " ELSE replace(substr(occurred_at || '00000', 1, 26), ' ', 'T') || 'Z' END"
    ),
    "postgresql": ("to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"),
}
_encode = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
).encode
_string = json.encoder.encode_basestring  # what the encoder above does to a str, in C


class BrokenChain(Exception):
    """The first broken link: what is wrong and at which event."""

    def __init__(self, message: str, sequence: int | None = None) -> None:
        super().__init__(message)
        self.sequence = sequence


@dataclass
class Verified:
    count: int = 0
    last_sequence: int = 0
    last_hash: str = GENESIS_HASH
    seconds: float = 0.0
    hashed: list[bytes] = field(default_factory=list)  # the canonical bytes, when benchmarking


def verify_chain(
    *,
    against: Checkpoint | None = None,
    batch_size: int = BATCH_SIZE,
    keep_bytes: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Verified:
    """Check every link, then the head and the checkpoint; raise BrokenChain at the first fault."""
    started = time.perf_counter()
    result = Verified()
    for rows in _batches(batch_size):
        _check_batch(rows, result, against, keep_bytes)
        if progress:
            progress(result.count)
    result.seconds = time.perf_counter() - started
    _check_outside_chain(result)
    _check_head(result)
    if against is not None:
        _check_checkpoint(result, against)
    return result


def _batches(batch_size: int) -> Iterator[list[tuple[Any, ...]]]:
    last = 0
    columns = _COLUMNS.format(time=_CANONICAL_TIME.get(connection.vendor, "occurred_at"))
    sql = (
        f"SELECT {columns} FROM audit_auditevent "  # noqa: S608 (constant SQL)
        "WHERE sequence > %s ORDER BY sequence LIMIT %s"
    )
    with connection.cursor() as cursor:
        while True:
            cursor.execute(sql, [last, batch_size])
            rows = cursor.fetchall()
            if not rows:
                return
            yield rows
            last = rows[-1][0]


def canonical_row(row: tuple[Any, ...]) -> bytes:
    """chain.canonical_bytes of a raw row, built by hand because it runs once per event; a test
    holds the two to the same bytes."""
    (sequence, previous_hash, _, occurred_at, actor_id, label, organisation_id, verb, target_type,
     target_id, purpose, request_id, before, after) = row[:14]  # fmt: skip
    text = (
        f'["{FORMAT}",{sequence},{_string(previous_hash)},{_string(_time(occurred_at))},'
        f"{'null' if actor_id is None else int(actor_id)},{_string(label)},"
        f"{'null' if organisation_id is None else int(organisation_id)},{_string(verb)},"
        f"{_string(target_type)},{_string(target_id)},{_string(purpose)},{_string(request_id)},"
        f"{_json(before)},{_json(after)}]"
    )
    return text.encode()


def _time(value: Any) -> str:
    return value if isinstance(value, str) else canonical_time(value)


def _json(value: Any) -> str:
    # Both backends hand JSONField columns over as text (Django loads jsonb as text too);
    # re-encode to the canonical spelling (sorted keys, no spaces).
    return "null" if value is None else _encode(json.loads(value))


def _check_batch(
    rows: list[tuple[Any, ...]], result: Verified, against: Checkpoint | None, keep: bool
) -> None:
    expected, previous = result.last_sequence + 1, result.last_hash
    sha256, canonical = hashlib.sha256, canonical_row
    for row in rows:
        sequence, previous_hash, stored_hash = row[0], row[1], row[2]
        if sequence != expected:
            raise BrokenChain(
                f"event #{expected} is missing: after #{expected - 1} the chain goes on at "
                f"#{sequence} (id {row[14]}), so an event was deleted",
                expected,
            )
        if previous_hash != previous:
            raise BrokenChain(
                f"event #{sequence} (id {row[14]}) does not link to event #{sequence - 1}: its "
                "previous hash differs, so events were changed, swapped or inserted here",
                sequence,
            )
        data = canonical(row)
        if sha256(data).hexdigest() != stored_hash:
            raise BrokenChain(
                f"event #{sequence} (id {row[14]}) was changed: its content does not match "
                "its hash",
                sequence,
            )
        if keep and len(result.hashed) < BENCHMARK_SAMPLE:
            result.hashed.append(data)
        if against is not None and sequence == against.sequence and stored_hash != against.hash:
            raise BrokenChain(
                f"event #{sequence} (id {row[14]}) differs from the checkpoint of "
                f"{against.created_at}: the chain was rewritten up to here",
                sequence,
            )
        expected, previous = sequence + 1, stored_hash
    result.count += len(rows)
    result.last_sequence, result.last_hash = expected - 1, previous


def _check_outside_chain(result: Verified) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT MIN(id), COUNT(*) FROM audit_auditevent WHERE sequence IS NULL")
        first_id, outside = cursor.fetchone()
    if outside:
        raise BrokenChain(
            f"{outside} event(s) without a sequence number (first id {first_id}) were inserted "
            "outside the chain"
        )


def _check_head(result: Verified) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT sequence, hash FROM audit_auditchainhead WHERE id = 1")
        head = cursor.fetchone() or (0, GENESIS_HASH)
    if head[0] > result.last_sequence:
        raise BrokenChain(
            f"the chain ends at #{result.last_sequence} but its head says #{head[0]}: the last "
            f"{head[0] - result.last_sequence} event(s) were cut off",
            result.last_sequence + 1,
        )
    if tuple(head) != (result.last_sequence, result.last_hash):
        raise BrokenChain(
            f"the chain head (#{head[0]}) does not name the last event "
            f"(#{result.last_sequence}): the head or the tail was changed",
            result.last_sequence,
        )


def _check_checkpoint(result: Verified, checkpoint: Checkpoint) -> None:
    if result.last_sequence < checkpoint.sequence:
        raise BrokenChain(
            f"the checkpoint of {checkpoint.created_at} covers #{checkpoint.sequence} events but "
            f"the chain ends at #{result.last_sequence}: events were cut off",
            result.last_sequence + 1,
        )
