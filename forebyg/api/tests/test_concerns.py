"""POST /concerns and GET /concerns/{reference}/status."""

import datetime
import json

import pytest

from forebyg.api.models import ApiToken
from forebyg.api.tests.conftest import bearer, issue
from forebyg.audit.models import AuditEvent
from forebyg.cases.models import Case, Concern, Source
from forebyg.cases.tests.factories import cpr_for

URL = "/api/v1/concerns"


def concern_body(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "person_name": "Test Person",
        "cpr": cpr_for(datetime.date(1990, 3, 4)),
        "description": "Writes about violence in class.",
    }
    return body | changes


def post(client, secret, body, **headers):
    return client.post(
        URL, json.dumps(body), content_type="application/json", **bearer(secret), **headers
    )


def test_a_municipality_token_sends_a_concern_into_its_municipality(client, aarhus, aarhus_token):
    response = post(client, aarhus_token, concern_body())

    assert response.status_code == 201
    concern = Concern.objects.select_related("case__municipality").get()
    assert response.json()["reference"] == concern.reporter_reference
    assert concern.source == Source.API
    assert concern.case.municipality == aarhus
    assert ApiToken.objects.get(account=concern.recorded_by).organisation == aarhus
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"api_token.used", "concern.received", "case.opened"} <= verbs


def test_a_school_token_sends_into_the_school_s_municipality(client, aarhus, aarhus_school):
    response = post(client, issue(aarhus_school, "concerns:create"), concern_body())

    assert response.status_code == 201
    assert Case.objects.get().municipality == aarhus


def test_a_police_token_may_not_send_concerns(client, police_token):
    response = post(client, police_token, concern_body())

    assert response.status_code == 403
    assert Concern.objects.count() == 0


def test_the_same_idempotency_key_returns_the_first_concern(client, aarhus_token):
    first = post(client, aarhus_token, concern_body(), HTTP_IDEMPOTENCY_KEY="form-1")
    again = post(client, aarhus_token, concern_body(), HTTP_IDEMPOTENCY_KEY="form-1")
    other = post(client, aarhus_token, concern_body(), HTTP_IDEMPOTENCY_KEY="form-2")

    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 201)
    assert first.json() == again.json()
    assert Concern.objects.count() == 2


def test_another_token_s_idempotency_key_never_returns_its_concern(client, aarhus):
    post(client, issue(aarhus, "concerns:create"), concern_body(), HTTP_IDEMPOTENCY_KEY="k")
    response = post(
        client, issue(aarhus, "concerns:create"), concern_body(), HTTP_IDEMPOTENCY_KEY="k"
    )

    assert response.status_code == 201
    assert Concern.objects.count() == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"cpr": "320190-1234"}, "cpr"),  # no 32nd day
        ({"cpr": "", "birth_date": None}, "cpr"),
        ({"description": ""}, "description"),
        ({"person_name": "x" * 201}, "person_name"),
        ({"description": "bad\x00byte"}, "description"),
        ({"category": "no-such-category"}, "category"),
        ({"cpr": "", "birth_date": "2099-01-01"}, "birth_date"),
    ],
)
def test_bad_data_is_refused_with_its_field_and_changes_nothing(
    client, aarhus_token, changes, field
):
    response = post(client, aarhus_token, concern_body(**changes))

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert field in " ".join(error["field"] for error in response.json()["errors"])
    assert Concern.objects.count() == 0 and Case.objects.count() == 0


def test_a_body_that_is_not_json_is_a_problem(client, aarhus_token):
    response = client.post(
        URL, "{not json", content_type="application/json", **bearer(aarhus_token)
    )

    assert response.status_code in (400, 422)
    assert response["Content-Type"] == "application/problem+json"


def test_the_sending_organisation_reads_the_status(client, aarhus, aarhus_token):
    reference = post(client, aarhus_token, concern_body()).json()["reference"]
    other_token_same_org = issue(aarhus, "concerns:status")

    response = client.get(f"{URL}/{reference.lower()}/status", **bearer(other_token_same_org))

    assert response.status_code == 200
    assert response.json()["reference"] == reference
    assert response.json()["status"] == "received"


def test_another_organisation_gets_404_for_the_status(client, randers, aarhus_token):
    reference = post(client, aarhus_token, concern_body()).json()["reference"]

    response = client.get(f"{URL}/{reference}/status", **bearer(issue(randers)))

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_without_the_scope_the_token_gets_403_and_the_refusal_is_logged(client, aarhus):
    secret = issue(aarhus, "concerns:status")

    response = post(client, secret, concern_body())

    assert response.status_code == 403
    event = AuditEvent.objects.get(verb="api_token.used")
    assert event.after == {"method": "POST", "route": "api/v1/concerns", "allowed": False}
