"""Every error is RFC 9457 problem details; public routes need no token; the rate limit."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import override_settings

from forebyg.api import auth
from forebyg.api.tests.conftest import bearer, issue

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert set(body) >= PROBLEM_KEYS and body["status"] == status
    assert body["instance"] == response.request["PATH_INFO"]
    return body


def test_an_unknown_path_under_the_api_is_a_404_problem(client, db):
    assert_problem(client.get("/api/v1/no/such/thing"), 404)


def test_a_wrong_method_is_a_405_problem_with_allow(client, db):
    response = client.delete("/api/v1/organisations")

    assert_problem(response, 405)
    assert "GET" in response["Allow"]


def test_a_bad_query_parameter_is_a_422_problem_with_errors(client, aarhus):
    response = client.get("/api/v1/cases?page=0", **bearer(issue(aarhus)))

    body = assert_problem(response, 422)
    assert body["errors"] and {"field", "message", "code"} <= set(body["errors"][0])


def test_too_many_requests_is_a_429_problem_with_retry_after(client, db, monkeypatch):
    monkeypatch.setattr(auth, "ANONYMOUS_LIMIT_PER_MINUTE", 2)

    # The limit counts per clock minute: a run crossing into the next minute would start over.
    with time_machine.travel(dt.datetime(2026, 3, 2, 12, 0, 30, tzinfo=dt.UTC), tick=False):
        responses = [client.get("/api/v1/prevention-levels") for _ in range(3)]

    assert [r.status_code for r in responses[:2]] == [200, 200]
    assert_problem(responses[2], 429)
    assert int(responses[2]["Retry-After"]) >= 1


def test_a_server_error_is_a_500_problem(client, db, monkeypatch):
    from forebyg.api.routers import reference

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(reference, "_basis", broken)
    with override_settings(DEBUG=False):
        response = client.get("/api/v1/legal-bases")

    body = assert_problem(response, 500)
    assert "boom" not in body["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/organisations",
        "/api/v1/organisations/aarhus-kommune",
        "/api/v1/legal-bases",
        "/api/v1/prevention-levels",
        "/api/v1/national/focus-areas",
        "/api/v1/plans",
        "/api/v1/openapi.json",
    ],
)
def test_public_data_needs_no_token(client, db, path):
    assert client.get(path).status_code == 200


def test_unknown_reference_data_is_a_404_problem(client, db):
    assert_problem(client.get("/api/v1/organisations/no-such-org"), 404)
    assert_problem(client.get("/api/v1/plans/999"), 404)
    assert_problem(client.get("/api/v1/national/initiatives/999999"), 404)


def test_the_schema_documents_problem_details_for_errors(client, db):
    schema = client.get("/api/v1/openapi.json").json()

    for operations in schema["paths"].values():
        for operation in operations.values():
            responses = operation["responses"]
            assert {"400", "405", "429", "500"} <= set(responses)
            for status, response in responses.items():
                if int(status) >= 400:
                    assert list(response["content"]) == ["application/problem+json"]


def test_an_initiative_shows_its_status_history(client, db):
    from forebyg.national.models import Initiative, StatusUpdate

    initiative = Initiative.objects.order_by("id").first()
    assert initiative is not None
    StatusUpdate.objects.create(
        initiative=initiative, date="2024-05-01", status="in_progress", note="Begun"
    )

    body = client.get(f"/api/v1/national/initiatives/{initiative.pk}").json()

    assert body["status"] == "in_progress" and body["status_date"] == "2024-05-01"
    assert body["history"][0]["note"] == "Begun"


def test_the_docs_page_runs_no_inline_script(client, db):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    # Every script is a file from our own origin, or a JSON data block (never executed).
    for tag in re.findall(r"<script[^>]*>", html):
        assert 'src="/static/' in tag or 'type="application/json"' in tag
    assert "style=" not in html
