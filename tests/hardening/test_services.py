"""Every service that takes what a user typed, called with hostile text, edge dates and absurd
numbers (issue 8, point 10): it returns or refuses with a ValidationError, never another
exception, and a refusal saves nothing (no row of what it writes, no audit event)."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forebyg.audit.models import AuditEvent
from tests.hardening.helpers import rolled_back
from tests.hardening.service_calls import CALLS, ServiceCall
from tests.hardening.service_scan import EXCUSED, services_taking_input

EXAMPLES = 20


def _counts(service: ServiceCall) -> dict[str, int]:
    models: tuple[type[Model], ...] = service.models
    if not service.audits_refusals:
        models = (AuditEvent, *models)
    return {m.__name__: m._default_manager.count() for m in models}


@pytest.mark.django_db
@pytest.mark.parametrize("service", CALLS, ids=[c.name.rpartition(".")[2] for c in CALLS])
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_service_refuses_hostile_input_cleanly_or_accepts_it(world, service: ServiceCall, data):
    values = data.draw(st.fixed_dictionaries(service.arguments))
    with rolled_back():
        arguments = {**service.prepare(world), **values}
        before = _counts(service)
        try:
            service.call(world, arguments)
        except ValidationError as error:
            assert error.messages, "a refusal must say why"
            assert _counts(service) == before, "a refused call saved something"


def test_every_service_taking_text_is_called_or_excused():
    called = {call.name for call in CALLS}
    missing = sorted(services_taking_input() - called - set(EXCUSED))

    assert missing == [], "add to tests/hardening/service_calls.py (or excuse in service_scan)"


def test_every_excused_service_still_exists():
    assert sorted(set(EXCUSED) - services_taking_input()) == []
