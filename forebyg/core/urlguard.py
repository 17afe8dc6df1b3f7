"""CPR numbers never in URLs: a request whose path or query string holds something that looks like
a CPR number is refused with our 400 page before any view sees it.

URLs end up in server logs, proxy logs and browser histories, where the audit log's protection
does not reach. Our own forms that take a CPR number or a name post them (SECURITY.md); this guard
catches a link or a bookmark that would carry one anyway. Names cannot be detected reliably."""

import logging
import re
from collections.abc import Callable
from urllib.parse import unquote_plus

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from forebyg.core.cpr import parse_cpr
from forebyg.core.views import bad_request

logger = logging.getLogger(__name__)

# Ten digits, optionally DDMMYY-XXXX, not part of a longer run of digits.
_CANDIDATE = re.compile(r"(?<!\d)(\d{6})[-\s]?(\d{4})(?!\d)")
# A date that does not exist, or an invalid format, is not a CPR number; one in the future is
# still treated as one (the date check is the only thing that tells a CPR number apart).
_NOT_A_CPR = {"cpr_format", "cpr_date"}


def looks_like_cpr(text: str) -> bool:
    """True when `text` holds ten digits (with or without a hyphen) that start with a real date."""
    for match in _CANDIDATE.finditer(text):
        try:
            parse_cpr(f"{match.group(1)}-{match.group(2)}")
        except ValidationError as error:
            if error.code not in _NOT_A_CPR:
                return True
        else:
            return True
    return False


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
            return bad_request(request)
        return self.get_response(request)
