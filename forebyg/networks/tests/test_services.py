"""Writing a network note: members only, no CPR numbers, nothing stored on bad input, and an
audit event without the text."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from forebyg.audit.models import AuditEvent
from forebyg.networks import permissions
from forebyg.networks.models import NetworkNote
from forebyg.networks.tests.conftest import write_note

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "persona",
    ["police_coordinator", "municipal_coordinator", "other_coordinator", "infohouse_police"],
)
def test_members_of_the_district_s_network_write_notes(request, east_jutland_police, persona):
    user = request.getfixturevalue(persona)

    note = write_note(user, east_jutland_police, title="  Trends  ")

    assert (note.written_by, note.title) == (user, "Trends")
    event = AuditEvent.objects.get(verb="network_note.created")
    assert (event.actor, event.organisation, event.target_id) == (
        user,
        east_jutland_police,
        str(note.pk),
    )
    assert "Tendenser" not in str(event.after)  # the audit log holds no text


@pytest.mark.parametrize(
    "persona", ["analyst", "odense_coordinator", "professional", "partner", "administrator"]
)
def test_nobody_else_writes_in_the_network(request, east_jutland_police, persona):
    with pytest.raises(PermissionDenied):
        write_note(request.getfixturevalue(persona), east_jutland_police)

    assert not NetworkNote.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_member_of_one_network_cannot_write_in_another(municipal_coordinator, funen_police):
    with pytest.raises(PermissionDenied):
        write_note(municipal_coordinator, funen_police)


@pytest.mark.parametrize(
    ("values", "field", "code"),
    [
        ({"title": "Om 010190-1234"}, "title", "cpr"),
        ({"text": "Borgeren 01.01.90 1234 er flyttet"}, "text", "cpr"),
        ({"title": " "}, "title", "required"),
        ({"text": ""}, "text", "required"),
        ({"title": "x" * 201}, "title", "max_length"),
        ({"text": "x" * 10001}, "text", "max_length"),
        ({"kind": "gossip"}, "kind", None),
        ({"date": "tomorrow"}, "date", None),
    ],
)
def test_a_bad_note_is_refused_and_nothing_is_stored(
    police_coordinator, east_jutland_police, values, field, code
):
    if values.get("date") == "tomorrow":
        values = {"date": timezone.localdate() + datetime.timedelta(days=1)}

    with pytest.raises(ValidationError) as error:
        write_note(police_coordinator, east_jutland_police, **values)

    assert field in error.value.error_dict
    if code:
        assert [e.code for e in error.value.error_dict[field]] == [code]
    assert not NetworkNote.objects.exists()
    assert not AuditEvent.objects.exists()


def test_cpr_numbers_in_both_title_and_text_are_both_reported(
    police_coordinator, east_jutland_police
):
    with pytest.raises(ValidationError) as error:
        write_note(
            police_coordinator, east_jutland_police, title="0101901234", text="og 020290-2345"
        )

    assert set(error.value.error_dict) == {"title", "text"}
    assert "010190-xxxx" in error.value.error_dict["title"][0].messages[0]


def test_a_phone_number_is_not_taken_for_a_cpr_number(police_coordinator, east_jutland_police):
    note = write_note(police_coordinator, east_jutland_police, text="Ring på 87 65 43 21.")

    assert note.pk


def test_the_same_note_twice_is_stored_once(police_coordinator, east_jutland_police):
    write_note(police_coordinator, east_jutland_police)

    with pytest.raises(ValidationError):
        write_note(police_coordinator, east_jutland_police)

    assert NetworkNote.objects.count() == 1


def test_analysts_read_every_network_and_members_their_own(
    analyst, municipal_coordinator, infohouse_police, professional, east_jutland_police
):
    assert permissions.readable_networks(analyst).count() == 12
    assert list(permissions.readable_networks(municipal_coordinator)) == [east_jutland_police]
    assert list(permissions.readable_networks(infohouse_police)) == [east_jutland_police]
    assert not permissions.readable_networks(professional).exists()
    assert not permissions.writable_networks(analyst).exists()
