"""Every event is a link: numbered, carrying the previous event's hash, hashed canonically."""

import datetime
import hashlib

import pytest
from django.db import DatabaseError, connection, transaction

from forebyg.audit.chain import GENESIS_HASH, canonical_bytes, link_hash
from forebyg.audit.models import AuditChainHead, AuditEvent
from forebyg.audit.services import record
from forebyg.audit.tests.helpers import execute
from forebyg.audit.verify import _batches, canonical_row


def _head() -> tuple[int, str]:
    head = AuditChainHead.objects.get(pk=1)
    return head.sequence, head.hash


def test_each_event_links_to_the_one_before(db):
    start, start_hash = _head()

    first = record(None, "test.recorded", purpose="one")
    second = record(None, "test.recorded", purpose="two")

    assert (first.sequence, first.previous_hash) == (start + 1, start_hash)
    assert (second.sequence, second.previous_hash) == (start + 2, first.hash)
    assert _head() == (second.sequence, second.hash)


def test_the_hash_is_sha256_over_the_documented_canonical_form(municipal_coordinator, aarhus):
    event = record(
        municipal_coordinator, "test.recorded", organisation=aarhus, purpose="p", after={"b": 1}
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    expected = (
        f'["forebyg-audit/1",{event.sequence},"{event.previous_hash}",'
        f'"{stored.occurred_at.astimezone(datetime.UTC):%Y-%m-%dT%H:%M:%S.%fZ}",'
        f'{municipal_coordinator.pk},"tovholder",{aarhus.pk},"test.recorded","","","p","",'
        'null,{"b":1}]'
    ).encode()

    assert stored.hash == hashlib.sha256(expected).hexdigest()


def test_the_first_events_previous_hash_is_64_zeros():
    assert GENESIS_HASH == "0" * 64


ODD_VALUES = [
    {"z": [1, 2.5, None, True], "a": {"ø": 'line\nbreak "quoted" \\ \u2028 \t'}},
    ["x", {"2": 1, "10": 2}],
    "just a string",
    0,
    None,
]


@pytest.mark.parametrize("value", ODD_VALUES)
def test_the_verifiers_fast_canonical_form_equals_the_reference_one(db, value):
    event = record(None, 'test.odd\u00e6\n"', purpose="ø \x01 <>&", before=value, after={"k": 1})
    assert event.sequence is not None
    rows = [row for batch in _batches(1000) for row in batch if row[0] == event.sequence]

    assert canonical_row(rows[0]) == canonical_bytes(
        event.sequence, event.previous_hash, event.occurred_at, None, "", None, event.verb,
        "", "", event.purpose, "", value, {"k": 1},
    )  # fmt: skip
    assert hashlib.sha256(canonical_row(rows[0])).hexdigest() == event.hash


def test_tuples_and_number_keys_are_hashed_as_they_come_back_from_the_database(db):
    event = record(None, "test.recorded", after={"ids": (1, 2), 3: "three"})  # type: ignore[dict-item]

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.after == {"ids": [1, 2], "3": "three"}
    assert link_hash(
        stored.sequence, stored.previous_hash, stored.occurred_at, None, "", None,
        stored.verb, "", "", "", "", None, stored.after,
    ) == stored.hash  # fmt: skip


def test_the_database_refuses_an_event_that_does_not_extend_the_head(db):
    """A writer that skipped the lock, or a row slipped in by hand, cannot fork the chain."""
    event = record(None, "test.recorded")
    assert event.sequence is not None
    fork = AuditEvent(
        sequence=event.sequence,  # the same place as an existing link
        previous_hash=event.previous_hash,
        hash="f" * 64,
        verb="test.forked",
    )

    with pytest.raises(DatabaseError), transaction.atomic():
        fork.save(force_insert=True)

    stale = AuditEvent(
        sequence=event.sequence + 1, previous_hash=GENESIS_HASH, hash="f" * 64, verb="test.forked"
    )
    with pytest.raises(DatabaseError), transaction.atomic():
        stale.save(force_insert=True)

    assert not AuditEvent.objects.filter(verb="test.forked").exists()
    assert _head() == (event.sequence, event.hash)


def test_an_event_without_a_sequence_number_is_refused(db):
    with pytest.raises(DatabaseError), transaction.atomic():
        execute(
            "INSERT INTO audit_auditevent (occurred_at, actor_label, verb, target_type, target_id,"
            " purpose, request_id, previous_hash, hash) VALUES (%s, '', 'test.raw', '', '', '',"
            " '', '', '')",
            [datetime.datetime.now(datetime.UTC)],
        )


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has one writer at a time by design"
)
def test_a_second_writer_waits_for_the_head_lock_on_postgresql(db):
    """While one transaction appends, another cannot take the head: appends are serialised."""
    import psycopg

    record(None, "test.recorded")  # this test's transaction now holds the head row's lock
    settings = connection.settings_dict
    with (
        psycopg.connect(
            dbname=settings["NAME"],
            user=settings["USER"],
            host=settings["HOST"],
            port=settings["PORT"] or 5432,
            password=settings["PASSWORD"] or None,
        ) as other,
        pytest.raises(psycopg.errors.LockNotAvailable),
    ):
        other.execute("SELECT sequence FROM audit_auditchainhead WHERE id = 1 FOR UPDATE NOWAIT")
