"""The bugs the hardening tests found, each pinned by a plain test that fails if it returns
(hypothesis finds them again only by chance, and NUL only breaks PostgreSQL)."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from forebyg.cases.forms.handling import KeyCheckingMultipleChoiceField
from forebyg.core.tests.policy_matrix.world import World
from forebyg.prevention.models import WarningSign
from tests.hardening.helpers import rolled_back
from tests.hardening.service_calls import CALLS

NUL = "Skolen\x00"
DAY = datetime.date(2026, 1, 15)
# A service, and arguments that are valid but for one NUL character.
NUL_CASES: dict[str, dict[str, Any]] = {
    "record_case_view": {"purpose": NUL},
    "create_conference": {"held_on": None, "location": "Rådhuset", "notes": NUL},
    "add_participant": {"name": NUL, "role": ""},
    "add_task": {"title": NUL},
    "create_note": {"date": None, "title": NUL, "text": "Tekst"},
    "record_status": {"date": None, "note": NUL, "source": ""},
    "adopt_version": {"decision_date": None, "reference": NUL},
    "create_token": {"name": NUL, "description": ""},
}
CALL = {call.name.rpartition(".")[2]: call for call in CALLS}


def _call(world: World, name: str, arguments: dict[str, Any]) -> None:
    """Call the service; a None date stands for a valid one (a recent weekday)."""
    filled = {
        key: DAY if value is None and key in {"date", "held_on", "decision_date"} else value
        for key, value in arguments.items()
    }
    with rolled_back():
        CALL[name].call(world, {**CALL[name].prepare(world), **filled})


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(NUL_CASES))
def test_a_service_refuses_a_nul_character_with_a_validation_error(world, name):
    with pytest.raises(ValidationError):
        _call(world, name, NUL_CASES[name])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "arguments"),
    [
        (
            "create_indicator",
            {"name": "Deltagere", "unit": "", "target": Decimal("1e30"), "measured": None},
        ),
        (
            "create_indicator",
            {"name": "Deltagere", "unit": "", "target": None, "measured": Decimal("0.001")},
        ),
        (
            "create_card",
            {
                "title": "Kort",
                "introduction": "",
                "staff_reached": 2**63,
                "label": "Tovholder",
                "phone": "112",
                "when": "Altid",
            },
        ),
    ],
)
def test_a_number_the_column_cannot_hold_is_refused(world, name, arguments):
    with pytest.raises(ValidationError):
        _call(world, name, arguments)


@pytest.mark.django_db
def test_a_choice_key_past_64_bits_is_an_invalid_choice_not_a_crash(db):
    field = KeyCheckingMultipleChoiceField(queryset=WarningSign.objects.all())

    with pytest.raises(ValidationError) as refused:
        field.clean(["9223372036854775808"])

    assert refused.value.code == "invalid_choice"


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["²", "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩٠", "x"])
def test_a_choice_key_that_only_looks_like_digits_is_refused_as_a_choice(db, key):
    field = KeyCheckingMultipleChoiceField(queryset=WarningSign.objects.all())

    with pytest.raises(ValidationError):
        field.clean([key])


@pytest.mark.django_db
def test_the_admin_s_autocomplete_answers_a_value_that_is_no_key_with_the_form(client, world):
    client.force_login(world.users["administrator"])

    response = client.post("/admin/actors/cooperation/add/", {"municipality": "x", "kind": ""})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
