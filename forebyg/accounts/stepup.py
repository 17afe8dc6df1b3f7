"""Step-up: exports, identity reveals, cross-organisation disclosures, deletions and role changes
need an authentication within the last FOREBYG_STEP_UP_SECONDS (5 minutes, issue 7 point 4).

Every login counts (forebyg.accounts.sessions stores its time). Later, the user re-enters their
password on the step-up page (local accounts) or logs in again with the identity provider (OIDC
accounts: the login sets the time too). A GET comes back to the same address afterwards; a POST
comes back to the page its form was on, since the posted data is not kept."""

import functools
from collections.abc import Callable
from typing import Any, cast
from urllib.parse import urlencode, urlsplit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, authenticate
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from forebyg.accounts import sessions
from forebyg.accounts.models import User
from forebyg.audit import services as audit

View = Callable[..., HttpResponseBase]


def safe_next(request: HttpRequest, candidate: str | None) -> str:
    """`candidate` if it is a local address of this site, else the start page."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _return_address(request: HttpRequest) -> str:
    """Where to come back after the step-up: this address for a GET, the form's page for a POST."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = urlsplit(request.headers.get("Referer", ""))
    # Only the path and query of our own page: a foreign Referer is dropped by safe_next().
    local = referer.path + (f"?{referer.query}" if referer.query else "")
    same_site = not referer.netloc or referer.netloc == request.get_host()
    return local if same_site and local else ""


def step_up_redirect(request: HttpRequest) -> HttpResponse:
    """Send the user to the step-up page, remembering where to come back to."""
    url = reverse("accounts:step_up")
    back = safe_next(request, _return_address(request))
    target = f"{url}?{urlencode({REDIRECT_FIELD_NAME: back})}"
    if request.headers.get("HX-Request") == "true":
        # htmx would swap the step-up page into a fragment: load it as a whole page instead.
        return HttpResponse(headers={"HX-Redirect": target})
    return redirect(target)


def step_up_needed(request: HttpRequest) -> HttpResponse | None:
    """The step-up redirect when the user has not authenticated recently, else None: for views
    where only some actions (a deletion) need it."""
    if request.user.is_authenticated and not sessions.authenticated_recently(request):
        return step_up_redirect(request)
    return None


def requires_recent_authentication(view: View) -> View:
    """Let the view run only if the user authenticated within the last few minutes."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not sessions.authenticated_recently(request):
            return step_up_redirect(request)
        return view(request, *args, **kwargs)

    return wrapper


class StepUpAdminMixin:
    """For ModelAdmins whose add, change and delete pages and bulk actions change roles or
    access: each needs a recent authentication, like the views with the decorator."""

    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not sessions.authenticated_recently(request):
            return step_up_redirect(request)
        return super().changeform_view(request, *args, **kwargs)  # type: ignore[misc]

    def delete_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not sessions.authenticated_recently(request):
            return step_up_redirect(request)
        return super().delete_view(request, *args, **kwargs)  # type: ignore[misc]

    def changelist_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # A bulk action (delete selected, log out everywhere) is a POST to the list.
        if request.method == "POST" and not sessions.authenticated_recently(request):
            return step_up_redirect(request)
        return super().changelist_view(request, *args, **kwargs)  # type: ignore[misc]


class StepUpForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def _confirm_password(request: HttpRequest, form: StepUpForm) -> bool:
    """Check the password through the authentication backends, so the lockout counts failures."""
    password = form.cleaned_data["password"]
    user = authenticate(request, username=request.user.get_username(), password=password)
    if user is None or user.pk != request.user.pk:
        form.add_error("password", _("The password is not correct."))
        return False
    return True


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def step_up(request: HttpRequest) -> HttpResponse:
    """The step-up page: re-enter the password, then back to where the user was going."""
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    user = cast(User, request.user)  # behind login_required
    has_password = user.has_usable_password()
    form = StepUpForm(request.POST or None)
    confirmed = request.method == "POST" and has_password and form.is_valid()
    if confirmed and _confirm_password(request, form):
        with transaction.atomic():
            sessions.mark_authenticated(request)
            audit.record(user, "user.stepped_up", user)
        messages.success(request, _("Thank you. You may continue for the next few minutes."))
        return redirect(next_url)
    context = {
        "form": form,
        "next": next_url,
        "has_password": has_password,
        "oidc_enabled": settings.FOREBYG_OIDC_ENABLED,
    }
    return render(request, "accounts/step_up.html", context)
