# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""A fixed-window rate limit on Django's cache: at most `limit` hits per key per window.

The window is aligned to the epoch (a day-long window runs from midnight to midnight UTC), so
every server agrees on where it starts. The count lives in the cache, which by default is
per-process memory: a deployment with several app servers needs a shared cache (Redis) for the
limits to hold across them. A cache that loses the count (restart, eviction) errs on the side of
letting requests through; limits here guard against misuse, not against an attacker with root."""

import functools
import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

KEY_PREFIX = "ratelimit"


class RateLimited(Exception):
    """A request was refused because a limit was reached; `scope` says which limit."""

    def __init__(self, scope: str = "", *, retry_after: int | None = None) -> None:
        super().__init__(_("Too many requests. Try again later."))
        self.scope = scope
        self.retry_after = retry_after


def window_start(window_seconds: int, now: float | None = None) -> int:
    """The start (epoch seconds) of the fixed window that `now` falls in."""
    moment = int(time.time() if now is None else now)
    return moment - moment % window_seconds


def seconds_left(window_seconds: int, now: float | None = None) -> int:
    """Seconds until the current window ends (for a Retry-After header)."""
    moment = time.time() if now is None else now
    return max(1, int(window_start(window_seconds, moment) + window_seconds - moment))


def hit(
    key: str,
    *,
    limit: int,
    window_seconds: int,
    cache_alias: str = "default",
    now: float | None = None,
) -> bool:
    """Count one hit on `key`; True while the window's count is at most `limit`, else False."""
    if limit < 0 or window_seconds <= 0:
        raise ValueError("limit must be >= 0 and window_seconds > 0")
    cache = caches[cache_alias]
    cache_key = f"{KEY_PREFIX}:{key}:{window_start(window_seconds, now)}"
    # add() is a no-op when the key exists, so concurrent first hits do not reset each other;
    # incr() is atomic on Redis and Memcached and under a lock in LocMemCache.
    cache.add(cache_key, 0, timeout=window_seconds + 60)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # evicted between add() and incr(): start the window again
        cache.set(cache_key, 1, timeout=window_seconds + 60)
        count = 1
    return count <= limit


def count(key: str, *, window_seconds: int, cache_alias: str = "default") -> int:
    """How many hits `key` has in the current window (for tests and diagnostics)."""
    cache_key = f"{KEY_PREFIX}:{key}:{window_start(window_seconds)}"
    return int(caches[cache_alias].get(cache_key, 0))


# -- Limits on views: person searches and exports, per user and per organisation ------------------

logger = logging.getLogger(__name__)
View = Callable[..., HttpResponseBase]


def limits_for(name: str) -> tuple[int, int, int]:
    """The (per user, per organisation, window seconds) of a named limit in FOREBYG_RATE_LIMITS."""
    limit = settings.FOREBYG_RATE_LIMITS[name]
    return int(limit["user"]), int(limit["organisation"]), int(limit["window"])


def check_user_limits(name: str, user: Any) -> None:
    """Count one use of `name` by `user` and each of the user's organisations; raise RateLimited
    (and log it, without personal data) when a limit is passed."""
    per_user, per_organisation, window = limits_for(name)
    keys = [("user", f"{name}:user:{user.pk}", per_user)]
    organisation_ids = sorted({m.organisation_id for m in user.active_memberships()})
    keys += [
        ("organisation", f"{name}:organisation:{pk}", per_organisation) for pk in organisation_ids
    ]
    for scope, key, limit in keys:  # the user's first: a refused user uses none of the org's
        if not hit(key, limit=limit, window_seconds=window):
            # Only which limit: no user, no organisation, no search terms in the log.
            logger.warning("rate limit reached: %s per %s", name, scope)
            raise RateLimited(scope, retry_after=seconds_left(window))


def too_many_requests(request: HttpRequest, refused: RateLimited) -> HttpResponse:
    """Our 429 page (Danish unless English was chosen), with Retry-After."""
    context = {
        "status": 429,
        "title": gettext("Too many requests"),
        "text": gettext(
            "You have reached the limit for this kind of request. Try again later, or ask your "
            "coordinator if your work needs more."
        ),
    }
    response = render(request, "error.html", context, status=429)
    response["Retry-After"] = str(refused.retry_after or 60)
    return response


def rate_limited(name: str, *, methods: tuple[str, ...] = ("POST",)) -> Callable[[View], View]:
    """Count each `methods` request of the view against the named limit; 429 when it is passed."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method in methods and request.user.is_authenticated:
                try:
                    check_user_limits(name, request.user)
                except RateLimited as refused:
                    return too_many_requests(request, refused)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
