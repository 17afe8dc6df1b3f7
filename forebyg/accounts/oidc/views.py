"""The two OIDC routes: start a login at the provider, and take the provider's answer. Both are
404 while OIDC is switched off. Every refusal is logged and audited; a login is audited."""

import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, resolve_url
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from forebyg.accounts import selectors
from forebyg.accounts.models import User
from forebyg.accounts.oidc import conf, refusals
from forebyg.accounts.oidc.backend import LOGIN_ATTRIBUTE, OIDCBackend
from forebyg.accounts.oidc.refusals import AUTHENTICATION, LoginRefused
from forebyg.audit import services as audit

STATE_MAX_AGE_SECONDS = 10 * 60  # a login left at the provider longer than this starts over
LEVEL_NAMES = {rank: name for name, rank in conf.LEVELS.items()}
NOT_LINKED = {"unknown_user", "inactive_user", "unknown_organisation", "organisation_mismatch"}


class AuthenticateView(OIDCAuthenticationRequestView):  # type: ignore[misc]
    """Send the browser to the provider with a fresh state, nonce and PKCE challenge. A user who
    is logged in already is stepping up: the provider is asked to authenticate them anew."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not conf.enabled():
            raise Http404
        response: HttpResponse = super().dispatch(request, *args, **kwargs)
        if request.user.is_authenticated and response.status_code == 302:
            # Mark this login's state, so the callback demands a fresh auth_time.
            state = parse_qs(urlsplit(response["Location"]).query)["state"][0]
            states = request.session["oidc_states"]
            states[state]["reauthenticate"] = True
            request.session["oidc_states"] = states
        return response

    def get_extra_params(self, request: HttpRequest) -> dict[str, str]:
        params = dict(super().get_extra_params(request))
        if request.user.is_authenticated:
            # OIDC Core 3.1.2.1: prompt=login asks again; max_age=0 makes auth_time required.
            params.update({"prompt": "login", "max_age": "0"})
        return params


@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    """Take the provider's answer: log the user in, or refuse with a logged, audited reason."""
    if not conf.enabled():
        raise Http404
    # Read before login(), which may flush the session.
    next_url = request.session.pop("oidc_login_next", None) or resolve_url(
        settings.LOGIN_REDIRECT_URL
    )
    try:
        state = _take_state(request)
        user = OIDCBackend().authenticate(
            request,
            nonce=state.get("nonce"),
            code_verifier=state.get("code_verifier"),
            reauthenticated_since=state.get("added_on") if state.get("reauthenticate") else None,
        )
        if user is None:
            raise LoginRefused("invalid_token")
    except LoginRefused as refusal:
        refusals.record(refusal)
        messages.error(request, _refusal_message(refusal.reason))
        return redirect("accounts:login")
    _log_in(request, user)
    return HttpResponseRedirect(next_url)


def _take_state(request: HttpRequest) -> dict[str, Any]:
    """The login this answer belongs to, removed from the session so it cannot be used again."""
    states = request.session.get("oidc_states")
    state = request.GET.get("state", "")
    entry = states.pop(state, None) if isinstance(states, dict) and state else None
    if entry is not None:
        request.session["oidc_states"] = states
        request.session.save()  # spent now, even if the rest of the login fails
    if request.GET.get("error"):
        raise LoginRefused("provider_error")
    if (
        not isinstance(entry, dict)
        or not request.GET.get("code")
        or time.time() - float(entry.get("added_on", 0)) > STATE_MAX_AGE_SECONDS
    ):
        raise LoginRefused("unknown_state")
    return entry


def _log_in(request: HttpRequest, user: User) -> None:
    """Start the session (a new session id) and audit the login in one transaction."""
    details = getattr(request, LOGIN_ATTRIBUTE, {})
    level = LEVEL_NAMES.get(details.get("level", 0), "")
    with transaction.atomic():
        auth_login(request, user, backend=settings.FOREBYG_OIDC_BACKEND)
        # Kept for later checks (step-up); the level this session was authenticated at.
        request.session["forebyg_assurance_level"] = level
        audit.record(
            user,
            "user.logged_in",
            user,
            organisation=details.get("organisation") or selectors.first_organisation(user),
            purpose=AUTHENTICATION,
            after={"method": "oidc", "assurance_level": level},
        )


def _refusal_message(reason: str) -> str:
    if reason == "assurance_too_low":
        return _(
            "Your roles in Forebyg need a higher assurance level than this login had. "
            "Log in again with MitID at a higher assurance level."
        )
    if reason in NOT_LINKED:
        return _(
            "Your MitID Erhverv login is not linked to a user in Forebyg for this organisation. "
            "Ask your organisation's administrator."
        )
    return _("Login with MitID Erhverv failed. Please try again.")
