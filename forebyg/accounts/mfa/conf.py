"""Who needs a second factor, and whether this session has given it. Read from the session, so
asking costs no query beyond the user's memberships (cached on the user for the request)."""

from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.http import HttpRequest
from django_otp import DEVICE_ID_SESSION_KEY


def enforced() -> bool:
    return bool(settings.MFA_ENFORCED)


def required_roles() -> tuple[str, ...]:
    return tuple(settings.MFA_REQUIRED_ROLES)


def needs_mfa(user: Any) -> bool:
    """Whether the user holds a role that reaches personal data (settings.MFA_REQUIRED_ROLES)."""
    return bool(user.is_authenticated and user.has_role(*required_roles()))


def logged_in_with_provider(request: HttpRequest) -> bool:
    """An OIDC login: the provider's NSIS assurance level covers the second factor (0008)."""
    return bool(request.session.get(BACKEND_SESSION_KEY) == settings.FOREBYG_OIDC_BACKEND)


def session_verified(request: HttpRequest) -> bool:
    """Whether this session was confirmed with a code (django_otp.login stores the device id).

    Resetting a user's devices ends their sessions, so a stored id cannot outlive its device."""
    return bool(request.session.get(DEVICE_ID_SESSION_KEY))


def pending(request: HttpRequest) -> bool:
    """Whether the logged-in user must still give a code before anything else opens."""
    if not enforced() or not request.user.is_authenticated:
        return False
    if session_verified(request) or logged_in_with_provider(request):
        return False
    return needs_mfa(request.user)


def admin_session_verified(request: HttpRequest) -> bool:
    """For the admin: the session's second factor is a confirmed device of this very user (or the
    login came through the identity provider). Checked against the database, once per request."""
    if not enforced() or logged_in_with_provider(request):
        return True
    cached: bool | None = getattr(request, "_forebyg_admin_mfa", None)
    if cached is None:
        from django_otp.models import Device  # the app registry is ready by the first request

        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        device = Device.from_persistent_id(persistent_id) if persistent_id else None
        cached = bool(device and device.confirmed and device.user_id == request.user.pk)
        request._forebyg_admin_mfa = cached  # type: ignore[attr-defined]
    return cached
