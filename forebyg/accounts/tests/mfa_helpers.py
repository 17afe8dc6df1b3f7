"""Shared by the MFA tests: an authenticator's current code, and a user with a device."""

import re

from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from forebyg.accounts.tests.factories import PASSWORD

VERIFY = reverse("accounts:mfa_verify")
ENROLL = reverse("accounts:mfa_enroll")
RECOVERY = reverse("accounts:mfa_recovery_codes")
START = reverse("accounts:start")


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The six digits the device's app shows now (or `steps_ahead` periods later)."""
    return f"{totp(device.bin_key, step=device.step, drift=steps_ahead):06d}"


def wrong_code(device: TOTPDevice) -> str:
    right = {code_for(device, steps_ahead=n) for n in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in right)


def device_for(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def log_in_with_password(client, user):
    """The password step only, through the login form."""
    return client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})


def shown_secret(response) -> str:
    match = re.search(r'id="mfa-secret">([A-Z2-7 ]+)<', response.text)
    assert match, "the enrollment page shows the secret as text"
    return match.group(1).replace(" ", "")
