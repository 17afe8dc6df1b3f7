"""CPR numbers never in URLs: a request whose path or query string holds something that looks like
a CPR number is refused with our 400 page before any view sees it.

URLs end up in server logs, proxy logs and browser histories, where the audit log's protection
does not reach. Our own forms that take a CPR number or a name post them (SECURITY.md); this guard
catches a link or a bookmark that would carry one anyway. Names cannot be detected reliably."""

import logging
from collections.abc import Callable
from urllib.parse import unquote_plus

from django.http import HttpRequest, HttpResponse

from forebyg.core.cpr import find_cpr
from forebyg.core.views import bad_request

logger = logging.getLogger(__name__)


def looks_like_cpr(text: str) -> bool:
    """True when `text` holds a CPR number by forebyg.core.cpr.find_cpr's rule; a birth date in
    the future still counts, as only the date tells a CPR number from other digits."""
    return find_cpr(text, future_counts=True) is not None


def url_carries_cpr(request: HttpRequest) -> bool:
    """True when the decoded path or query string looks like it holds a CPR number."""
    raw_query = request.META.get("QUERY_STRING", "")
    return looks_like_cpr(unquote_plus(request.path)) or looks_like_cpr(unquote_plus(raw_query))


class CprInUrlMiddleware:
    """Answer 400 (our Danish error page) when a URL carries something that looks like a CPR."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if url_carries_cpr(request):
            # Logged without the URL: the URL is the personal data.
            logger.warning("refused a request whose URL looks like it holds a CPR number")
            response = bad_request(request)
            # Django's request logger would log this 4xx with its path ("Bad Request: /..."):
            # mark it as logged already, as Django does for a response it has logged itself.
            response._has_been_logged = True  # type: ignore[attr-defined]
            return response
        return self.get_response(request)
