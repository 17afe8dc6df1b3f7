"""RFC 9457 problem details: every error the API answers is `application/problem+json`."""

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Schema

PROBLEM_TYPE = "application/problem+json"
TYPE_BASE = "https://forebyg.dk/problems/"

TITLES: dict[int, Any] = {
    400: _("Bad request"),
    401: _("Not authenticated"),
    403: _("Forbidden"),
    404: _("Not found"),
    405: _("Method not allowed"),
    409: _("Conflict"),
    422: _("Invalid data"),
    429: _("Too many requests"),
    500: _("Server error"),
}
SLUGS = {
    400: "bad-request",
    401: "not-authenticated",
    403: "missing-scope",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    422: "invalid-data",
    429: "too-many-requests",
    500: "server-error",
}


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    instance: str


class FieldError(Schema):
    field: str
    message: str
    code: str


class ValidationProblem(Problem):
    errors: list[FieldError]


class ApiProblem(Exception):
    """Raised anywhere in an API view to answer with a problem of this status."""

    def __init__(
        self, status: int, detail: Any = "", *, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(str(detail))
        self.status = status
        self.detail = str(detail or TITLES.get(status, ""))
        self.headers = headers or {}


def problem_response(
    request: HttpRequest,
    status: int,
    detail: Any = "",
    *,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    """A problem details response; `instance` is the request's path (no query: it may be long)."""
    body: dict[str, Any] = {
        "type": TYPE_BASE + SLUGS.get(status, "error"),
        "title": str(TITLES.get(status, _("Error"))),
        "status": status,
        "detail": str(detail or TITLES.get(status, "")),
        "instance": request.path,
    }
    if errors is not None:
        body["errors"] = errors
    response = HttpResponse(json.dumps(body), status=status, content_type=PROBLEM_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="forebyg"'
    return response


def errors_by_status(*statuses: int) -> dict[int, type[Problem]]:
    """The `response={...}` entries of the error statuses an operation answers."""
    return {status: ValidationProblem if status == 422 else Problem for status in statuses}


# Every operation may answer these: wrong method, rate limit, and our own mistakes.
COMMON = (400, 405, 429, 500)
PUBLIC_ERRORS = errors_by_status(*COMMON)
TOKEN_ERRORS = errors_by_status(*COMMON, 401, 403)
