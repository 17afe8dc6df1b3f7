"""The conference pages end to end through the test client: who gets in (persona x route), the
forms without JavaScript, what the agenda shows, and the PDF record."""

import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from forebyg.audit.models import AuditEvent
from forebyg.conferences.models import AgendaItem, AuthorityDecision, Conference, Minutes

pytestmark = pytest.mark.django_db

ALLOWED = ["municipal_coordinator", "police_coordinator"]
OUTSIDERS = [
    "other_coordinator",
    "professional",
    "partner",
    "hotline_operator",
    "plan_owner",
    "analyst",
    "dpo",
    "administrator",
]


def danish(message: str, html: bool = True, **values: str) -> str:
    """A message as the Danish page (or PDF) shows it, whether or not it is translated yet."""
    with translation.override("da"):
        text = str(translation.gettext(message))
    text = text % values if values else text
    return escape(text) if html else text


def _routes(conference: Conference) -> list[tuple[str, str]]:
    item = conference.items.get()
    return [
        ("get", reverse("conferences:detail", args=[conference.pk])),
        ("post", reverse("conferences:participant_add", args=[conference.pk])),
        ("post", reverse("conferences:case_add", args=[conference.pk])),
        ("post", reverse("conferences:minutes", args=[item.pk])),
        ("post", reverse("conferences:decision", args=[item.pk])),
        ("post", reverse("conferences:pdf", args=[conference.pk])),
    ]


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_find_no_conference(client, request, full_conference, persona):
    client.force_login(request.getfixturevalue(persona))

    for method, url in _routes(full_conference):
        assert getattr(client, method)(url).status_code == 404, url
    assert client.get(reverse("conferences:list")).status_code in (200, 404)


@pytest.mark.parametrize("persona", [p for p in OUTSIDERS if p != "other_coordinator"])
def test_non_coordinators_have_no_conference_pages(client, request, db, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("conferences:list")).status_code == 404
    assert client.get(reverse("conferences:new")).status_code == 404


def test_another_municipality_s_coordinator_does_not_see_aarhus_in_the_list(
    client, other_coordinator, full_conference
):
    client.force_login(other_coordinator)

    response = client.get(reverse("conferences:list"))

    assert response.status_code == 200
    assert reverse("conferences:detail", args=[full_conference.pk]) not in response.text


@pytest.mark.parametrize("persona", ALLOWED)
def test_the_coordinators_in_scope_see_the_agenda(client, request, full_conference, persona):
    client.force_login(request.getfixturevalue(persona))
    item = full_conference.items.get()

    listing = client.get(reverse("conferences:list"))
    response = client.get(reverse("conferences:detail", args=[full_conference.pk]))

    assert reverse("conferences:detail", args=[full_conference.pk]) in listing.text
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert item.case.reference in response.text
    assert item.case.person.pseudonym in response.text
    assert item.case.person.name not in response.text
    assert reverse("legal:detail", args=["rpl-115-2"]) in response.text
    assert danish("Not cleared for your organisation") in response.text
    assert danish("Own case") in response.text


def test_the_coordinator_plans_a_conference_without_javascript(
    client, municipal_coordinator, aarhus
):
    client.force_login(municipal_coordinator)

    response = client.post(
        reverse("conferences:new"),
        {"municipality": aarhus.pk, "held_on": "2026-12-10", "location": "Rådhuset"},
    )

    conference = Conference.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("conferences:detail", args=[conference.pk])


def test_a_conference_form_with_errors_keeps_the_input(client, municipal_coordinator, aarhus):
    client.force_login(municipal_coordinator)

    response = client.post(reverse("conferences:new"), {"municipality": aarhus.pk, "location": "X"})

    assert response.status_code == 200
    assert danish("Give the date.") in response.text
    assert not Conference.objects.exists()


def test_adding_a_participant_and_a_case_decides_the_clearances(
    client, municipal_coordinator, conference, east_jutland_police, aarhus_case
):
    client.force_login(municipal_coordinator)

    first = client.post(
        reverse("conferences:participant_add", args=[conference.pk]),
        {"participant-organisation": east_jutland_police.pk, "participant-name": "Peter"},
    )
    second = client.post(
        reverse("conferences:case_add", args=[conference.pk]),
        {"agenda-case": aarhus_case.pk, "agenda-reason": "Nødvendigt for vurderingen."},
    )

    assert first.status_code == second.status_code == 302
    item = AgendaItem.objects.get()
    assert item.clearances.get().allowed


def test_a_case_without_a_reason_is_not_added(
    client, municipal_coordinator, conference, aarhus_case
):
    client.force_login(municipal_coordinator)

    response = client.post(
        reverse("conferences:case_add", args=[conference.pk]), {"agenda-case": aarhus_case.pk}
    )

    assert response.status_code == 200
    assert danish("Say why the case must be discussed with the participants.") in response.text
    assert not AgendaItem.objects.exists()


def test_the_police_may_not_add_cases_or_participants(
    client, police_coordinator, full_conference, east_jutland_police
):
    client.force_login(police_coordinator)

    response = client.post(
        reverse("conferences:participant_add", args=[full_conference.pk]),
        {"participant-organisation": east_jutland_police.pk, "participant-name": "Peter"},
    )

    assert response.status_code == 403


