"""Every form of the project, fed hostile input (issue 8, point 10): unicode of every kind,
NUL and control characters, overlong text, impossible and edge dates, absurd numbers, unknown
choices. A form answers with validation errors or a clean result, never an exception, and a form
never writes to the database (saving is the services' job)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hardening.form_classes import form_classes
from tests.hardening.form_registry import BUILDERS, build, dotted
from tests.hardening.form_values import draw_form_data
from tests.hardening.helpers import no_writes, query_dict, rolled_back

EXAMPLES = 15


def test_every_form_has_a_builder():
    missing = sorted({dotted(c) for c in form_classes()} - {k.partition("+")[0] for k in BUILDERS})

    assert missing == [], "add a builder for these forms to tests/hardening/form_registry.py"


def test_every_builder_names_an_existing_form():
    names = {dotted(c) for c in form_classes()}

    assert sorted({k.partition("+")[0] for k in BUILDERS} - names) == []


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(BUILDERS))
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_form_answers_hostile_input_with_errors_or_a_clean_result(world, key, data):
    with rolled_back(), no_writes():
        form = build(key, world, None)  # unbound: to learn its fields (some are added in init)
        submitted = query_dict(data.draw(st.composite(lambda draw: draw_form_data(draw, form))()))
        bound = build(key, world, submitted)

        valid = bound.is_valid()

        assert valid or bound.errors, "an invalid form must say why"
        if valid:
            assert isinstance(bound.cleaned_data, dict)
