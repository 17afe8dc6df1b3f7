from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def _error_page(request: HttpRequest, status: int, title: str, text: str) -> HttpResponse:
    context = {"status": status, "title": title, "text": text}
    return render(request, "error.html", context, status=status)


def _standalone_error_page(status: int, title: str, text: str) -> HttpResponse:
    """Render 500.html without the request: no context processor, no user, no session, no DB."""
    try:
        body = loader.get_template("500.html").render(
            {"status": status, "title": title, "text": text}
        )
    except Exception:  # the last resort must answer even if the templates are broken
        body = f"<!DOCTYPE html><html lang=da><title>{status}</title><h1>{status}</h1></html>"
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Standalone: a bad request (e.g. a disallowed host) may not get through the usual page.
    return _standalone_error_page(400, _("Bad request"), _("The request could not be understood."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, 403, _("No access"), _("You do not have access to this page."))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Never echo the exception: it may hold internals (a resolver's tried patterns, a query).
    return _error_page(
        request, 404, _("Page not found"), _("The page does not exist or you cannot see it.")
    )


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors that touch the database: the error may be the database itself.
    return _standalone_error_page(
        500, _("Something went wrong"), _("We have been told. Please try again later.")
    )
