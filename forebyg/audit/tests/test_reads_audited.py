"""Every page that shows personal data writes an audit event, and shows nothing when it cannot.

Issue 8, point 3: lists, search results shown again, the status panel after a refused change,
the DPO's disclosure ledger, a reporter's own receipt, list and status, and the API's case list
and concern status. Each is checked for its verb, target and purpose, and for failing closed: with
the audit store refusing inserts the request fails (500) and carries none of the data."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from forebyg.api.tests.conftest import bearer, issue
from forebyg.api.tests.test_concerns import concern_body, post
from forebyg.audit.models import AuditEvent
from forebyg.audit.tests.helpers import refuse_audit_inserts
from forebyg.cases.models import Case
from forebyg.cases.tests.factories import CaseFactory, PersonFactory
from forebyg.cases.tests.test_views_intake import reported
from forebyg.cases.workflow import Status
from forebyg.exchange.tests.factories import DisclosureRecordFactory

HTMX = {"HX-Request": "true"}
NAME = "Ubrudt Kædesen"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()  # person searches and API calls count in the cache


@pytest.fixture
def failing_client(db) -> Client:
    """A client that answers with the error page, as a browser sees it, instead of raising."""
    return Client(raise_request_exception=False)


@pytest.fixture
def case(aarhus) -> Case:
    person = PersonFactory.create(municipality=aarhus, name=NAME)
    return CaseFactory.create(person=person, status=Status.RECEIVED)


def last_event() -> AuditEvent:
    return AuditEvent.objects.order_by("-sequence")[0]


# -- The coordinator's dashboard ------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_the_case_list_is_logged_with_its_filters_and_cases(
    client, municipal_coordinator, case, headers
):
    client.force_login(municipal_coordinator)

    response = client.get(reverse("cases:dashboard"), {"status": "received"}, headers=headers)

    assert case.reference in response.text
    event = last_event()
    assert (event.verb, event.target_type, event.purpose) == ("case.listed", "", "case_handling")
    assert event.actor == municipal_coordinator
    assert event.after == {"filters": {"status": "received"}, "cases": [case.pk]}


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_a_case_list_that_cannot_be_logged_shows_no_cases(
    failing_client, municipal_coordinator, case, headers
):
    failing_client.force_login(municipal_coordinator)
    refuse_audit_inserts()

    response = failing_client.get(reverse("cases:dashboard"), headers=headers)

    assert response.status_code == 500
    assert case.reference not in response.text


# -- Person search results shown again ------------------------------------------------------------


def _search(client, user) -> None:
    client.force_login(user)
    found = client.post(
        reverse("cases:person_search"), {"name": NAME, "purpose": "screening of a concern"}
    )
    assert found.status_code == 302


def test_search_results_shown_again_are_logged_with_the_searchs_purpose(
    client, municipal_coordinator, case
):
    _search(client, municipal_coordinator)

    response = client.get(reverse("cases:person_search"))

    assert NAME in response.text
    event = last_event()
    assert (event.verb, event.purpose) == ("person.search_results_viewed", "screening of a concern")
    assert event.after == {"found": [case.person_id]}


def test_search_results_that_cannot_be_logged_are_not_shown(
    failing_client, municipal_coordinator, case
):
    _search(failing_client, municipal_coordinator)
    refuse_audit_inserts()

    response = failing_client.get(reverse("cases:person_search"))

    assert response.status_code == 500
    assert NAME not in response.text


# -- The status panel after a refused change -------------------------------------------------------


def _refused_move(client, case):
    return client.post(
        reverse("cases:status", args=[case.pk]),
        {"to": Status.FOLLOW_UP, "version": case.version},  # not allowed from "received"
        headers=HTMX,
    )


def test_the_status_panel_shown_after_a_refused_change_is_a_logged_case_view(
    client, municipal_coordinator, case
):
    client.force_login(municipal_coordinator)

    response = _refused_move(client, case)

    assert response.status_code == 200 and 'role="alert"' in response.text
    event = last_event()
    assert (event.verb, event.target_type, event.target_id) == (
        "case.viewed",
        "cases.case",
        str(case.pk),
    )
    assert event.purpose == "case_handling"


def test_a_status_panel_that_cannot_be_logged_is_not_shown(
    failing_client, municipal_coordinator, case
):
    failing_client.force_login(municipal_coordinator)
    refuse_audit_inserts()

    response = _refused_move(failing_client, case)

    assert response.status_code == 500
    assert case.reference not in response.text


# -- The DPO's disclosure ledger ------------------------------------------------------------------


def test_the_ledger_page_is_logged_with_the_disclosures_it_shows(client, dpo, case):
    record = DisclosureRecordFactory.create(case=case)
    client.force_login(dpo)

    response = client.get(reverse("exchange:ledger"))

    assert response.status_code == 200
    event = last_event()
    assert (event.verb, event.purpose) == ("ledger.viewed", "data protection")
    assert event.after == {"filters": {}, "disclosures": [record.pk]}


def test_a_ledger_page_that_cannot_be_logged_is_not_shown(failing_client, dpo, case):
    DisclosureRecordFactory.create(case=case)
    failing_client.force_login(dpo)
    refuse_audit_inserts()

    response = failing_client.get(reverse("exchange:ledger"))

    assert response.status_code == 500
    assert case.reference not in response.text


# -- A reporter's own receipt, list and status ----------------------------------------------------


def _own_pages(client, professional, aarhus) -> tuple[str, list[tuple[str, str]]]:
    reference = reported(client, professional, aarhus).reporter_reference
    client.force_login(professional)
    return reference, [
        (reverse("concerns:receipt", args=[reference]), "concern.receipt_viewed"),
        (reverse("concerns:mine"), "concern.reports_listed"),
        (reverse("concerns:status", args=[reference]), "concern.status_viewed"),
    ]


def test_a_reporters_own_pages_are_logged(client, professional, aarhus):
    reference, pages = _own_pages(client, professional, aarhus)

    for url, verb in pages:
        assert reference in client.get(url).text
        event = last_event()
        assert (event.verb, event.actor, event.purpose) == (
            verb,
            professional,
            "following own reports",
        )
        assert event.after == {"reports": [reference]}


def test_a_reporters_own_pages_that_cannot_be_logged_are_not_shown(
    failing_client, professional, aarhus
):
    reference, pages = _own_pages(failing_client, professional, aarhus)
    refuse_audit_inserts()

    for url, _verb in pages:
        response = failing_client.get(url)
        assert response.status_code == 500
        assert reference not in response.text


# -- The API ---------------------------------------------------------------------------------------


def test_the_apis_case_list_is_logged_with_its_filters_and_cases(client, aarhus, case):
    token = issue(aarhus)

    response = client.get("/api/v1/cases?status=received", **bearer(token))

    assert response.status_code == 200
    event = last_event()
    assert (event.verb, event.purpose) == ("case.listed", "case_handling")
    assert event.after == {"filters": {"status": "received", "page": "1"}, "cases": [case.pk]}


def test_the_apis_concern_status_is_logged(client, aarhus):
    token = issue(aarhus)
    reference = post(client, token, concern_body()).json()["reference"]

    response = client.get(f"/api/v1/concerns/{reference}/status", **bearer(token))

    assert response.status_code == 200
    event = last_event()
    assert (event.verb, event.after) == ("concern.status_viewed", {"reports": [reference]})


def test_an_api_case_list_that_cannot_be_logged_returns_no_cases(failing_client, aarhus, case):
    token = issue(aarhus)
    refuse_audit_inserts()

    response = failing_client.get("/api/v1/cases", **bearer(token))

    assert response.status_code == 500
    assert case.reference not in response.text