def test_minutes_and_an_authority_s_own_decision_are_recorded(
    client, police_coordinator, full_conference, east_jutland_police
):
    client.force_login(police_coordinator)
    item = full_conference.items.get()

    minutes = client.post(
        reverse("conferences:minutes", args=[item.pk]), {f"minutes-{item.pk}-text": "Referat."}
    )
    decision = client.post(
        reverse("conferences:decision", args=[item.pk]),
        {
            f"decision-{item.pk}-organisation": east_jutland_police.pk,
            f"decision-{item.pk}-decided_by": "Peter Politi",
            f"decision-{item.pk}-text": "Bekymringssamtale.",
        },
    )
    page = client.get(reverse("conferences:detail", args=[full_conference.pk]))

    assert minutes.status_code == decision.status_code == 302
    assert Minutes.objects.get().text == "Referat."
    assert AuthorityDecision.objects.get().organisation == east_jutland_police
    own = danish("%(organisation)s's own decision", organisation=east_jutland_police.name)
    assert own in page.text
    assert "conference's decision" not in page.text


def test_a_decision_of_an_organisation_not_taking_part_is_refused(
    client, municipal_coordinator, full_conference, randers
):
    client.force_login(municipal_coordinator)
    item = full_conference.items.get()

    response = client.post(
        reverse("conferences:decision", args=[item.pk]),
        {
            f"decision-{item.pk}-organisation": randers.pk,
            f"decision-{item.pk}-decided_by": "X",
            f"decision-{item.pk}-text": "Y",
        },
    )

    assert response.status_code == 200
    assert not AuthorityDecision.objects.exists()


def test_the_pdf_needs_a_purpose(client, municipal_coordinator, full_conference):
    client.force_login(municipal_coordinator)

    response = client.post(reverse("conferences:pdf", args=[full_conference.pk]), {})

    assert response.status_code == 200
    assert danish("State the purpose.") in response.text
    assert not AuditEvent.objects.filter(verb="conference.pdf_exported").exists()


def test_the_pdf_is_not_served_on_get(client, municipal_coordinator, full_conference):
    client.force_login(municipal_coordinator)

    assert client.get(reverse("conferences:pdf", args=[full_conference.pk])).status_code == 405


def _pdf_text(data: bytes, tmp_path) -> str:
    if shutil.which("pdftotext"):
        path = tmp_path / "record.pdf"
        path.write_bytes(data)
        result = subprocess.run(  # noqa: S603
            ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
            capture_output=True,
            check=True,
            text=True,
        )
        return result.stdout
    pytest.skip("pdftotext (poppler-utils) is not installed")


def test_the_pdf_lists_each_participant_s_legal_basis(
    client, police_coordinator, full_conference, aarhus, east_jutland_police, tmp_path
):
    item = full_conference.items.get()
    from forebyg.conferences import services

    services.write_minutes(item, by=police_coordinator, text="Referat af drøftelsen.")
    services.record_decision(
        item,
        by=police_coordinator,
        organisation=east_jutland_police,
        decided_by="Peter Politi",
        text="Bekymringssamtale.",
    )
    client.force_login(police_coordinator)

    response = client.post(
        reverse("conferences:pdf", args=[full_conference.pk]), {"purpose": "Journalisering"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = " ".join(_pdf_text(response.content, tmp_path).split())
    assert aarhus.name in text
    assert "Retsplejeloven § 115" in text
    assert text.count("Retsplejeloven § 115") >= 2  # the police and psychiatry
    assert danish("Not cleared", html=False) in text
    assert danish("Own case", html=False) in text
    assert "Journalisering" in text
    assert "politi" in text  # the exporting user's name
    assert "Referat af drøftelsen." in text
    own = danish("%(organisation)s's own decision", False, organisation=east_jutland_police.name)
    assert own in text
    assert item.case.person.name not in text
    event = AuditEvent.objects.get(verb="conference.pdf_exported")
    assert event.purpose == "Journalisering"


def test_the_conference_is_marked_as_held_once(client, police_coordinator, full_conference):
    client.force_login(police_coordinator)
    url = reverse("conferences:held", args=[full_conference.pk])

    first = client.post(url)
    second = client.post(url, follow=True)

    full_conference.refresh_from_db()
    assert first.status_code == 302
    assert full_conference.status == "held"
    assert danish("The conference is marked as held already.") in second.text
    assert AuditEvent.objects.filter(verb="conference.held").count() == 1


def test_outsiders_cannot_mark_a_conference_held(client, other_coordinator, full_conference):
    client.force_login(other_coordinator)

    response = client.post(reverse("conferences:held", args=[full_conference.pk]))

    assert response.status_code == 404


def test_every_look_at_a_conference_is_logged(client, police_coordinator, full_conference):
    client.force_login(police_coordinator)

    client.get(reverse("conferences:detail", args=[full_conference.pk]))

    event = AuditEvent.objects.get(verb="conference.viewed")
    assert event.actor == police_coordinator
    assert event.purpose == "case_handling"


def test_the_pages_need_a_bounded_number_of_queries(
    client, municipal_coordinator, full_conference, django_assert_max_num_queries
):
    client.force_login(municipal_coordinator)

    with django_assert_max_num_queries(20):
        client.get(reverse("conferences:list"))
    with django_assert_max_num_queries(25):  # 15 today, plus one per agenda item
        client.get(reverse("conferences:detail", args=[full_conference.pk]))
