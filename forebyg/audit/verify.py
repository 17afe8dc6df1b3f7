# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Verify the audit hash chain from the first event to the head, streaming in batches.

Reads raw rows (no model instances: verification must keep up with a log of millions) in
sequence order with keyset pagination, recomputes each event's hash from its canonical form
and checks that it links to the event before it. Stops at the first broken link."""

import hashlib
import json
import operator
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from forebyg.audit.chain import FORMAT, GENESIS_HASH, canonical_time
from forebyg.audit.checkpoint import Checkpoint

BATCH_SIZE = 5000  # an index range scan each; at 20,000 PostgreSQL chose to scan the whole table
BENCHMARK_SAMPLE = 200_000  # canonical forms kept for --benchmark; bounds the memory it takes
_JSON_CACHE_SIZE = 50_000  # canonical spellings of stored JSON values kept per verification
# occurred_at in its canonical text, made by the database. SQLite holds Django's naive UTC text
# "YYYY-MM-DD HH:MM:SS[.ffffff]"; PostgreSQL a timestamptz.
_CANONICAL_TIME = {
    "sqlite": (
        "CASE WHEN instr(occurred_at, '.') = 0 THEN replace(occurred_at, ' ', 'T') || '.000000Z'"
        " ELSE replace(substr(occurred_at || '00000', 1, 26), ' ', 'T') || 'Z' END"
    ),
    "postgresql": ("to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"),
}
_COLUMNS = (
    "sequence, previous_hash, hash, {time}, actor_id, actor_label, organisation_id, verb,"
    " target_type, target_id, purpose, request_id, before, after, id"
)
_ID = 14  # the row's place of the database id, named in messages
_string = json.encoder.encode_basestring  # what the canonical encoder does to a str, in C
_encode = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
).encode
_hexdigest = operator.methodcaller("hexdigest")


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
    limit: int | None = None,
) -> Verified:
    """Check every link, then the head and the checkpoint; raise BrokenChain at the first fault.

    With `limit`, only the first `limit` events are checked (a benchmark's sample), not the head."""
    started = time.perf_counter()
    result = Verified()
    canonical = _Canonical()
    for rows in _batches(batch_size if limit is None else max(1, min(batch_size, limit))):
        if limit is not None:
            rows = rows[: limit - result.count]
        _check_batch(rows, result, against, keep_bytes, canonical)
        if progress:
            progress(result.count)
        if limit is not None and result.count >= limit:
            result.seconds = time.perf_counter() - started
            return result
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


class _Canonical:
    """Turns a raw row into chain.canonical_bytes, remembering the canonical spelling of JSON
    values already seen (most events repeat a few shapes) so each is parsed once."""

    def __init__(self) -> None:
        self.cache: dict[str, str] = {}

    def json(self, value: str | None) -> str:
        # Both backends hand JSONField columns over as text (Django loads jsonb as text too);
        # re-encode to the canonical spelling (sorted keys, no spaces).
        if value is None:
            return "null"
        text = self.cache.get(value)
        if text is None:
            text = _encode(json.loads(value))
            if len(self.cache) < _JSON_CACHE_SIZE:
                self.cache[value] = text
        return text

    def row(self, row: tuple[Any, ...]) -> bytes:
        (sequence, previous_hash, _, occurred_at, actor_id, label, organisation_id, verb,
         target_type, target_id, purpose, request_id, before, after) = row[:14]  # fmt: skip
        text = (
            f'["{FORMAT}",{sequence},{_string(previous_hash)},{_string(_time(occurred_at))},'
            f"{'null' if actor_id is None else int(actor_id)},{_string(label)},"
            f"{'null' if organisation_id is None else int(organisation_id)},{_string(verb)},"
            f"{_string(target_type)},{_string(target_id)},{_string(purpose)},"
            f"{_string(request_id)},{self.json(before)},{self.json(after)}]"
        )
        return text.encode()


def _time(value: Any) -> str:
    return value if isinstance(value, str) else canonical_time(value)


def canonical_row(row: tuple[Any, ...]) -> bytes:
    """chain.canonical_bytes of a raw row from _batches; a test holds the two to the same bytes."""
    return _Canonical().row(row)


def _check_batch(
    rows: list[tuple[Any, ...]],
    result: Verified,
    against: Checkpoint | None,
    keep: bool,
    canonical: _Canonical,
) -> None:
    """Check a batch with list-wide comparisons (C loops, not a Python loop per event); only a
    batch that fails is walked event by event to name its first broken link."""
    expected, previous = result.last_sequence + 1, result.last_hash
    datas = list(map(canonical.row, rows))
    columns = zip(*rows, strict=True)
    sequences, previous_hashes, hashes = (
        list(next(columns)),
        list(next(columns)),
        list(next(columns)),
    )
    intact = (
        sequences == list(range(expected, expected + len(rows)))
        and previous_hashes[0] == previous
        and previous_hashes[1:] == hashes[:-1]
        and list(map(_hexdigest, map(hashlib.sha256, datas))) == hashes
    )
    if not intact:
        _find_first_fault(rows, datas, expected, previous, against)
    if against is not None and expected <= against.sequence < expected + len(rows):
        _check_checkpoint_event(rows[against.sequence - expected], against)
    if keep and len(result.hashed) < BENCHMARK_SAMPLE:
        result.hashed.extend(datas[: BENCHMARK_SAMPLE - len(result.hashed)])
    result.count += len(rows)
    result.last_sequence, result.last_hash = sequences[-1], hashes[-1]


def _find_first_fault(
    rows: list[tuple[Any, ...]],
    datas: list[bytes],
    expected: int,
    previous: str,
    against: Checkpoint | None,
) -> None:
    """Walk a failed batch event by event and raise at its first fault."""
    for row, data in zip(rows, datas, strict=True):
        sequence, previous_hash, stored_hash, event_id = row[0], row[1], row[2], row[_ID]
        if sequence != expected:
            raise BrokenChain(
                f"event #{expected} is missing: after #{expected - 1} the chain goes on at "
                f"#{sequence} (id {event_id}), so an event was deleted",
                expected,
            )
        if previous_hash != previous:
            raise BrokenChain(
                f"event #{sequence} (id {event_id}) does not link to event #{sequence - 1}: its "
                "previous hash differs, so events were changed, swapped or inserted here",
                sequence,
            )
        if hashlib.sha256(data).hexdigest() != stored_hash:
            raise BrokenChain(
                f"event #{sequence} (id {event_id}) was changed: its content does not match "
                "its hash",
                sequence,
            )
        if against is not None and sequence == against.sequence:
            _check_checkpoint_event(row, against)
        expected, previous = sequence + 1, stored_hash
    raise BrokenChain("a batch of events failed its check")  # pragma: no cover - unreachable


def _check_checkpoint_event(row: tuple[Any, ...], against: Checkpoint) -> None:
    if row[2] != against.hash:
        raise BrokenChain(
            f"event #{row[0]} (id {row[_ID]}) differs from the checkpoint of "
            f"{against.created_at}: the chain was rewritten up to here",
            row[0],
        )


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


def benchmark(events: int | None = None) -> dict[str, float | int]:
    """Verify the chain (or its first `events` events) and time plain SHA-256, one digest per
    event, over exactly the canonical bytes the verification hashed: the floor. `ratio` is the
    verification's speed divided by the floor's (1.0 would be as fast as hashing alone)."""
    return measure(verify_chain(keep_bytes=True, limit=events))


def measure(result: Verified) -> dict[str, float | int]:
    """The benchmark's numbers for a verification run with keep_bytes=True."""
    sample = result.hashed
    sha256 = hashlib.sha256
    started = time.perf_counter()
    for data in sample:
        sha256(data).hexdigest()
    plain = max(time.perf_counter() - started, 1e-9)
    # The floor is timed over a bounded sample (BENCHMARK_SAMPLE) and scaled to every event.
    sha256_seconds = plain * result.count / len(sample) if sample else 0.0
    seconds = max(result.seconds, 1e-9)
    return {
        "events": result.count,
        "seconds": result.seconds,
        "sha256_seconds": sha256_seconds,
        "ratio": sha256_seconds / seconds if result.count else 0.0,
        "bytes": sum(map(len, sample)),
        "sampled_events": len(sample),
    }
