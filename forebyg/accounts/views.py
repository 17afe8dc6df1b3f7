"""Log in, log out and the signed-in user's start page. Each login and logout is audited here,
in the same transaction as the session change."""

from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _

from forebyg.accounts import selectors
from forebyg.accounts.mfa import conf as mfa_conf
from forebyg.accounts.mfa.views import step_url as mfa_step_url
from forebyg.accounts.models import User
from forebyg.audit import services as audit

AUTHENTICATION = "authentication"
USERNAME_MAX_LENGTH = 150


class LoginView(auth_views.LoginView):
    """Django's login view (safe `next`, CSRF, no caching), with every attempt audited."""

    template_name = "accounts/login.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.LOCAL_LOGIN_ENABLED:
            raise Http404  # this deployment logs in through its identity provider only
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), **login_options()}

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        with transaction.atomic():
            auth_login(self.request, user)
            audit.record(
                user,
                "user.logged_in",
                user,
                organisation=selectors.first_organisation(user),
                purpose=AUTHENTICATION,
            )
        if mfa_conf.pending(self.request):  # a role with personal data: a code comes next
            return HttpResponseRedirect(mfa_step_url(self.get_success_url()))
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        # The attempted username only: never the password, which may be a real one mistyped.
        username = str(self.request.POST.get("username", ""))[:USERNAME_MAX_LENGTH]
        after: dict[str, Any] = {"username": username}
        if getattr(self.request, "axes_locked_out", False):
            after["locked_out"] = True  # refused by the lockout, whatever the password was
        audit.record(None, "user.login_failed", purpose=AUTHENTICATION, after=after)
        return super().form_invalid(form)


def login_options() -> dict[str, Any]:
    """Which ways in the login page offers; both are settings (docs/decisions/0008)."""
    return {
        "local_login_enabled": settings.LOCAL_LOGIN_ENABLED,
        "oidc_enabled": settings.FOREBYG_OIDC_ENABLED,
    }


class LogoutView(auth_views.LogoutView):
    """Django's POST-only logout view, audited before the session ends."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        with transaction.atomic():
            if isinstance(user, User):
                audit.record(
                    user,
                    "user.logged_out",
                    user,
                    organisation=selectors.first_organisation(user),
                    purpose=AUTHENTICATION,
                )
            response = super().post(request, *args, **kwargs)
        messages.success(request, _("You are logged out."))
        return response


@login_required
def start(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # login_required lets only a signed-in user through
    context = {
        "memberships": selectors.memberships_of(user),
        "sections": selectors.role_sections(user),
    }
    return render(request, "accounts/start.html", context)
