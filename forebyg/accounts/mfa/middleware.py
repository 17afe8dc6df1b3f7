"""Until a local login that needs MFA is confirmed with a code, every page except the MFA pages,
logout, the public pages and static assets sends the user to the MFA step.

Not django_otp's OTPMiddleware: it loads the device on every request that touches the user (one
query more on every page). Here the session's device id is the proof (django_otp.login stores it
after a correct code), and resetting a user's devices ends their sessions (services.reset_devices),
so the id cannot outlive the device. The admin checks the device itself (admin_site)."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from forebyg.accounts.mfa import conf
from forebyg.accounts.mfa.views import step_url
from forebyg.core.access_policy import rule_for

OPEN_ROUTES = frozenset(
    {"accounts:mfa_verify", "accounts:mfa_enroll", "accounts:mfa_recovery_codes", "accounts:logout"}
)
# The API's gate is its bearer token, never the session (forebyg/api/policy.py).
OPEN_NAMESPACES = frozenset({"api"})


def is_open(request: HttpRequest) -> bool:
    """Whether the path opens before the second factor: MFA pages, logout, public, static."""
    if request.path_info.startswith(settings.STATIC_URL):
        return True
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return True  # a 404 whatever happens
    if match.view_name in OPEN_ROUTES or match.namespace in OPEN_NAMESPACES:
        return True
    rule = rule_for(match.view_name)
    return bool(rule and rule.public)


class MFARequiredMiddleware:
    """Send a logged-in user whose MFA step is pending to it (issue 7 point 2)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if conf.pending(request) and not is_open(request):
            return _to_mfa_step(request)
        return self.get_response(request)


def _to_mfa_step(request: HttpRequest) -> HttpResponse:
    next_url = request.get_full_path() if request.method in ("GET", "HEAD") else ""
    target = step_url(next_url)
    if request.headers.get("HX-Request") == "true":
        # htmx would swap the MFA page into a fragment: load it as a whole page instead.
        return HttpResponse(headers={"HX-Redirect": target})
    return redirect(target)
