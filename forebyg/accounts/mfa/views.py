"""The MFA step after the password: enroll an authenticator (QR code, then recovery codes shown
once), or give a code. The middleware sends every other request here until this is done."""

from typing import cast
from urllib.parse import urlencode

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from forebyg.accounts.mfa import conf, qr, services
from forebyg.accounts.mfa.forms import CodeForm
from forebyg.accounts.models import User
from forebyg.accounts.stepup import safe_next

RECOVERY_CODES_SESSION_KEY = "forebyg_mfa_recovery_codes"  # shown once, then removed


def step_url(next_url: str = "") -> str:
    """The MFA step (verification; it sends a user without a device on to enrollment)."""
    url = reverse("accounts:mfa_verify")
    return f"{url}?{urlencode({REDIRECT_FIELD_NAME: next_url})}" if next_url else url


def _next(request: HttpRequest) -> str:
    return safe_next(request, request.POST.get("next") or request.GET.get("next"))


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"


def _done(request: HttpRequest) -> bool:
    return conf.session_verified(request) or conf.logged_in_with_provider(request)


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Ask for the authenticator's code (or a recovery code) after the password."""
    user = cast(User, request.user)  # behind login_required
    next_url = _next(request)
    if _done(request):
        return redirect(next_url)
    if services.confirmed_totp(user) is None:
        return redirect(_with_next("accounts:mfa_enroll", next_url))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = services.verify(request, user, form.cleaned_data["code"])
        if outcome.verified:
            return redirect(next_url)
        form.add_error("code", _wrong_code_message(outcome.throttled))
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": next_url})


def _wrong_code_message(throttled: bool) -> str:
    if throttled:
        return _("Too many wrong codes. Wait a minute, then try again with a new code.")
    return _(
        "The code is not correct. Type the six digits your authenticator app shows now, "
        "or one of your recovery codes."
    )


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def enroll(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the secret), confirm a code."""
    user = cast(User, request.user)  # behind login_required
    next_url = _next(request)
    if services.confirmed_totp(user) is not None or conf.logged_in_with_provider(request):
        return redirect(step_url(next_url) if not _done(request) else next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.confirm_enrollment(request, user, form.cleaned_data["code"])
        if codes is not None:
            request.session[RECOVERY_CODES_SESSION_KEY] = codes
            return redirect(_with_next("accounts:mfa_recovery_codes", next_url))
        form.add_error("code", _("The code is not correct. Type the six digits the app shows now."))
    device = services.enrollment_device(user)
    context = {
        "form": form,
        "next": next_url,
        "qr_svg": qr.qr_svg(device, _("QR code for your authenticator app")),
        "secret": qr.secret_text(device),
    }
    return render(request, "accounts/mfa_enroll.html", context)


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The new recovery codes, shown this once (they leave the session now)."""
    next_url = _next(request)
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    if not codes:
        return redirect(next_url)
    return render(request, "accounts/mfa_recovery_codes.html", {"codes": codes, "next": next_url})
