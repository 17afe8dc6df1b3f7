"""One INSERT of many events: the whole statement extends the head, or none of it goes in."""

import datetime

import pytest
from django.db import DatabaseError, transaction

from forebyg.audit.chain import link_hash
from forebyg.audit.models import AuditChainHead, AuditEvent
from forebyg.audit.services import record


def _links(count: int) -> list[AuditEvent]:
    """`count` valid events after the current head, hashed as services.record would."""
    head = AuditChainHead.objects.get(pk=1)
    sequence, previous = head.sequence, head.hash
    at = datetime.datetime.now(datetime.UTC)
    events = []
    for _ in range(count):
        sequence += 1
        fields = (sequence, previous, at, None, "", None, "test.bulk", "", "", "", "", None, None)
        digest = link_hash(*fields)
        events.append(
            AuditEvent(
                sequence=sequence,
                previous_hash=previous,
                hash=digest,
                occurred_at=at,
                verb="test.bulk",
            )
        )
        previous = digest
    return events


def _head() -> tuple[int, str]:
    head = AuditChainHead.objects.get(pk=1)
    return head.sequence, head.hash


def test_one_insert_of_a_thousand_links_moves_the_head_to_the_last(db):
    record(None, "test.recorded")
    events = _links(1000)

    AuditEvent.objects.bulk_create(events, batch_size=1000)  # one statement

    assert AuditEvent.objects.filter(verb="test.bulk").count() == 1000
    assert _head() == (events[-1].sequence, events[-1].hash)


def _wrong_previous_hash(events: list[AuditEvent]) -> None:
    events[500].previous_hash = "f" * 64


def _gap_in_sequence(events: list[AuditEvent]) -> None:
    for event in events[500:]:  # every link after the gap is otherwise valid and unique
        assert event.sequence is not None
        event.sequence += 1


@pytest.mark.parametrize("break_link", [_wrong_previous_hash, _gap_in_sequence])
def test_one_broken_link_in_the_middle_refuses_the_whole_insert(db, break_link):
    record(None, "test.recorded")
    before = _head()
    events = _links(1000)
    break_link(events)

    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.bulk_create(events, batch_size=1000)

    assert not AuditEvent.objects.filter(verb="test.bulk").exists()
    assert _head() == before


def test_a_statement_that_does_not_start_at_the_head_is_refused(db):
    record(None, "test.recorded")
    before = _head()
    events = _links(11)[1:]  # a valid run of links, but one after the head

    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.bulk_create(events, batch_size=1000)

    assert not AuditEvent.objects.filter(verb="test.bulk").exists()
    assert _head() == before
