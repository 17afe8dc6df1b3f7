"""The masked CPR number on the person and case pages and the audited "Show full CPR number"
button (cases:cpr_reveal): the full number never reaches a page before the reveal."""

import time

import pytest
from django.urls import reverse

from forebyg.accounts import sessions
from forebyg.audit.models import AuditEvent
from forebyg.cases.tests.factories import CaseFactory, PersonFactory, municipality

pytestmark = pytest.mark.django_db

FULL, DIGITS, MASKED = "170510-4123", "1705104123", "170510-xxxx"


@pytest.fixture
def case():
    person = PersonFactory.create(name="Jonas Hansen", cpr_number=FULL)
    return CaseFactory.create(person=person)


def _reveal(client, case, **data):
    return client.post(reverse("cases:cpr_reveal", args=[case.person_id]), data)


@pytest.mark.parametrize("page", ["cases:person", "cases:detail"])
def test_the_pages_show_the_cpr_masked_and_never_the_full_number(
    client, municipal_coordinator, case, page
):
    client.force_login(municipal_coordinator)
    pk = case.person_id if page == "cases:person" else case.pk

    html = client.get(reverse(page, args=[pk])).content.decode()

    assert MASKED in html
    assert FULL not in html and DIGITS not in html
    assert reverse("cases:cpr_reveal", args=[case.person_id]) in html


def test_the_reveal_with_a_purpose_shows_the_number_once_and_is_audited(
    client, municipal_coordinator, case
):
    client.force_login(municipal_coordinator)

    response = _reveal(client, case, **{"cpr-purpose": "Kontakt til skolen"})

    assert response.status_code == 200
    assert FULL in response.content.decode()
    event = AuditEvent.objects.get(verb="person.cpr_revealed")
    assert (event.actor, event.target_id) == (municipal_coordinator, str(case.person_id))
    assert event.purpose == "Kontakt til skolen"
    assert FULL not in str(event.before) + str(event.after)
    # The next view of the page is masked again.
    assert FULL not in client.get(reverse("cases:person", args=[case.person_id])).content.decode()


def test_a_reveal_from_the_case_page_shows_the_case_page(client, police_coordinator, case):
    client.force_login(police_coordinator)

    response = _reveal(client, case, **{"cpr-purpose": "Infohus", "cpr-case": str(case.pk)})

    assert response.status_code == 200
    assert response.context["case"] == case
    assert response.context["revealed_cpr"] == FULL


@pytest.mark.parametrize("purpose", ["", "   ", "x" * 301])
def test_a_reveal_without_a_valid_purpose_reveals_nothing_and_logs_nothing(
    client, municipal_coordinator, case, purpose
):
    client.force_login(municipal_coordinator)

    response = _reveal(client, case, **{"cpr-purpose": purpose})

    assert response.status_code == 200
    assert FULL not in response.content.decode()
    assert response.context["cpr_reveal_form"].errors
    assert not AuditEvent.objects.filter(verb="person.cpr_revealed").exists()


def test_each_reveal_is_logged_even_when_submitted_twice(client, municipal_coordinator, case):
    client.force_login(municipal_coordinator)

    _reveal(client, case, **{"cpr-purpose": "Opfølgning"})
    _reveal(client, case, **{"cpr-purpose": "Opfølgning"})

    assert AuditEvent.objects.filter(verb="person.cpr_revealed").count() == 2


@pytest.mark.parametrize(
    "persona", ["other_coordinator", "professional", "partner", "analyst", "dpo", "administrator"]
)
def test_anyone_without_the_person_in_scope_gets_a_404(client, request, persona, case):
    client.force_login(request.getfixturevalue(persona))

    response = _reveal(client, case, **{"cpr-purpose": "Nysgerrig"})

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(verb="person.cpr_revealed").exists()


def test_a_case_of_another_person_cannot_carry_the_reveal(client, municipal_coordinator, case):
    other = CaseFactory.create(person__municipality=municipality())
    client.force_login(municipal_coordinator)

    response = _reveal(client, case, **{"cpr-purpose": "Test", "cpr-case": str(other.pk)})

    assert response.status_code == 404


def test_the_reveal_is_post_only(client, municipal_coordinator, case):
    client.force_login(municipal_coordinator)

    assert client.get(reverse("cases:cpr_reveal", args=[case.person_id])).status_code == 405


def test_a_person_without_a_cpr_number_has_no_reveal_button(client, municipal_coordinator):
    case = CaseFactory.create(person__cpr_number="")
    client.force_login(municipal_coordinator)

    html = client.get(reverse("cases:person", args=[case.person_id])).content.decode()

    assert reverse("cases:cpr_reveal", args=[case.person_id]) not in html
    assert _reveal(client, case, **{"cpr-purpose": "x"}).status_code == 404


def test_a_reveal_needs_a_recent_login(client, municipal_coordinator, case):
    client.force_login(municipal_coordinator)
    session = client.session
    session[sessions.AUTHENTICATED_AT] = time.time() - 6 * 60  # logged in six minutes ago
    session.save()

    response = _reveal(client, case, **{"cpr-purpose": "Tjek af identitet"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:step_up"))
    assert not AuditEvent.objects.filter(verb="person.cpr_revealed").exists()
