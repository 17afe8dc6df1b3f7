"""Verification after the password: the authenticator's code or a recovery code (each once);
wrong codes are refused, audited and throttled; until verified only MFA pages, logout and
public pages open; OIDC logins and roles without personal data are exempt."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from forebyg.accounts.mfa import recovery
from forebyg.accounts.tests.mfa_helpers import (
    START,
    VERIFY,
    code_for,
    device_for,
    log_in_with_password,
    wrong_code,
)
from forebyg.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
CASES = reverse("cases:dashboard")


@pytest.fixture(autouse=True)
def _enforced(settings):
    settings.MFA_ENFORCED = True


@pytest.fixture
def coordinator_device(municipal_coordinator):
    return device_for(municipal_coordinator)


def test_a_user_with_a_device_is_asked_for_the_code_after_the_password(
    unverified_client, municipal_coordinator, coordinator_device
):
    response = log_in_with_password(unverified_client, municipal_coordinator)

    assert urlsplit(response["Location"]).path == VERIFY
    assert unverified_client.get(response["Location"]).status_code == 200


def test_the_right_code_verifies_the_session_with_a_new_id_and_is_audited(
    unverified_client, municipal_coordinator, coordinator_device
):
    log_in_with_password(unverified_client, municipal_coordinator)
    before = unverified_client.session.session_key

    response = unverified_client.post(VERIFY, {"code": code_for(coordinator_device), "next": CASES})

    assert response["Location"] == CASES
    assert unverified_client.session.session_key != before
    assert unverified_client.get(CASES).status_code == 200
    event = AuditEvent.objects.get(verb="user.mfa_verified")
    assert event.actor == municipal_coordinator
    assert event.after == {"method": "totp"}


def test_a_code_is_accepted_only_once(unverified_client, municipal_coordinator, coordinator_device):
    code = code_for(coordinator_device)
    log_in_with_password(unverified_client, municipal_coordinator)
    assert unverified_client.post(VERIFY, {"code": code}).status_code == 302
    unverified_client.post(reverse("accounts:logout"))

    log_in_with_password(unverified_client, municipal_coordinator)
    response = unverified_client.post(VERIFY, {"code": code})  # replayed

    assert response.status_code == 200
    assert unverified_client.get(START).status_code == 302


def test_a_wrong_code_is_refused_with_a_message_audited_and_throttled(
    unverified_client, municipal_coordinator, coordinator_device
):
    log_in_with_password(unverified_client, municipal_coordinator)

    with translation.override("da"):
        expected = gettext(
            "The code is not correct. Type the six digits your authenticator app shows now, "
            "or one of your recovery codes."
        )
    response = unverified_client.post(VERIFY, {"code": wrong_code(coordinator_device)})

    assert response.status_code == 200
    assert expected in response.content.decode()
    assert unverified_client.get(START).status_code == 302
    event = AuditEvent.objects.get(verb="user.mfa_failed")
    assert event.after == {"step": "verification", "throttled": False}
    # Right after a failure, even the right code waits (django-otp's growing delay).
    response = unverified_client.post(VERIFY, {"code": code_for(coordinator_device)})
    assert response.status_code == 200
    failures = AuditEvent.objects.filter(verb="user.mfa_failed").order_by("pk")
    assert [(e.after or {})["throttled"] for e in failures] == [False, True]
    assert not AuditEvent.objects.filter(verb="user.mfa_verified").exists()


def test_a_recovery_code_verifies_once_and_is_audited(
    unverified_client, municipal_coordinator, coordinator_device
):
    codes = recovery.replace_recovery_codes(municipal_coordinator)
    log_in_with_password(unverified_client, municipal_coordinator)

    response = unverified_client.post(VERIFY, {"code": codes[0].upper()})

    assert response.status_code == 302
    assert unverified_client.get(START).status_code == 200
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    used = AuditEvent.objects.get(verb="user.mfa_recovery_used")
    assert used.after == {"remaining": 9}
    assert codes[0] not in str(used.after)
    assert AuditEvent.objects.get(verb="user.mfa_verified").after == {"method": "recovery_code"}


@pytest.mark.parametrize("code", ["", "x" * 40])
def test_an_empty_or_too_long_code_is_refused(
    unverified_client, municipal_coordinator, coordinator_device, code
):
    log_in_with_password(unverified_client, municipal_coordinator)

    response = unverified_client.post(VERIFY, {"code": code})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert unverified_client.get(START).status_code == 302


def test_until_verified_closed_pages_redirect_to_the_mfa_step(
    unverified_client, municipal_coordinator, coordinator_device
):
    log_in_with_password(unverified_client, municipal_coordinator)

    response = unverified_client.get(CASES)

    assert urlsplit(response["Location"]).path == VERIFY
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == [CASES]
    assert unverified_client.get(reverse("admin:index")).status_code == 302
    htmx = unverified_client.get(CASES, HTTP_HX_REQUEST="true")
    assert urlsplit(htmx["HX-Redirect"]).path == VERIFY


def test_until_verified_public_pages_static_files_and_logout_still_open(
    unverified_client, municipal_coordinator, coordinator_device
):
    log_in_with_password(unverified_client, municipal_coordinator)

    assert unverified_client.get(reverse("prevention:home")).status_code == 200
    assert unverified_client.get(reverse("legal:list")).status_code == 200
    assert unverified_client.get(settings.STATIC_URL + "app.css").status_code != 302
    response = unverified_client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in unverified_client.session


@pytest.mark.parametrize("persona", ["professional", "plan_owner", "analyst"])
def test_roles_without_personal_data_need_no_second_factor(unverified_client, request, persona):
    user = request.getfixturevalue(persona)

    response = log_in_with_password(unverified_client, user)

    assert response["Location"] == START
    assert unverified_client.get(START).status_code == 200


def test_an_oidc_login_is_exempt(client, provider, oidc_login, municipal_coordinator):
    """The provider's assurance level covers the second factor (docs/decisions/0008)."""
    municipal_coordinator.oidc_subject = "uuid-coordinator"
    municipal_coordinator.save(update_fields=["oidc_subject"])

    response, _ = oidc_login(provider.claims_for("uuid-coordinator"))

    assert response.url == START
    assert client.session[BACKEND_SESSION_KEY] == settings.FOREBYG_OIDC_BACKEND
    assert client.get(CASES).status_code == 200
    assert not TOTPDevice.objects.filter(user=municipal_coordinator).exists()


def test_nothing_is_enforced_when_the_setting_is_off(
    settings, unverified_client, municipal_coordinator
):
    settings.MFA_ENFORCED = False

    response = log_in_with_password(unverified_client, municipal_coordinator)

    assert response["Location"] == START
    assert unverified_client.get(CASES).status_code == 200


def test_the_test_client_logs_in_verified(client, municipal_coordinator):
    client.force_login(municipal_coordinator)

    assert client.get(CASES).status_code == 200
