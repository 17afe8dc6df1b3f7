"""GET /statistics and /statistics/{key}: the pages' publication, suppressed exactly as there."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from forebyg.actors.models import Organisation
from forebyg.api.tests.conftest import bearer, issue
from forebyg.audit.models import AuditEvent
from forebyg.cases.tests.factories import CaseFactory, PersonFactory
from forebyg.stats.scope import national_scope
from forebyg.stats.tables import build_tables


@pytest.fixture
def three_aarhus_cases(aarhus):
    return [CaseFactory.create(person=PersonFactory.create(municipality=aarhus)) for _ in range(3)]


@pytest.fixture
def cde(db) -> Organisation:
    return Organisation.objects.get(key="cde")


def municipality_row(body: dict, code: str) -> dict:
    return next(row for row in body["rows"] if row["key"] == code)


def test_the_catalogue_lists_the_tables_and_the_token_s_scope(client, aarhus_token):
    response = client.get("/api/v1/statistics", **bearer(aarhus_token))

    assert response.status_code == 200
    body = response.json()
    assert body["scope"] == {
        "kind": "municipality",
        "key": "municipality-751",
        "label": body["scope"]["label"],
        "suppressed": False,
    }
    assert "municipality" in {table["key"] for table in body["tables"]}


def test_a_municipality_reads_its_own_small_numbers(client, three_aarhus_cases, aarhus_token):
    response = client.get("/api/v1/statistics/municipality", **bearer(aarhus_token))

    row = municipality_row(response.json(), "751")
    assert row["total"] == {"value": 3, "suppressed": False, "display": "3"}
    assert AuditEvent.objects.filter(verb="statistics.viewed").count() == 1


def test_a_national_token_gets_small_numbers_suppressed_as_on_the_pages(
    client, three_aarhus_cases, cde
):
    # A year on, the cases' year is the last completed one: what the national scope publishes.
    with time_machine.travel(timezone.now() + datetime.timedelta(days=366)):
        response = client.get("/api/v1/statistics/municipality", **bearer(issue(cde, "stats:read")))
        page_table = build_tables(national_scope(), keys=["municipality"])[0]

    assert response.status_code == 200
    body = response.json()
    assert body["scope"]["suppressed"] is True
    row = municipality_row(body, "751")
    assert row["total"] == {"value": None, "suppressed": True, "display": "<5"}
    assert [cell["value"] for cell in (r["total"] for r in body["rows"])] == [
        cell.value for cell in page_table.row_totals
    ]
    assert body["total"]["value"] == page_table.total.value


def test_an_organisation_without_statistics_gets_404(client, aarhus_school):
    secret = issue(aarhus_school, "stats:read")

    assert client.get("/api/v1/statistics", **bearer(secret)).status_code == 404
    assert client.get("/api/v1/statistics/municipality", **bearer(secret)).status_code == 404


def test_an_unknown_table_is_404_and_a_bad_period_422(client, aarhus_token):
    assert client.get("/api/v1/statistics/nope", **bearer(aarhus_token)).status_code == 404
    reversed_period = "?from_quarter=2026Q2&to_quarter=2025Q1"
    response = client.get(f"/api/v1/statistics/quarter{reversed_period}", **bearer(aarhus_token))
    assert response.status_code == 422
    half = client.get("/api/v1/statistics/quarter?from_quarter=2026Q2", **bearer(aarhus_token))
    assert half.status_code == 422


def test_a_period_narrows_the_table(client, three_aarhus_cases, aarhus_token):
    response = client.get(
        "/api/v1/statistics/quarter?from_quarter=2000Q1&to_quarter=2000Q4",
        **bearer(aarhus_token),
    )

    assert response.status_code == 200
    assert response.json()["total"]["value"] == 0
