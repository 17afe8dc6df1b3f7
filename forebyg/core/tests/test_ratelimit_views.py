"""Rate limits on person searches and exports, per user and per organisation: a 429 page in
Danish (unless English was chosen), nothing done, and a log line without personal data."""

import logging

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from forebyg.accounts.models import Role
from forebyg.accounts.tests.factories import UserFactory
from forebyg.audit.models import AuditEvent

SEARCH = reverse("cases:person_search")
LEDGER_CSV = reverse("exchange:ledger_csv")
A_SEARCH = {"name": "Jens Hansen", "purpose": "screening of a new concern"}


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def limits(settings):
    settings.FOREBYG_RATE_LIMITS = {
        "person_search": {"user": 2, "organisation": 3, "window": 3600},
        "export": {"user": 1, "organisation": 5, "window": 3600},
    }


def _danish(text: str) -> str:
    with translation.override("da"):
        return translation.gettext(text)


@pytest.mark.django_db
def test_searches_beyond_the_users_limit_get_the_429_page(client, municipal_coordinator, limits):
    client.force_login(municipal_coordinator)
    for _ in range(2):
        assert client.post(SEARCH, A_SEARCH).status_code == 302

    response = client.post(SEARCH, A_SEARCH)

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert _danish("Too many requests") in response.text
    assert response.text.count("<h1") == 1
    assert AuditEvent.objects.filter(verb="person.searched").count() == 2


@pytest.mark.django_db
def test_showing_the_search_page_is_not_counted(client, municipal_coordinator, limits):
    client.force_login(municipal_coordinator)
    for _ in range(5):
        assert client.get(SEARCH).status_code == 200

    assert client.post(SEARCH, A_SEARCH).status_code == 302


@pytest.mark.django_db
def test_the_organisations_limit_holds_across_its_users(
    client, municipal_coordinator, aarhus, other_coordinator, limits
):
    colleague = UserFactory.create(memberships=[(aarhus, Role.MUNICIPAL_COORDINATOR)])
    client.force_login(municipal_coordinator)
    client.post(SEARCH, A_SEARCH)
    client.post(SEARCH, A_SEARCH)
    client.force_login(colleague)
    assert client.post(SEARCH, A_SEARCH).status_code == 302

    assert client.post(SEARCH, A_SEARCH).status_code == 429
    client.force_login(other_coordinator)  # Randers counts on its own
    assert client.post(SEARCH, A_SEARCH).status_code == 302


@pytest.mark.django_db
def test_the_refusal_is_logged_without_personal_data(client, municipal_coordinator, limits, caplog):
    client.force_login(municipal_coordinator)
    client.post(SEARCH, A_SEARCH)
    client.post(SEARCH, A_SEARCH)

    with caplog.at_level(logging.WARNING, logger="forebyg.core.ratelimit"):
        client.post(SEARCH, A_SEARCH)

    messages = [record.getMessage() for record in caplog.records]
    assert messages == ["rate limit reached: person_search per user"]
    assert not any("Hansen" in m or municipal_coordinator.username in m for m in messages)


@pytest.mark.django_db
def test_the_429_page_follows_the_chosen_language(client, municipal_coordinator, limits):
    client.cookies["django_language"] = "en"
    client.force_login(municipal_coordinator)
    client.post(SEARCH, A_SEARCH)
    client.post(SEARCH, A_SEARCH)

    response = client.post(SEARCH, A_SEARCH)

    assert '<html lang="en">' in response.text
    assert "Too many requests" in response.text


@pytest.mark.django_db
def test_exports_beyond_the_limit_get_the_429_page_and_no_file(client, dpo, limits):
    client.force_login(dpo)
    first = client.post(LEDGER_CSV, {"reason": "annual review"})
    assert first["Content-Type"].startswith("text/csv")

    second = client.post(LEDGER_CSV, {"reason": "annual review"})

    assert second.status_code == 429
    assert not second["Content-Type"].startswith("text/csv")
    assert AuditEvent.objects.filter(verb__contains="export").count() == 1


@pytest.mark.django_db
def test_the_default_limits_are_settings_for_every_limited_view(settings):
    for name in ("person_search", "export"):
        limit = settings.FOREBYG_RATE_LIMITS[name]
        assert limit["user"] > 0
        assert limit["organisation"] >= limit["user"]
        assert limit["window"] > 0
