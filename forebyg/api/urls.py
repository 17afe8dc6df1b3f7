"""/api/v1/: the NinjaAPI's routes, each answering a wrong method with problem details, and a
problem-details 404 for any other path under it."""

import functools
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.urls import URLPattern, path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from forebyg.api.api import api
from forebyg.api.problems import problem_response


def _problems_outside_ninja(view: Callable[..., HttpResponseBase]) -> Callable[..., Any]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            response = view(request, *args, **kwargs)
        except Http404:  # ninja's root view raises it outside its own exception handlers
            return not_found(request)
        if isinstance(response, HttpResponseNotAllowed):
            problem = problem_response(request, 405, _("This method is not allowed here."))
            problem["Allow"] = response["Allow"]
            return problem
        return response

    return wrapper


@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return problem_response(request, 404, _("There is no such API endpoint."))


_patterns, _app, _namespace = api.urls  # not `app_name`: Django would read it as this module's
for pattern in _patterns:
    if isinstance(pattern, URLPattern):
        pattern.callback = _problems_outside_ninja(pattern.callback)

urlpatterns = [
    path("", (_patterns, _app, _namespace)),
    re_path(r"^(?P<rest>.*)$", not_found, name="api_not_found"),
]
