"""Whom an OIDC login lets in: the user linked to the token's identifier, in the token's
organisation, at the assurance level their roles need; refusals are logged without names."""

import logging

import pytest
from django.core.checks import run_checks
from django.urls import reverse

from forebyg.accounts.models import Role, User
from forebyg.accounts.oidc import conf
from forebyg.accounts.tests import oidc_provider
from forebyg.accounts.tests.factories import UserFactory
from forebyg.audit.models import AuditEvent

LOGIN = reverse("accounts:login")
START = reverse("accounts:start")


def _link(user, subject):
    user.oidc_subject = subject
    user.save(update_fields=["oidc_subject"])
    return user


def _refusal():
    return AuditEvent.objects.get(verb="user.login_refused")


@pytest.mark.parametrize(
    ("loa", "allowed"),
    [
        ("High", True),
        ("Substantial", False),
        ("https://data.gov.dk/concept/core/nsis/loa/High", True),
    ],
)
def test_a_police_coordinator_needs_assurance_level_high(
    client, provider, oidc_login, police_coordinator, loa, allowed
):
    _link(police_coordinator, "uuid-police")

    response, _ = oidc_login(
        provider.claims_for("uuid-police", cvr=oidc_provider.POLICE_CVR, loa=loa)
    )

    assert (response.url == START) is allowed
    assert ("_auth_user_id" in client.session) is allowed
    if not allowed:
        assert _refusal().after["reason"] == "assurance_too_low"
        assert _refusal().target_id == str(police_coordinator.pk)


@pytest.mark.parametrize("loa", ["Low", None, "", "Very high"])
def test_a_coordinator_needs_at_least_substantial(
    client, provider, oidc_login, municipal_coordinator, loa
):
    _link(municipal_coordinator, "uuid-coordinator")
    claims = provider.claims_for("uuid-coordinator")
    claims[oidc_provider.LOA_CLAIM] = loa

    response, _ = oidc_login(claims)

    assert response.url == LOGIN
    assert _refusal().after["reason"] == "assurance_too_low"


def test_the_level_a_role_needs_is_a_setting(
    client, provider, oidc_login, municipal_coordinator, settings
):
    settings.FOREBYG_OIDC_ROLE_LOA = ["municipal_coordinator:high"]
    _link(municipal_coordinator, "uuid-coordinator")

    response, _ = oidc_login(provider.claims_for("uuid-coordinator", loa="Substantial"))

    assert response.url == LOGIN
    assert _refusal().after["reason"] == "assurance_too_low"


def test_the_highest_level_of_a_users_roles_applies(
    client, provider, oidc_login, aarhus, east_jutland_police
):
    UserFactory(
        memberships=[(aarhus, Role.PLAN_OWNER), (east_jutland_police, Role.POLICE_COORDINATOR)],
        oidc_subject="uuid-both",
    )
    user = User.objects.get(oidc_subject="uuid-both")

    response, _ = oidc_login(provider.claims_for("uuid-both", loa="Substantial"))

    assert response.url == LOGIN
    assert _refusal().target_id == str(user.pk)


def test_an_unlinked_identity_is_refused_and_no_user_is_created(
    client, provider, oidc_login, municipal_coordinator
):
    users = User.objects.count()

    response, _ = oidc_login(provider.claims_for("uuid-unknown"))

    assert response.url == LOGIN
    assert User.objects.count() == users
    assert _refusal().after["reason"] == "unknown_user"


def test_users_are_matched_on_the_identifier_only_not_on_email_or_username(
    client, provider, oidc_login, municipal_coordinator
):
    claims = provider.claims_for("uuid-unknown")
    claims.update(email=municipal_coordinator.email, preferred_username="tovholder")

    response, _ = oidc_login(claims)

    assert response.url == LOGIN
    assert "_auth_user_id" not in client.session


def test_a_token_without_the_identifier_claim_is_refused(client, provider, oidc_login):
    claims = provider.claims_for("x")
    del claims[oidc_provider.SUBJECT_CLAIM]

    oidc_login(claims)

    assert _refusal().after["reason"] == "missing_claim"


def test_the_matching_claim_is_a_setting(
    client, provider, oidc_login, municipal_coordinator, settings
):
    settings.FOREBYG_OIDC_SUBJECT_CLAIM = "sub"
    _link(municipal_coordinator, "pseudonym-uuid-coordinator")

    response, _ = oidc_login(provider.claims_for("uuid-coordinator"))

    assert response.url == START


