"""OIDC login end to end against the fake provider: a valid token logs the matched user in, a
replayed or unknown answer does not, and the routes are closed while OIDC is switched off."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from forebyg.accounts.tests.factories import UserFactory
from forebyg.audit.models import AuditEvent

LOGIN = reverse("accounts:login")
START = reverse("accounts:start")
AUTHENTICATE = reverse("accounts:oidc_authenticate")
CALLBACK = reverse("accounts:oidc_callback")


@pytest.fixture
def coordinator(municipal_coordinator):
    municipal_coordinator.oidc_subject = "uuid-coordinator"
    municipal_coordinator.save(update_fields=["oidc_subject"])
    return municipal_coordinator


def _refusal_reasons():
    return [(e.after or {})["reason"] for e in AuditEvent.objects.filter(verb="user.login_refused")]


def test_a_valid_token_logs_the_matched_user_in_and_is_audited(
    client, provider, oidc_login, coordinator, aarhus
):
    response, _ = oidc_login(provider.claims_for("uuid-coordinator"))

    assert response.status_code == 302
    assert response.url == START
    assert client.session["_auth_user_id"] == str(coordinator.pk)
    assert client.session["forebyg_assurance_level"] == "substantial"
    event = AuditEvent.objects.get(verb="user.logged_in")
    assert event.actor == coordinator
    assert event.organisation == aarhus
    assert event.after == {"method": "oidc", "assurance_level": "substantial"}
    assert client.get(START).status_code == 200


def test_the_login_request_carries_state_nonce_and_a_pkce_challenge(client, provider):
    response = client.get(AUTHENTICATE)

    params = parse_qs(urlsplit(response.url).query)
    assert {"state", "nonce", "code_challenge", "redirect_uri"} <= set(params)
    assert params["scope"] == ["openid"]
    assert params["redirect_uri"][0].endswith(CALLBACK)


def test_a_local_next_is_followed_after_login(provider, oidc_login, coordinator):
    response, _ = oidc_login(provider.claims_for("uuid-coordinator"), next_url="/hvem-goer-hvad/")

    assert response.url == "/hvem-goer-hvad/"


def test_a_next_pointing_elsewhere_is_ignored(provider, oidc_login, coordinator):
    response, _ = oidc_login(
        provider.claims_for("uuid-coordinator"), next_url="https://evil.example/"
    )

    assert response.url == START


def test_the_login_cycles_the_session_id(client, provider, oidc_login, coordinator):
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key

    oidc_login(provider.claims_for("uuid-coordinator"))

    assert client.session.session_key != before


def test_a_replayed_answer_is_refused(client, provider, oidc_login, coordinator):
    first, callback = oidc_login(provider.claims_for("uuid-coordinator"))
    client.post(reverse("accounts:logout"))

    again = client.get(callback)

    assert first.url == START
    assert again.status_code == 302
    assert again.url == LOGIN
    assert "_auth_user_id" not in client.session
    assert _refusal_reasons() == ["unknown_state"]


def test_an_answer_from_another_browser_is_refused(client, provider, oidc_login, coordinator):
    response = client.get(AUTHENTICATE)
    code, state = provider.authorize(response.url, provider.claims_for("uuid-coordinator"))
    client.cookies.clear()  # the attacker's browser: no login under way in its session

    response = client.get(CALLBACK, {"code": code, "state": state})

    assert response.url == LOGIN
    assert "_auth_user_id" not in client.session
    assert _refusal_reasons() == ["unknown_state"]


def test_an_error_from_the_provider_is_refused_and_spends_the_state(client, provider, coordinator):
    response = client.get(AUTHENTICATE)
    state = parse_qs(urlsplit(response.url).query)["state"][0]

    response = client.get(CALLBACK, {"error": "access_denied", "state": state})

    assert response.url == LOGIN
    assert state not in client.session["oidc_states"]
    assert _refusal_reasons() == ["provider_error"]


def test_a_refused_code_at_the_token_endpoint_is_refused(provider, oidc_login, coordinator):
    provider.token_status = 400

    response, _ = oidc_login(provider.claims_for("uuid-coordinator"))

    assert response.url == LOGIN
    assert _refusal_reasons() == ["token_request_failed"]


def test_a_refusal_shows_a_message_on_the_login_page(client, provider, oidc_login):
    response, _ = oidc_login(provider.claims_for("uuid-nobody"))

    page = client.get(response.url)
    with translation.override("da"):
        expected = gettext(
            "Your MitID Erhverv login is not linked to a user in Forebyg for this organisation. "
            "Ask your organisation's administrator."
        )
    assert escape(expected) in page.content.decode()


def test_the_login_page_offers_mitid_erhverv_when_switched_on(client, provider):
    response = client.get(LOGIN, {"next": "/start/"})

    html = response.content.decode()
    assert f'href="{AUTHENTICATE}?next=/start/"' in html
    assert 'name="password"' in html  # local login is still there
    assert html.count("<h1") == 1


def test_the_login_page_has_no_mitid_button_while_switched_off(client, db):
    assert AUTHENTICATE not in client.get(LOGIN).content.decode()


@pytest.mark.parametrize("url", [AUTHENTICATE, CALLBACK])
def test_the_oidc_routes_are_404_while_switched_off(client, db, url):
    assert client.get(url, {"code": "x", "state": "y"}).status_code == 404


def test_without_local_login_the_page_has_no_form_and_refuses_a_post(
    client, provider, settings, coordinator, password
):
    settings.LOCAL_LOGIN_ENABLED = False
    UserFactory(username="lokal")

    page = client.get(LOGIN)
    response = client.post(LOGIN, {"username": "lokal", "password": password})

    assert 'name="password"' not in page.content.decode()
    assert AUTHENTICATE in page.content.decode()
    assert response.status_code == 404
    assert "_auth_user_id" not in client.session


def test_a_logged_in_user_is_asked_to_authenticate_anew(client, provider, coordinator):
    client.force_login(coordinator)

    response = client.get(AUTHENTICATE)

    params = parse_qs(urlsplit(response.url).query)
    assert params["prompt"] == ["login"]
    assert params["max_age"] == ["0"]


def test_a_first_login_does_not_force_the_provider_to_ask_again(client, provider):
    params = parse_qs(urlsplit(client.get(AUTHENTICATE).url).query)

    assert "prompt" not in params
    assert "max_age" not in params


@pytest.mark.parametrize(
    ("auth_time", "allowed"),
    [("now", True), ("an_hour_ago", False), (None, False)],
)
def test_a_step_up_needs_a_fresh_authentication_at_the_provider(
    client, provider, oidc_login, coordinator, auth_time, allowed
):
    client.force_login(coordinator)
    claims = provider.claims_for("uuid-coordinator")
    if auth_time:
        claims["auth_time"] = int(time.time()) - (0 if auth_time == "now" else 3600)

    response, _ = oidc_login(claims)

    assert (response.url == START) is allowed
    assert client.session["_auth_user_id"] == str(coordinator.pk)  # a refusal keeps the session
    if allowed:
        assert AuditEvent.objects.filter(verb="user.logged_in").count() == 1
    else:
        assert _refusal_reasons() == ["stale_authentication"]
