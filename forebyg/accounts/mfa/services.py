"""Enroll a TOTP device, verify a code after the password, reset a user's devices. Each write
happens in one transaction with its audit event; no secret and no code ever reaches the log."""

import re
from dataclasses import dataclass
from typing import Any

import django_otp
from django.db import transaction
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from forebyg.accounts import selectors
from forebyg.accounts.mfa import recovery
from forebyg.accounts.models import User
from forebyg.accounts.sessions import end_all_sessions
from forebyg.audit import services as audit

AUTHENTICATION = "authentication"
ADMINISTRATION = "administration"
TOTP_DEVICE_NAME = "authenticator"
TOTP_CODE = re.compile(r"\d{6}")


@dataclass(frozen=True)
class Outcome:
    verified: bool
    throttled: bool = False


def normalise(code: str) -> str:
    """The code as typed, without the spaces and dashes people add when copying it."""
    return re.sub(r"[\s-]", "", code).lower()


def confirmed_totp(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator, if they have enrolled one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def enrollment_device(user: User) -> TOTPDevice:
    """The unconfirmed device under enrollment: the same one until confirmed, so a reload keeps
    the QR code the user may have scanned already."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def _record(user: User, verb: str, after: dict[str, Any] | None = None) -> None:
    organisation = selectors.first_organisation(user)
    audit.record(user, verb, user, organisation=organisation, purpose=AUTHENTICATION, after=after)


def _session_verified(request: HttpRequest, device: Any) -> None:
    """Mark the session verified by `device`, with a new session id (a privilege change)."""
    request.session.cycle_key()
    django_otp.login(request, device)


def confirm_enrollment(request: HttpRequest, user: User, code: str) -> list[str] | None:
    """Confirm the device under enrollment with its first code; returns new recovery codes."""
    with transaction.atomic():
        device = enrollment_device(user)
        if not device.verify_token(normalise(code)):
            _record(user, "user.mfa_failed", {"step": "enrollment"})
            return None
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = recovery.replace_recovery_codes(user)
        _record(user, "user.mfa_enrolled", {"recovery_codes": len(codes)})
        _session_verified(request, device)
    return codes


def verify(request: HttpRequest, user: User, code: str) -> Outcome:
    """Check a code after the password: the authenticator's, or a recovery code (used up)."""
    code = normalise(code)
    # Six digits: the authenticator's; anything else: a recovery code.
    totp = TOTP_CODE.fullmatch(code)
    device: TOTPDevice | StaticDevice | None = (
        confirmed_totp(user) if totp else recovery.recovery_device(user)
    )
    with transaction.atomic():
        if device is None:
            _record(user, "user.mfa_failed", {"step": "verification"})
            return Outcome(verified=False)
        allowed, _ = device.verify_is_allowed()
        if not allowed or not device.verify_token(code):
            # verify_token counts the failure on the device: django-otp's throttling.
            _record(user, "user.mfa_failed", {"step": "verification", "throttled": not allowed})
            return Outcome(verified=False, throttled=not allowed)
        if isinstance(device, StaticDevice):
            _record(user, "user.mfa_recovery_used", {"remaining": recovery.remaining(device)})
        method = "recovery_code" if isinstance(device, StaticDevice) else "totp"
        _record(user, "user.mfa_verified", {"method": method})
        _session_verified(request, device)
    return Outcome(verified=True)


def reset_devices(actor: User, user: User) -> None:
    """Remove the user's authenticators and recovery codes and end their sessions: the next
    login enrolls anew. Audited as `user.mfa_reset`."""
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).delete()[0]
        removed += StaticDevice.objects.filter(user=user).delete()[0]
        audit.record(
            actor, "user.mfa_reset", user, purpose=ADMINISTRATION, after={"removed": removed}
        )
        end_all_sessions(user, by=actor)
