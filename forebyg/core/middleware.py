import uuid
from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from forebyg.accounts import sessions
from forebyg.accounts.models import User
from forebyg.audit import services as audit
from forebyg.core.access_policy import rule_for
from forebyg.core.request_context import current_request_id


class RequestIdMiddleware:
    """Give every request an id (or keep a proxy's X-Request-ID) for the audit log and responses."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        # Accept only a plain token from a proxy, so no one can smuggle text into the audit log.
        request_id = incoming if _is_plain_token(incoming) else uuid.uuid4().hex
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


def _is_plain_token(value: str) -> bool:
    return 0 < len(value) <= 64 and all(c.isalnum() or c in "-_" for c in value)


class DanishFirstLocaleMiddleware(LocaleMiddleware):
    """Danish unless the user chose English with the language switch (docs/decisions/0006).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a Danish caseworker
    with an English browser would get English pages they never asked for."""

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        offered = {code for code, _name in settings.LANGUAGES}
        translation.activate(chosen if chosen in offered else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()


class SessionLifetimeMiddleware:
    """End a session that is idle too long, too old, ended everywhere, or whose user is disabled.

    Runs after AuthenticationMiddleware on every request, so a disabled user or a session an
    administrator ended is logged out on the very next request (issue 7, points 4 and 5)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            reason = sessions.why_ended(request)
            if reason:
                return _end_session(request, reason)
            sessions.touch(request)
        elif SESSION_KEY in request.session:
            # The backend refused the session's user (disabled or deleted): end the session too,
            # rather than keep a logged-in session that only happens to resolve to no one.
            audit.record(None, "user.session_ended", None, after={"reason": "user_unavailable"})
            request.session.flush()
        return self.get_response(request)


def _end_session(request: HttpRequest, reason: str) -> HttpResponse:
    """Log out (the session is flushed server-side), audit why, and send the user to log in."""
    user = cast(User, request.user)  # only authenticated sessions end
    audit.record(user, "user.session_ended", user, after={"reason": reason})
    logout(request)
    messages.info(request, _("Your session has ended. Please log in again."))
    next_url = request.get_full_path() if request.method in ("GET", "HEAD") else ""
    response = redirect_to_login(next_url) if next_url else redirect(settings.LOGIN_URL)
    if request.headers.get("HX-Request") == "true":
        # htmx would swap the login page into a fragment: make it load the whole page instead.
        return HttpResponse(headers={"HX-Redirect": response["Location"]})
    return response


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response to a logged-in user and on every closed route.

    Pages with personal data must not stay in a browser's or a proxy's cache; marking every
    authenticated response is simpler and safer than deciding page by page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or not _is_public_route(request):
            add_never_cache_headers(response)
        return response


def _is_public_route(request: HttpRequest) -> bool:
    match = request.resolver_match
    if match is None:
        return True  # unresolved (a 404 or a static file): nothing personal to keep
    rule = rule_for(match.view_name)
    return rule is not None and rule.public
