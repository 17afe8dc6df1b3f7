"""verify_audit passes an untouched chain and names the first broken link after each tampering."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from forebyg.audit.chain import link_hash
from forebyg.audit.models import AuditEvent
from forebyg.audit.services import record
from forebyg.audit.tests.helpers import execute, triggers_off
from forebyg.audit.verify import benchmark
from forebyg.cases.models import Case
from forebyg.cases.tests.factories import CaseFactory, PersonFactory

KEY = "test-checkpoint-key-of-some-length-0123456789"


@pytest.fixture(autouse=True)
def _checkpoint_key(settings):
    settings.AUDIT_CHECKPOINT_KEY = KEY


@pytest.fixture
def chain(db) -> list[AuditEvent]:
    """Five events after whatever the chain already holds."""
    return [record(None, "test.recorded", purpose=f"event {n}", after={"n": n}) for n in range(5)]


def verify(*args: str) -> str:
    out = StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue()


def broken(*args: str) -> str:
    with pytest.raises(CommandError) as refused:
        verify(*args)
    return str(refused.value)


def _rehash(event: AuditEvent, **changes) -> str:
    """The hash an intruder who knows the canonical form would give the changed event."""
    values = {field: getattr(event, field) for field in ("purpose", "previous_hash", "sequence")}
    values.update(changes)
    return link_hash(
        values["sequence"], values["previous_hash"], event.occurred_at, None, "", None,
        event.verb, "", "", values["purpose"], "", None, event.after,
    )  # fmt: skip


def test_an_untouched_chain_passes_and_says_how_many_events_it_verified(chain):
    out = verify()

    total = AuditEvent.objects.count()
    assert f"{total} events verified" in out
    assert f"head #{chain[-1].sequence} {chain[-1].hash}" in out


def test_an_edited_event_is_named(chain):
    with triggers_off():
        execute("UPDATE audit_auditevent SET purpose = 'hidden' WHERE id = %s", [chain[2].pk])

    assert f"event #{chain[2].sequence} (id {chain[2].pk}) was changed" in broken()


def test_an_edited_event_with_a_recomputed_hash_breaks_the_next_link(chain):
    with triggers_off():
        execute(
            "UPDATE audit_auditevent SET purpose = %s, hash = %s WHERE id = %s",
            ["nothing to see", _rehash(chain[2], purpose="nothing to see"), chain[2].pk],
        )

    assert f"event #{chain[3].sequence} (id {chain[3].pk}) does not link" in broken()


def test_a_deleted_event_is_named(chain):
    with triggers_off():
        execute("DELETE FROM audit_auditevent WHERE id = %s", [chain[1].pk])

    assert f"event #{chain[1].sequence} is missing" in broken()


def test_two_swapped_events_are_noticed(chain):
    """Swapping the places of two events (their sequence numbers) breaks the links."""
    first, second = chain[1], chain[2]
    with triggers_off():
        execute("UPDATE audit_auditevent SET sequence = -1 WHERE id = %s", [first.pk])
        execute(
            "UPDATE audit_auditevent SET sequence = %s WHERE id = %s", [first.sequence, second.pk]
        )
        execute(
            "UPDATE audit_auditevent SET sequence = %s WHERE id = %s", [second.sequence, first.pk]
        )

    assert f"event #{first.sequence} (id {second.pk})" in broken()


def test_an_inserted_event_is_noticed_even_with_a_correct_hash(chain):
    """A forged event slipped in after #2 with the later ones renumbered."""
    place = chain[2]
    with triggers_off():
        execute(
            "UPDATE audit_auditevent SET sequence = sequence + 1000000 WHERE sequence > %s",
            [place.sequence],
        )
        execute(
            "UPDATE audit_auditevent SET sequence = sequence - 1000000 + 1 WHERE sequence > %s",
            [1000000],
        )
        forged = AuditEvent(
            sequence=place.sequence + 1,
            previous_hash=place.hash,
            occurred_at=place.occurred_at,
            verb="test.forged",
            purpose="alibi",
        )
        forged.hash = _rehash(forged, purpose="alibi")
        forged.save(force_insert=True)

    assert f"event #{place.sequence + 2} (id {chain[3].pk}) does not link" in broken()


def test_an_event_inserted_outside_the_chain_is_noticed(chain):
    with triggers_off():
        AuditEvent.objects.create(verb="test.forged")

    assert "without a sequence number" in broken()


def test_a_cut_off_tail_is_noticed_through_the_chain_head(chain):
    with triggers_off():
        execute("DELETE FROM audit_auditevent WHERE sequence >= %s", [chain[3].sequence])

    message = broken()
    assert f"the chain ends at #{chain[2].sequence}" in message
    assert "2 event(s) were cut off" in message


