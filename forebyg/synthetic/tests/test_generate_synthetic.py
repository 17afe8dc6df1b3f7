"""generate_synthetic: every state, a valid audit chain, same seed same data, and refusals."""

import datetime
import random

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from forebyg.audit.models import AuditEvent
from forebyg.audit.verify import verify_chain
from forebyg.cases.models import Case, Person
from forebyg.cases.workflow import Status
from forebyg.core.cpr import parse_cpr
from forebyg.synthetic.catalogue import MARKER_VERB, SYNTHETIC_MARK
from forebyg.synthetic.generator import generate
from forebyg.synthetic.paths import draft_cases, is_valid_path

DAY = datetime.date(2026, 11, 26)


@pytest.fixture
def development(settings):
    """A development configuration: plain HTTP, the keys generated into var/."""
    settings.HTTPS = False
    return settings


def _fingerprint() -> list[tuple[object, ...]]:
    cases = Case.objects.select_related("person").order_by("reference")
    return [
        (c.reference, c.status, c.opened_at, c.person.name, c.person.cpr, c.person.pseudonym)
        for c in cases
    ]


@pytest.mark.django_db
def test_a_small_dataset_has_every_state_and_a_valid_audit_chain(development):
    call_command("generate_synthetic", cases=200, seed=7, day=DAY, verbosity=0)

    assert Case.objects.count() == 200
    assert set(Case.objects.values_list("status", flat=True)) == set(Status.values)
    result = verify_chain()  # raises BrokenChain at the first bad link
    assert result.count == AuditEvent.objects.count() > 200
    marker = AuditEvent.objects.get(verb=MARKER_VERB)
    assert marker.after == {"cases": 200, "seed": 7, "day": "2026-11-26"}
    for person in Person.objects.all():  # read back through the encrypted fields
        assert person.name.endswith(SYNTHETIC_MARK)
        if person.cpr:
            assert parse_cpr(person.cpr, today=DAY).birth_date == person.birth_date


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data(development):
    fingerprints = []
    for _ in range(2):
        with transaction.atomic():
            generate(cases=60, seed=3, day=DAY, progress=lambda line: None, with_plans=False)
            fingerprints.append(_fingerprint())
            transaction.set_rollback(True)

    assert len(fingerprints[0]) == 60
    assert fingerprints[0] == fingerprints[1]


@pytest.mark.django_db
def test_another_seed_gives_other_data(development):
    with transaction.atomic():
        generate(cases=30, seed=1, day=DAY, progress=lambda line: None, with_plans=False)
        first = _fingerprint()
        transaction.set_rollback(True)
    generate(cases=30, seed=2, day=DAY, progress=lambda line: None, with_plans=False)

    assert _fingerprint() != first


@pytest.mark.django_db
def test_https_is_a_production_configuration_and_refused(settings):
    settings.HTTPS = True

    with pytest.raises(CommandError, match="production configuration"):
        call_command("generate_synthetic", cases=10, seed=1, verbosity=0)
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_real_encryption_keys_are_refused(development):
    development.FIELD_ENCRYPTION_KEYS = ["k1:" + "x" * 40]

    with pytest.raises(CommandError, match="FIELD_ENCRYPTION_KEYS"):
        call_command("generate_synthetic", cases=10, seed=1, verbosity=0)
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_a_database_with_other_cases_is_refused_and_the_same_data_is_kept(development, capsys):
    generate(cases=20, seed=1, day=DAY, progress=lambda line: None, with_plans=False)

    call_command("generate_synthetic", cases=20, seed=1, day=DAY)
    assert "already here" in capsys.readouterr().out
    with pytest.raises(CommandError, match="already holds cases"):
        call_command("generate_synthetic", cases=30, seed=1, day=DAY, verbosity=0)
    assert Case.objects.count() == 20


def test_drafts_follow_the_workflow_table_and_the_clock():
    now_us = 1_800_000_000 * 1_000_000
    drafts = draft_cases(500, [1, 2, 3], now_us, random.Random(5))

    assert all(is_valid_path(draft.path) for draft in drafts)
    assert all(list(d.steps_us) == sorted(d.steps_us) and d.steps_us[-1] < now_us for d in drafts)
    assert [d.opened_us for d in drafts] == sorted(d.opened_us for d in drafts)
    assert {draft.path[-1] for draft in drafts} == set(Status.values)
