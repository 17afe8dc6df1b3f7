"""Tampered ID tokens are all refused, each with its own reason, and nobody is logged in."""

import time

import jwt
import pytest
from django.urls import reverse

from forebyg.accounts.tests import oidc_provider
from forebyg.audit.models import AuditEvent

LOGIN = reverse("accounts:login")
START = reverse("accounts:start")


@pytest.fixture
def coordinator(municipal_coordinator):
    municipal_coordinator.oidc_subject = "uuid-coordinator"
    municipal_coordinator.save(update_fields=["oidc_subject"])
    return municipal_coordinator


def _reason():
    return (AuditEvent.objects.get(verb="user.login_refused").after or {})["reason"]


@pytest.fixture(scope="module")
def foreign_key():
    return oidc_provider.rsa_key()


def _unsigned(provider, claims):
    return jwt.encode(claims, "", algorithm="none", headers={"kid": provider.kid})


def _hs256_with_client_secret(provider, claims):
    # Algorithm confusion: an attacker who knows (or guesses) the secret signs symmetrically.
    return jwt.encode(
        claims, oidc_provider.CLIENT_SECRET, algorithm="HS256", headers={"kid": provider.kid}
    )


def _expired(provider, claims):
    now = int(time.time())
    return provider.sign({**claims, "iat": now - 7200, "exp": now - 3600})


def _without_expiry(provider, claims):
    return provider.sign({k: v for k, v in claims.items() if k != "exp"})


def _bad_signature(foreign_key):
    def forge(provider, claims):
        return provider.sign(claims, key=foreign_key)  # same kid, another key

    return forge


def _changed_after_signing(provider, claims):
    # The claims raised to "High" after signing: the original signature no longer fits.
    header, _, signature = provider.sign(claims).split(".")
    raised = provider.sign({**claims, oidc_provider.LOA_CLAIM: "High"}).split(".")[1]
    return f"{header}.{raised}.{signature}"


def _with(**changes):
    def forge(provider, claims):
        return provider.sign({**claims, **changes})

    return forge


def _unknown_key_id(provider, claims):
    return provider.sign(claims, kid="no-such-key")


def _not_a_jwt(provider, claims):
    return "not.a.token"


FORGERIES = {
    "alg_none": (_unsigned, "wrong_algorithm"),
    "hs256_with_client_secret": (_hs256_with_client_secret, "wrong_algorithm"),
    "foreign_audience": (_with(aud="another-client"), "wrong_audience"),
    "several_audiences_without_azp": (_with(aud=[oidc_provider.CLIENT_ID, "x"]), "wrong_audience"),
    "wrong_issuer": (_with(iss="https://evil.example"), "wrong_issuer"),
    "wrong_nonce": (_with(nonce="another-nonce"), "wrong_nonce"),
    "expired": (_expired, "token_expired"),
    "without_expiry": (_without_expiry, "invalid_token"),
    "issued_in_the_future": (_with(iat=int(time.time()) + 3600), "invalid_token"),
    "unknown_key_id": (_unknown_key_id, "invalid_token"),
    "not_a_jwt": (_not_a_jwt, "invalid_token"),
    "changed_after_signing": (_changed_after_signing, "bad_signature"),
}


@pytest.mark.parametrize("name", sorted(FORGERIES))
def test_a_tampered_token_is_refused(client, provider, oidc_login, coordinator, name):
    provider.forge, reason = FORGERIES[name]

    response, _ = oidc_login(provider.claims_for("uuid-coordinator"))

    assert response.status_code == 302
    assert response.url == LOGIN
    assert "_auth_user_id" not in client.session
    assert not AuditEvent.objects.filter(verb="user.logged_in").exists()
    event = AuditEvent.objects.get(verb="user.login_refused")
    assert event.after == {"method": "oidc", "reason": reason}
    assert event.actor is None


def test_a_token_signed_by_another_key_is_refused(
    client, provider, oidc_login, coordinator, foreign_key
):
    provider.forge = _bad_signature(foreign_key)

    response, _ = oidc_login(provider.claims_for("uuid-coordinator"))

    assert response.url == LOGIN
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(verb="user.login_refused")
    assert event.after == {"method": "oidc", "reason": "bad_signature"}


def test_a_token_a_minute_past_expiry_within_the_allowed_skew_is_accepted(
    client, provider, oidc_login, coordinator, settings
):
    settings.FOREBYG_OIDC_CLOCK_SKEW_SECONDS = 120
    now = int(time.time())
    provider.forge = _with(exp=now - 60)

    response, _ = oidc_login(provider.claims_for("uuid-coordinator"))

    assert response.url == START


def test_an_es256_provider_is_supported(client, provider, oidc_login, coordinator, settings):
    settings.OIDC_RP_SIGN_ALGO = "ES256"
    provider.key, provider.algorithm = oidc_provider.ec_key(), "ES256"

    response, _ = oidc_login(provider.claims_for("uuid-coordinator"))

    assert response.url == START
    assert client.session["_auth_user_id"] == str(coordinator.pk)


def test_the_userinfo_of_another_subject_is_refused(
    client, provider, oidc_login, coordinator, settings
):
    settings.OIDC_OP_USER_ENDPOINT = oidc_provider.USERINFO_ENDPOINT
    provider.userinfo = {"sub": "pseudonym-someone-else", "email": "x@example.dk"}

    response, _ = oidc_login(provider.claims_for("uuid-coordinator"))

    assert response.url == LOGIN
    assert _reason() == "invalid_token"


def test_userinfo_cannot_override_the_signed_claims(
    client, provider, oidc_login, coordinator, settings
):
    settings.OIDC_OP_USER_ENDPOINT = oidc_provider.USERINFO_ENDPOINT
    claims = provider.claims_for("uuid-coordinator", loa="Low")
    provider.userinfo = {"sub": claims["sub"], oidc_provider.LOA_CLAIM: "High"}

    response, _ = oidc_login(claims)

    assert response.url == LOGIN
    assert _reason() == "assurance_too_low"
