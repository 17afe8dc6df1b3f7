from unittest import mock

from django.db import DatabaseError


def test_healthz_answers_200_when_the_database_answers(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not(client, db):
    with mock.patch("forebyg.core.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_every_response_carries_a_request_id(client, db):
    response = client.get("/healthz")

    assert len(response["X-Request-ID"]) == 32


def test_a_proxys_plain_request_id_is_kept_and_a_strange_one_replaced(client, db):
    kept = client.get("/healthz", headers={"X-Request-ID": "abc-123_DEF"})
    replaced = client.get("/healthz", headers={"X-Request-ID": "evil\nline"})

    assert kept["X-Request-ID"] == "abc-123_DEF"
    assert replaced["X-Request-ID"] != "evil\nline"
    assert len(replaced["X-Request-ID"]) == 32