def test_new_users_are_created_without_roles_when_the_setting_allows(
    client, provider, oidc_login, settings, aarhus
):
    settings.FOREBYG_OIDC_CREATE_USERS = True

    response, _ = oidc_login(provider.claims_for("uuid-new"))

    user = User.objects.get(oidc_subject="uuid-new")
    assert response.url == START
    assert client.session["_auth_user_id"] == str(user.pk)
    assert not user.has_usable_password()
    assert user.memberships.count() == 0
    created = AuditEvent.objects.get(verb="user.created")
    assert (created.target_id, created.organisation) == (str(user.pk), aarhus)
    assert AuditEvent.objects.get(verb="user.logged_in").organisation == aarhus


def test_no_user_is_created_for_a_token_below_the_default_level(
    client, provider, oidc_login, settings
):
    settings.FOREBYG_OIDC_CREATE_USERS = True

    oidc_login(provider.claims_for("uuid-new", loa="Low"))

    assert not User.objects.filter(oidc_subject="uuid-new").exists()
    assert _refusal().after["reason"] == "assurance_too_low"


def test_a_disabled_user_is_refused(client, provider, oidc_login, municipal_coordinator):
    _link(municipal_coordinator, "uuid-coordinator")
    User.objects.filter(pk=municipal_coordinator.pk).update(is_active=False)

    response, _ = oidc_login(provider.claims_for("uuid-coordinator"))

    assert response.url == LOGIN
    assert _refusal().after["reason"] == "inactive_user"


def test_a_user_disabled_after_login_is_out_at_the_next_request(
    client, provider, oidc_login, municipal_coordinator
):
    _link(municipal_coordinator, "uuid-coordinator")
    oidc_login(provider.claims_for("uuid-coordinator"))
    User.objects.filter(pk=municipal_coordinator.pk).update(is_active=False)

    response = client.get(START)

    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


@pytest.mark.parametrize(
    ("cvr", "reason"),
    [
        (oidc_provider.RANDERS_CVR, "organisation_mismatch"),
        ("99999999", "unknown_organisation"),
        (None, "unknown_organisation"),
    ],
)
def test_the_token_must_name_one_of_the_users_organisations(
    client, provider, oidc_login, municipal_coordinator, cvr, reason
):
    _link(municipal_coordinator, "uuid-coordinator")

    response, _ = oidc_login(provider.claims_for("uuid-coordinator", cvr=cvr))

    assert response.url == LOGIN
    assert _refusal().after["reason"] == reason


def test_without_an_organisation_map_the_organisation_is_not_checked(
    client, provider, oidc_login, municipal_coordinator, settings, aarhus
):
    settings.FOREBYG_OIDC_ORGANISATIONS = []
    _link(municipal_coordinator, "uuid-coordinator")

    response, _ = oidc_login(provider.claims_for("uuid-coordinator", cvr="99999999"))

    assert response.url == START
    assert AuditEvent.objects.get(verb="user.logged_in").organisation == aarhus


def test_a_refusal_is_logged_with_a_reason_and_no_names_or_identifiers(
    client, provider, oidc_login, municipal_coordinator, caplog
):
    _link(municipal_coordinator, "uuid-coordinator")

    with caplog.at_level(logging.INFO):
        oidc_login(provider.claims_for("uuid-coordinator", loa="Low"))

    lines = [r for r in caplog.records if getattr(r, "event", "") == "user.login_refused"]
    assert len(lines) == 1
    assert lines[0].reason == "assurance_too_low"
    text = caplog.text
    for secret in ("uuid-coordinator", "tovholder", municipal_coordinator.last_name):
        assert secret not in text


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("OIDC_RP_SIGN_ALGO", "HS256"),
        ("OIDC_OP_ISSUER", ""),
        ("FOREBYG_OIDC_DEFAULT_LOA", "medium"),
        ("FOREBYG_OIDC_ROLE_LOA", ["police_coordinator:extreme"]),
        ("FOREBYG_OIDC_ROLE_LOA", ["no_such_role:high"]),
        ("FOREBYG_OIDC_ORGANISATIONS", ["11111111"]),
    ],
)
def test_a_bad_oidc_setting_fails_the_system_check(provider, settings, name, value):
    setattr(settings, name, value)

    errors = [e for e in run_checks(tags=["security"]) if (e.id or "").startswith("forebyg.E80")]

    assert errors


def test_the_oidc_settings_of_the_tests_pass_the_system_check(provider):
    assert not [e for e in run_checks(tags=["security"]) if (e.id or "").startswith("forebyg.E80")]


def test_assurance_levels_are_read_from_names_and_uris():
    assert conf.level_of("High") > conf.level_of("substantial") > conf.level_of("Low") > 0
    assert conf.level_of("https://data.gov.dk/concept/core/nsis/loa/Substantial") == 2
    assert conf.level_of(3) == conf.level_of("") == conf.level_of("Very high") == 0
