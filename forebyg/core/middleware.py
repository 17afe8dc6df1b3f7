import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

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
