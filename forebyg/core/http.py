"""Typed requests for views: django-htmx's `request.htmx` and an authenticated `request.user`."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from forebyg.accounts.models import User


class HtmxHttpRequest(HttpRequest):
    """A request that went through HtmxMiddleware; annotate views with it to use request.htmx."""

    htmx: HtmxDetails


class AuthenticatedHttpRequest(HtmxHttpRequest):
    """A request from a logged-in user (use in views behind @login_required)."""

    user: User  # type: ignore[assignment]
