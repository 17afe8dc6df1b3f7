"""The lockout after repeated failed logins (django-axes): our own login page with the message,
the client's address, a log line without names, and the `user.locked_out` audit event."""

import hashlib
import hmac
import logging
from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from forebyg.accounts import selectors
from forebyg.accounts.models import User
from forebyg.audit import services as audit

logger = logging.getLogger("forebyg.accounts.lockout")

AUTHENTICATION = "authentication"
USERNAME_MAX_LENGTH = 150
LOCKED_OUT_STATUS = 429


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """Our login page with the lockout message (AXES_LOCKOUT_CALLABLE), HTTP 429."""
    from forebyg.accounts.views import login_options  # the views import this module's app

    context = {
        "form": AuthenticationForm(request),
        "locked_out": True,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        **login_options(),
    }
    return render(request, "accounts/login.html", context, status=LOCKED_OUT_STATUS)


def client_ip(request: HttpRequest) -> str:
    """The client's address (AXES_CLIENT_IP_CALLABLE); behind our proxy, the one it appended."""
    if settings.FOREBYG_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        # Right-most: the entry our own proxy added. Entries left of it are the client's word.
        if last := forwarded.rsplit(",", 1)[-1].strip():
            return last
    return str(request.META.get("REMOTE_ADDR", ""))


def client_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The username axes counts (AXES_USERNAME_CALLABLE): as typed, cut to what a username can
    be, so a very long one is counted instead of overflowing axes' column."""
    field = str(getattr(settings, "AXES_USERNAME_FORM_FIELD", "username"))  # set by axes.conf
    username = credentials.get(field) if credentials else request.POST.get(field)
    return str(username)[:USERNAME_MAX_LENGTH] if username is not None else None


def client_label(username: str | None, ip_address: str, *args: Any) -> str:
    """How axes' log lines name a client (AXES_CLIENT_STR_CALLABLE): a keyed hash, no name."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{username}|{ip_address}".encode(), hashlib.sha256
    )
    return f"client={digest.hexdigest()[:16]}"


@receiver(user_locked_out)
def audit_lockout(sender: Any, request: HttpRequest, username: str | None, **kwargs: Any) -> None:
    """Log and audit the moment a username and address become locked (not each later attempt)."""
    # axes sets the failure count only when this failure is the one that locks; an attempt made
    # during a lockout is refused before counting and audited as user.login_failed instead.
    if getattr(request, "axes_failures_since_start", None) is None:
        return
    name = (username or "")[:USERNAME_MAX_LENGTH]
    user = User.objects.filter(username=name).first() if name else None
    logger.warning(
        "login locked out user_id=%s",
        user.pk if user else None,
        extra={"event": "user.locked_out", "user_id": user.pk if user else None},
    )
    audit.record(
        None,
        "user.locked_out",
        user,
        organisation=selectors.first_organisation(user) if user else None,
        purpose=AUTHENTICATION,
        after={"username": name, "failures": request.axes_failures_since_start},  # type: ignore[attr-defined]
    )
