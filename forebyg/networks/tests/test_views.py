"""The network pages end to end: who gets in (members write, analysts read, others 404), the
notes newest first and paginated, and a refused note that keeps everything the writer typed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from forebyg.audit.models import AuditEvent
from forebyg.networks.models import NetworkNote
from forebyg.networks.tests.conftest import write_note

pytestmark = pytest.mark.django_db

MEMBERS = ["police_coordinator", "municipal_coordinator", "other_coordinator"]
OUTSIDERS = ["professional", "partner", "hotline_operator", "plan_owner", "dpo", "administrator"]


def danish(message: str, **values: object) -> str:
    """A message as the Danish page shows it, whether or not it is translated yet."""
    with translation.override("da"):
        text = str(translation.gettext(message))
    return escape(text % values if values else text)


def _form(district, **values):
    return {
        "police_district": district.pk,
        "kind": "trend",
        "date": "2026-02-01",
        "title": "Tendens",
        "text": "Flere unge deler propaganda.",
        **values,
    }


@pytest.mark.parametrize("persona", MEMBERS)
def test_members_read_their_network_and_write_notes(request, client, note, persona):
    client.force_login(request.getfixturevalue(persona))

    listing = client.get(reverse("networks:list"))
    detail = client.get(reverse("networks:note", args=[note.pk]))

    assert listing.status_code == detail.status_code == 200
    assert reverse("networks:note", args=[note.pk]) in listing.text
    assert reverse("networks:note_new") in listing.text
    assert note.text in detail.text
    assert client.get(reverse("networks:note_new")).status_code == 200


def test_an_analyst_reads_every_network_but_writes_none(client, analyst, note, east_jutland_police):
    client.force_login(analyst)

    listing = client.get(reverse("networks:list"))

    assert listing.status_code == 200
    assert reverse("networks:note", args=[note.pk]) in listing.text
    assert reverse("networks:note_new") not in listing.text
    assert client.get(reverse("networks:note", args=[note.pk])).status_code == 200
    assert client.get(reverse("networks:note_new")).status_code == 403
    assert client.post(reverse("networks:note_new"), _form(east_jutland_police)).status_code == 403
    assert NetworkNote.objects.count() == 1


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_everyone_else_finds_no_network(request, client, note, east_jutland_police, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("networks:list")).status_code == 404
    assert client.get(reverse("networks:note", args=[note.pk])).status_code == 404
    assert client.get(reverse("networks:note_new")).status_code == 404
    assert client.post(reverse("networks:note_new"), _form(east_jutland_police)).status_code == 404
    assert NetworkNote.objects.count() == 1


def test_a_member_of_another_network_finds_neither_its_notes_nor_a_way_to_write_there(
    client, odense_coordinator, note, east_jutland_police
):
    client.force_login(odense_coordinator)

    listing = client.get(reverse("networks:list"))
    refused = client.post(reverse("networks:note_new"), _form(east_jutland_police))

    assert reverse("networks:note", args=[note.pk]) not in listing.text
    assert client.get(reverse("networks:note", args=[note.pk])).status_code == 404
    assert refused.status_code == 200  # the district is not among the form's choices
    assert NetworkNote.objects.count() == 1


def test_anonymous_visitors_are_sent_to_login(client, note):
    for url in (reverse("networks:list"), reverse("networks:note", args=[note.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_a_member_writes_a_note(client, municipal_coordinator, east_jutland_police):
    client.force_login(municipal_coordinator)

    response = client.post(reverse("networks:note_new"), _form(east_jutland_police))

    note = NetworkNote.objects.get()
    assert response["Location"] == reverse("networks:note", args=[note.pk])
    assert (note.police_district, note.kind, note.written_by) == (
        east_jutland_police,
        "trend",
        municipal_coordinator,
    )
    assert AuditEvent.objects.filter(verb="network_note.created").count() == 1


def test_a_note_with_a_cpr_number_is_refused_and_the_typed_text_shown_back(
    client, police_coordinator, east_jutland_police
):
    client.force_login(police_coordinator)
    text = "Vi drøftede 010190-1234 og en længere tekst, der ikke må gå tabt."

    response = client.post(reverse("networks:note_new"), _form(east_jutland_police, text=text))

    assert response.status_code == 200
    assert text in response.text
    assert 'value="Tendens"' in response.text
    message = (
        "This looks like a CPR number (%(cpr)s). The network's notes hold no personal "
        "data: remove it, and write about trends and the meeting, not about a person."
    )
    assert danish(message, cpr="010190-xxxx") in response.text
    assert not NetworkNote.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"title": ""}, "Give the note a title."),
        ({"text": ""}, "Write the note."),
        ({"kind": ""}, "Choose a meeting note or a trend note."),
        ({"date": "2026-13-01"}, "Give a real date, e.g. 2026-03-01."),
        ({"date": "2999-01-01"}, "The date cannot be in the future."),
    ],
)
def test_bad_input_is_explained_and_nothing_is_stored(
    client, police_coordinator, east_jutland_police, values, message
):
    client.force_login(police_coordinator)

    response = client.post(reverse("networks:note_new"), _form(east_jutland_police, **values))

    assert response.status_code == 200
    assert danish(message) in response.text
    assert not NetworkNote.objects.exists()


def test_a_double_submitted_note_is_stored_once(client, police_coordinator, east_jutland_police):
    client.force_login(police_coordinator)

    first = client.post(reverse("networks:note_new"), _form(east_jutland_police))
    second = client.post(reverse("networks:note_new"), _form(east_jutland_police))

    assert (first.status_code, second.status_code) == (302, 200)
    assert danish("This note is saved already.") in second.text
    assert NetworkNote.objects.count() == 1


def test_the_notes_are_listed_newest_first_a_page_at_a_time(
    client, django_assert_max_num_queries, police_coordinator, east_jutland_police
):
    for day in range(1, 26):
        write_note(
            police_coordinator,
            east_jutland_police,
            date=datetime.date(2026, 1, day),
            title=f"N{day}",
        )
    client.force_login(police_coordinator)

    with django_assert_max_num_queries(12):
        first = client.get(reverse("networks:list"))
    second = client.get(reverse("networks:list"), {"page": 2})

    assert first.text.index(">N25<") < first.text.index(">N24<")
    assert ">N6<" in first.text and ">N5<" not in first.text
    assert ">N5<" in second.text and ">N1<" in second.text


def test_htmx_gets_only_the_results(client, police_coordinator, note):
    client.force_login(police_coordinator)

    response = client.get(reverse("networks:list"), headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert 'id="note-results"' in response.text
    assert "<html" not in response.text


def test_an_analyst_filters_the_notes_by_network(
    client, analyst, note, funen_police, odense_coordinator
):
    other = write_note(odense_coordinator, funen_police, title="Fynsk tendens")
    client.force_login(analyst)

    response = client.get(reverse("networks:list"), {"network": funen_police.pk})

    assert reverse("networks:note", args=[other.pk]) in response.text
    assert reverse("networks:note", args=[note.pk]) not in response.text
