"""Enrollment: after the password, a user whose role reaches personal data and who has no
authenticator sets one up (QR code as inline SVG, the secret as text), confirms it with a code,
and is shown recovery codes once."""

from base64 import b32decode
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import translation
from django.utils.translation import gettext
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from forebyg.accounts.mfa import services
from forebyg.accounts.tests.mfa_helpers import (
    ENROLL,
    RECOVERY,
    START,
    VERIFY,
    code_for,
    log_in_with_password,
    shown_secret,
    wrong_code,
)
from forebyg.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _enforced(settings):
    settings.MFA_ENFORCED = True


def _enroll_page(client, user):
    log_in_with_password(client, user)
    response = client.get(ENROLL)
    assert response.status_code == 200
    return response


def test_a_coordinator_without_a_device_is_sent_to_enrollment_after_the_password(
    unverified_client, municipal_coordinator
):
    response = log_in_with_password(unverified_client, municipal_coordinator)
    assert urlsplit(response["Location"]).path == VERIFY

    response = unverified_client.get(response["Location"])

    assert urlsplit(response["Location"]).path == ENROLL
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == [START]


def test_the_enrollment_page_shows_an_inline_svg_qr_code_and_the_secret_as_text(
    unverified_client, municipal_coordinator
):
    response = _enroll_page(unverified_client, municipal_coordinator)

    device = TOTPDevice.objects.get(user=municipal_coordinator, confirmed=False)
    assert '<svg role="img"' in response.text
    assert "<title>" in response.text  # its accessible name
    assert "<img" not in response.text.split('id="mfa-qr"')[1].split("</figure>")[0]
    assert b32decode(shown_secret(response)) == device.bin_key
    assert "style=" not in response.text.split('id="mfa-qr"')[1].split("</figure>")[0]


def test_reloading_the_enrollment_page_keeps_the_same_secret(
    unverified_client, municipal_coordinator
):
    first = shown_secret(_enroll_page(unverified_client, municipal_coordinator))
    second = shown_secret(unverified_client.get(ENROLL))

    assert first == second
    assert TOTPDevice.objects.filter(user=municipal_coordinator).count() == 1


def test_confirming_with_the_right_code_enrolls_and_shows_ten_recovery_codes_once(
    unverified_client, municipal_coordinator
):
    _enroll_page(unverified_client, municipal_coordinator)
    device = TOTPDevice.objects.get(user=municipal_coordinator)

    response = unverified_client.post(ENROLL, {"code": code_for(device), "next": START})

    assert urlsplit(response["Location"]).path == RECOVERY
    device.refresh_from_db()
    assert device.confirmed
    page = unverified_client.get(response["Location"])
    codes = StaticToken.objects.filter(device__user=municipal_coordinator)
    assert codes.count() == 10
    assert all(token.token in page.text for token in codes)
    assert unverified_client.get(RECOVERY).status_code == 302  # shown once only
    assert unverified_client.get(START).status_code == 200  # and the session is verified


def test_enrollment_is_audited_without_the_secret_or_the_codes(
    unverified_client, municipal_coordinator
):
    _enroll_page(unverified_client, municipal_coordinator)
    device = TOTPDevice.objects.get(user=municipal_coordinator)

    unverified_client.post(ENROLL, {"code": code_for(device)})

    event = AuditEvent.objects.get(verb="user.mfa_enrolled")
    assert event.actor == municipal_coordinator
    assert event.after == {"recovery_codes": 10}
    assert device.key not in str(event.after)


def test_a_wrong_code_does_not_enroll_and_says_so(unverified_client, municipal_coordinator):
    _enroll_page(unverified_client, municipal_coordinator)
    device = TOTPDevice.objects.get(user=municipal_coordinator)

    response = unverified_client.post(ENROLL, {"code": wrong_code(device)})

    assert response.status_code == 200
    device.refresh_from_db()
    assert not device.confirmed
    with translation.override("da"):
        message = gettext("The code is not correct. Type the six digits the app shows now.")
        response = unverified_client.post(ENROLL, {"code": "12"}, HTTP_ACCEPT_LANGUAGE="da")
    assert AuditEvent.objects.filter(verb="user.mfa_failed").count() == 2
    assert message in response.content.decode()
    assert unverified_client.get(START).status_code == 302


@pytest.mark.parametrize("code", ["", "1" * 33])
def test_an_empty_or_too_long_code_is_refused_without_a_change(
    unverified_client, municipal_coordinator, code
):
    _enroll_page(unverified_client, municipal_coordinator)

    response = unverified_client.post(ENROLL, {"code": code})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not TOTPDevice.objects.filter(user=municipal_coordinator, confirmed=True).exists()


def test_posting_the_same_confirmation_twice_enrolls_once(unverified_client, municipal_coordinator):
    _enroll_page(unverified_client, municipal_coordinator)
    device = TOTPDevice.objects.get(user=municipal_coordinator)
    code = code_for(device)

    unverified_client.post(ENROLL, {"code": code})
    second = unverified_client.post(ENROLL, {"code": code})

    assert second.status_code == 302  # enrolled already: on to where the user was going
    assert AuditEvent.objects.filter(verb="user.mfa_enrolled").count() == 1
    assert TOTPDevice.objects.filter(user=municipal_coordinator).count() == 1


def test_enrollment_replaces_earlier_unconfirmed_devices(municipal_coordinator, rf):
    stale = TOTPDevice.objects.create(user=municipal_coordinator, confirmed=False)
    device = services.enrollment_device(municipal_coordinator)

    assert device == stale
