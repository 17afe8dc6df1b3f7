"""Pages of the information exchange between organisations.

Known elsewhere: a coordinator asks whether a CPR number has a case in another municipality.
The question is a POST and the answer is rendered on the same page, so the CPR number never
appears in a URL or a redirect; a reload asks (and is logged) again."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from forebyg.cases.views.common import acting_user, coordinators_only
from forebyg.core.ratelimit import RateLimited
from forebyg.exchange import known_elsewhere as service
from forebyg.exchange.forms import KnownElsewhereForm

GET_OR_POST = ["GET", "HEAD", "POST"]
TEMPLATE = "exchange/known_elsewhere.html"


@login_required
@never_cache
@require_http_methods(GET_OR_POST)
@coordinators_only
def known_elsewhere(request: HttpRequest) -> HttpResponse:
    form = KnownElsewhereForm(request.POST or None)
    context: dict[str, object] = {"answer": None, "rate_limited": False}
    if request.method == "POST" and form.is_valid():
        try:
            context["answer"] = service.ask_known_elsewhere(
                by=acting_user(request), **form.cleaned_data
            )
        except PermissionDenied:
            raise Http404(_("No such page.")) from None
        except ValidationError as error:
            form.add_service_error(error)
        except RateLimited as refused:
            context["rate_limited"] = True
            response = render(request, TEMPLATE, {**context, "form": form}, status=429)
            response["Retry-After"] = str(refused.retry_after or 3600)
            return response
        else:
            form = KnownElsewhereForm()  # answered: the CPR number is not shown again
    return render(request, TEMPLATE, {**context, "form": form})
