"""GET /cases and /cases/{id}: in scope as in the web app, with the same audit."""

import datetime

import pytest
from django.utils import timezone

from forebyg.accounts.models import User
from forebyg.actors.models import Organisation
from forebyg.api import services
from forebyg.api.models import ApiToken
from forebyg.api.tests.conftest import bearer, issue
from forebyg.audit.models import AuditEvent
from forebyg.cases.tests.factories import CaseFactory, ConcernFactory, PersonFactory
from forebyg.cases.workflow import Status


@pytest.fixture
def cases(aarhus, randers, copenhagen):
    return {
        "aarhus": CaseFactory.create(person=PersonFactory.create(municipality=aarhus)),
        "randers": CaseFactory.create(person=PersonFactory.create(municipality=randers)),
        "copenhagen": CaseFactory.create(person=PersonFactory.create(municipality=copenhagen)),
    }


@pytest.fixture
def copenhagen(db):
    return Organisation.objects.get(kind="municipality", code="101")


def references_in(response) -> set[str]:
    return {row["reference"] for row in response.json()["results"]}


def test_a_municipality_token_lists_only_its_municipality_s_cases(client, cases, aarhus_token):
    response = client.get("/api/v1/cases", **bearer(aarhus_token))

    assert response.status_code == 200
    assert references_in(response) == {cases["aarhus"].reference}
    assert response.json()["count"] == 1


def test_a_police_token_lists_its_district_s_cases(client, cases, police_token):
    response = client.get("/api/v1/cases", **bearer(police_token))

    assert references_in(response) == {cases["aarhus"].reference, cases["randers"].reference}


def test_the_dashboard_filters_apply(client, aarhus, police_token):
    wanted = CaseFactory.create(
        person=PersonFactory.create(municipality=aarhus), status=Status.SCREENING
    )
    CaseFactory.create(person=PersonFactory.create(municipality=aarhus))

    response = client.get("/api/v1/cases?status=screening&page_size=1", **bearer(police_token))

    assert references_in(response) == {wanted.reference}


def test_pages_split_the_list_and_a_list_costs_few_queries(
    client, aarhus, aarhus_token, django_assert_max_num_queries
):
    for _ in range(5):
        CaseFactory.create(person=PersonFactory.create(municipality=aarhus))

    with django_assert_max_num_queries(10):
        first = client.get("/api/v1/cases?page_size=2", **bearer(aarhus_token))
    last = client.get("/api/v1/cases?page_size=2&page=3", **bearer(aarhus_token))

    assert first.json()["count"] == 5
    assert len(first.json()["results"]) == 2 and len(last.json()["results"]) == 1


def test_reversed_dates_are_refused(client, aarhus_token):
    response = client.get(
        "/api/v1/cases?opened_from=2025-02-01&opened_to=2025-01-01", **bearer(aarhus_token)
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "opened_to"


def test_a_case_read_is_logged_as_a_case_view_by_the_token(client, aarhus, cases, aarhus_token):
    case = cases["aarhus"]
    ConcernFactory.create(case=case)

    response = client.get(f"/api/v1/cases/{case.pk}", **bearer(aarhus_token))

    assert response.status_code == 200
    assert response.json()["person_details"]["name"] == case.person.name
    assert len(response.json()["concerns"]) == 1
    viewed = AuditEvent.objects.get(verb="case.viewed")
    account = User.objects.get(api_token__isnull=False)
    assert viewed.actor == account and viewed.actor_label == account.username
    assert viewed.organisation == aarhus and viewed.target_id == str(case.pk)
    used = AuditEvent.objects.get(verb="api_token.used")
    assert used.after == {"method": "GET", "route": "api/v1/cases/<case_id>", "allowed": True}
    assert ApiToken.objects.get().last_used_at is not None


def test_a_case_out_of_scope_is_404_and_nothing_is_viewed(client, cases, aarhus_token):
    response = client.get(f"/api/v1/cases/{cases['randers'].pk}", **bearer(aarhus_token))

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(verb="case.viewed").exists()
    assert AuditEvent.objects.filter(verb="api_token.used").exists()  # the attempt stays


def test_a_token_without_cases_read_gets_403(client, aarhus, cases):
    response = client.get("/api/v1/cases", **bearer(issue(aarhus, "stats:read")))

    assert response.status_code == 403
    assert response.json()["status"] == 403


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer nonsense", "Basic abc"])
def test_a_missing_or_unknown_token_gets_401(client, db, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}

    response = client.get("/api/v1/cases", **extra)

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_or_expired_token_gets_401_and_its_use_is_not_logged(client, aarhus):
    revoked = services.create_token(organisation=aarhus, scopes=["cases:read"], name="r", by=None)
    services.revoke_token(revoked.token, by=None)
    past = timezone.now() - datetime.timedelta(seconds=1)
    expired = services.create_token(
        organisation=aarhus, scopes=["cases:read"], name="e", by=None, expires_at=past
    )

    for secret in (revoked.secret, expired.secret):
        assert client.get("/api/v1/cases", **bearer(secret)).status_code == 401
    assert not AuditEvent.objects.filter(verb="api_token.used").exists()