def test_a_cut_off_tail_with_the_head_moved_back_is_caught_by_a_checkpoint(chain, tmp_path):
    checkpoint = tmp_path / "checkpoint.json"
    verify("--checkpoint", str(checkpoint))
    with triggers_off():
        execute("DELETE FROM audit_auditevent WHERE sequence >= %s", [chain[3].sequence])
        execute(
            "UPDATE audit_auditchainhead SET sequence = %s, hash = %s WHERE id = 1",
            [chain[2].sequence, chain[2].hash],
        )

    assert "events verified" in verify()  # the remaining chain is whole in itself
    assert f"covers #{chain[-1].sequence} events but the chain ends at #{chain[2].sequence}" in (
        broken("--against", str(checkpoint))
    )


def test_a_chain_rewritten_with_every_hash_recomputed_disagrees_with_a_checkpoint(chain, tmp_path):
    checkpoint = tmp_path / "checkpoint.json"
    verify("--checkpoint", str(checkpoint))
    _rewrite_from(chain, 1, purpose="rewritten")

    assert "events verified" in verify()
    assert f"event #{chain[-1].sequence} (id {chain[-1].pk}) differs from the checkpoint" in (
        broken("--against", str(checkpoint))
    )


def _rewrite_from(chain: list[AuditEvent], start: int, *, purpose: str) -> None:
    previous = chain[start - 1].hash
    with triggers_off():
        for event in chain[start:]:
            new = _rehash(event, purpose=purpose, previous_hash=previous)
            execute(
                "UPDATE audit_auditevent SET purpose = %s, previous_hash = %s, hash = %s"
                " WHERE id = %s",
                [purpose, previous, new, event.pk],
            )
            previous = new
        execute("UPDATE audit_auditchainhead SET hash = %s WHERE id = 1", [previous])


def test_a_later_chain_agrees_with_an_earlier_checkpoint(chain, tmp_path):
    checkpoint = tmp_path / "checkpoint.json"
    verify("--checkpoint", str(checkpoint))
    record(None, "test.recorded_later")

    out = verify("--against", str(checkpoint))

    assert "Agrees with the checkpoint" in out
    assert f"(#{chain[-1].sequence})" in out


def test_a_checkpoint_holds_the_head_the_count_the_time_and_a_signature(chain, tmp_path):
    checkpoint = tmp_path / "checkpoint.json"
    verify("--checkpoint", str(checkpoint))

    data = json.loads(checkpoint.read_text())
    assert data["sequence"] == chain[-1].sequence
    assert data["hash"] == chain[-1].hash
    assert data["count"] == AuditEvent.objects.count()
    assert data["created_at"]
    assert len(data["signature"]) == 64


def test_a_changed_or_foreign_checkpoint_is_refused(chain, tmp_path, settings):
    checkpoint = tmp_path / "checkpoint.json"
    verify("--checkpoint", str(checkpoint))
    data = json.loads(checkpoint.read_text())
    checkpoint.write_text(json.dumps({**data, "sequence": 1}))

    assert "wrong signature" in broken("--against", str(checkpoint))

    checkpoint.write_text(json.dumps(data))
    settings.AUDIT_CHECKPOINT_KEY = "another-key-another-key-another-key"
    assert "wrong signature" in broken("--against", str(checkpoint))

    checkpoint.write_text("not json")
    assert "cannot be read" in broken("--against", str(checkpoint))


def test_the_chain_stays_verifiable_after_a_case_is_purged(chain, aarhus):
    """Retention deletes personal data, never audit rows: events about it still verify."""
    case = CaseFactory.create(person=PersonFactory.create(municipality=aarhus))
    record(None, "case.viewed", case, organisation=aarhus, purpose="follow-up")
    person = case.person
    Case.objects.filter(pk=case.pk).delete()
    person.delete()

    assert "events verified" in verify()


def test_small_batches_verify_the_same_chain(chain):
    assert f"{AuditEvent.objects.count()} events verified" in verify("--batch-size", "2")


def test_the_benchmark_prints_the_ratio_to_plain_sha256(chain):
    out = verify("--benchmark")

    assert "events/s" in out
    assert "ratio" in out


def test_benchmark_returns_the_speed_ratio_to_plain_sha256(chain):
    numbers = benchmark()

    assert numbers["events"] == AuditEvent.objects.count()
    assert numbers["seconds"] > 0
    assert numbers["sha256_seconds"] > 0
    assert numbers["ratio"] == pytest.approx(numbers["sha256_seconds"] / numbers["seconds"])


def test_benchmark_can_measure_the_first_events_only(chain):
    assert benchmark(2)["events"] == 2
