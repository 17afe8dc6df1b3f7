"""If the audit event cannot be written, the request fails, shows no data and changes nothing.

The database is made to refuse every audit insert (a trigger raising, as a full disk, a revoked
grant or a broken chain head would); the pages then answer with the error page."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from forebyg.api.tests.conftest import bearer, issue
from forebyg.audit.tests.helpers import all_row_counts, refuse_audit_inserts
from forebyg.cases.models import Case
from forebyg.cases.tests.factories import CaseFactory, ConcernFactory, PersonFactory
from forebyg.cases.workflow import Status
from forebyg.exchange.tests.factories import DisclosureRecordFactory

NAME = "Ubrudt Kædesen"


@pytest.fixture
def failing_client(db) -> Client:
    """A client that answers with the error page, as a browser sees it, instead of raising."""
    return Client(raise_request_exception=False)


@pytest.fixture
def aarhus_token(aarhus) -> str:
    cache.clear()  # the API's rate limit counts in the cache
    return issue(aarhus)


@pytest.fixture
def case(aarhus) -> Case:
    person = PersonFactory.create(municipality=aarhus, name=NAME)
    found = CaseFactory.create(person=person, status=Status.INFORMATION_GATHERING)
    ConcernFactory.create(case=found, description="Bekymring om en elev i 8. klasse")
    return found


def _no_case_data(content: bytes, case: Case) -> None:
    text = content.decode()
    assert case.reference not in text
    assert NAME not in text
    assert "Bekymring om en elev" not in text


def test_a_case_page_whose_view_cannot_be_logged_shows_an_error_and_no_case_data(
    failing_client, municipal_coordinator, case
):
    failing_client.force_login(municipal_coordinator)
    assert failing_client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    refuse_audit_inserts()
    before = all_row_counts()

    response = failing_client.get(reverse("cases:detail", args=[case.pk]))

    assert response.status_code == 500
    _no_case_data(response.content, case)
    assert all_row_counts() == before


def test_a_status_change_that_cannot_be_logged_is_not_made(
    failing_client, municipal_coordinator, case
):
    failing_client.force_login(municipal_coordinator)
    refuse_audit_inserts()
    before = all_row_counts()

    response = failing_client.post(
        reverse("cases:status", args=[case.pk]),
        {"to": Status.ANALYSIS, "version": case.version, "note": "Vi har hørt skolen."},
    )

    assert response.status_code == 500
    case.refresh_from_db()
    assert case.status == Status.INFORMATION_GATHERING
    assert all_row_counts() == before


def test_an_export_that_cannot_be_logged_gives_no_file(failing_client, dpo, aarhus, case):
    DisclosureRecordFactory.create(case=case)
    failing_client.force_login(dpo)
    refuse_audit_inserts()
    before = all_row_counts()

    response = failing_client.post(reverse("exchange:ledger_csv"), {"reason": "Indsigtsanmodning"})

    assert response.status_code == 500
    assert not response["Content-Type"].startswith("text/csv")
    assert "Content-Disposition" not in response
    assert case.person.pseudonym not in response.content.decode()
    assert all_row_counts() == before


def test_an_api_read_that_cannot_be_logged_answers_a_problem_with_no_data(
    failing_client, aarhus_token, case
):
    refuse_audit_inserts()
    before = all_row_counts()

    response = failing_client.get(f"/api/v1/cases/{case.pk}", **bearer(aarhus_token))

    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == 500
    assert set(problem) == {"type", "title", "status", "detail", "instance"}
    _no_case_data(response.content, case)
    assert all_row_counts() == before
