"""The NinjaAPI behind /api/v1/: its problem-details error handlers and its OpenAPI schema."""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from forebyg.api.problems import PROBLEM_TYPE, ApiProblem, problem_response

logger = logging.getLogger(__name__)

DESCRIPTION = """The Forebyg API: concerns from municipal intake forms, cases for the coordinators'
own systems, statistics with disclosure control, published plans, the national plan tracker and
the reference data. Send `Authorization: Bearer <token>` where an operation needs a token; every
use of a token is logged. Errors are RFC 9457 problem details (`application/problem+json`)."""


class ForebygApi(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """Ninja documents every response as application/json; ours errors are problem+json."""
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        response["content"] = {PROBLEM_TYPE: content["application/json"]}
        return schema


api = ForebygApi(
    title="Forebyg API",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api",
)


def _ninja_errors(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    found = []
    for error in errors:
        location = [str(part) for part in error.get("loc", [])]
        found.append(
            {
                "field": ".".join(location),
                "message": str(error.get("msg", "")),
                "code": str(error.get("type", "invalid")),
            }
        )
    return found


def _django_errors(error: DjangoValidationError) -> list[dict[str, str]]:
    found = []
    error_dict = error.error_dict if hasattr(error, "error_dict") else {"__all__": error.error_list}
    for field, items in error_dict.items():
        for item in items:
            message = item.message % item.params if item.params else item.message
            found.append(
                {"field": str(field), "message": str(message), "code": str(item.code or "invalid")}
            )
    return found


@api.exception_handler(ApiProblem)
def on_problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
    return problem_response(request, exc.status, exc.detail, headers=exc.headers)


@api.exception_handler(ValidationError)
def on_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    detail = _("The request's data is not valid: see errors.")
    return problem_response(request, 422, detail, errors=_ninja_errors(exc.errors))


@api.exception_handler(DjangoValidationError)
def on_refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    detail = _("The request's data is not valid: see errors.")
    return problem_response(request, 422, detail, errors=_django_errors(exc))


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem_response(request, 401, _("Send a valid, unexpired API token as a Bearer token."))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(request, 404, _("Nothing here, or not in this token's scope."))


@api.exception_handler(PermissionDenied)
def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem_response(request, 403, str(exc) or _("Forbidden"))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # Ninja raises these for a body that is not JSON, among others.
    return problem_response(request, exc.status_code, str(exc))


@api.exception_handler(IntegrityError)
def on_conflict(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    # Two requests raced for the same row (a double submission that got past idempotency).
    return problem_response(request, 409, _("The request conflicts with another one. Try again."))


@api.exception_handler(Exception)
def on_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s %s", request.method, request.path)
    return problem_response(request, 500, _("Something went wrong on our side."))


from forebyg.api.routers import cases, concerns, national, plans, reference, statistics  # noqa: E402

api.add_router("/concerns", concerns.router, tags=["concerns"])
api.add_router("/cases", cases.router, tags=["cases"])
api.add_router("/statistics", statistics.router, tags=["statistics"])
api.add_router("/plans", plans.router, tags=["plans"])
api.add_router("/national", national.router, tags=["national plan"])
api.add_router("", reference.router, tags=["reference data"])
