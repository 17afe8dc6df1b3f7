"""Bearer-token authentication, scope checks, the audited use, and the rate limit."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from forebyg.api import services
from forebyg.api.models import ApiToken
from forebyg.api.problems import ApiProblem
from forebyg.core import ratelimit

# Generous: the limit guards against a runaway client, not normal integration traffic.
TOKEN_LIMIT_PER_MINUTE = 600
ANONYMOUS_LIMIT_PER_MINUTE = 600
WINDOW = 60


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; unknown, expired or revoked tokens answer 401."""

    def __call__(self, request: HttpRequest) -> Any:
        result = super().__call__(request)
        if result is None:
            raise ApiProblem(401, _("Send a valid, unexpired API token as a Bearer token."))
        return result

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = services.authenticate(token)
        if found is not None:
            throttle(request, f"api:token:{found.pk}", TOKEN_LIMIT_PER_MINUTE)
        return found


def throttle(request: HttpRequest, key: str, limit: int) -> None:
    """Refuse with 429 once `key` made more than `limit` requests in the current minute."""
    if not ratelimit.hit(key, limit=limit, window_seconds=WINDOW):
        retry = str(ratelimit.seconds_left(WINDOW))
        raise ApiProblem(
            429, _("Too many requests. Try again later."), headers={"Retry-After": retry}
        )


def throttle_anonymous(request: HttpRequest) -> None:
    address = request.META.get("REMOTE_ADDR", "")
    throttle(request, f"api:anonymous:{address}", ANONYMOUS_LIMIT_PER_MINUTE)


def _route(request: HttpRequest) -> str:
    match = request.resolver_match
    return match.route if match is not None else ""


@contextmanager
def token_use(request: HttpRequest, scope: str) -> Iterator[ApiToken]:
    """Check the token's scope and log its use in one transaction with the read or write.

    A refused scope is logged too (403). When the work finds nothing or refuses the data (404,
    403, 422), the use stays logged: the attempt is part of the record."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    method, route = request.method or "", _route(request)
    if not token.has_scope(scope):
        with transaction.atomic():
            services.record_use(token, method=method, route=route, allowed=False)
        raise ApiProblem(403, _("This token lacks the scope %(scope)s.") % {"scope": scope})
    failure: Exception | None = None
    with transaction.atomic():
        services.record_use(token, method=method, route=route)
        try:
            yield token
        except (Http404, PermissionDenied, ValidationError, ApiProblem) as error:
            failure = error
    if failure is not None:
        raise failure
