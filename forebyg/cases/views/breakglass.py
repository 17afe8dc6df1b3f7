"""Break-glass pages: the coordinator's request form (by case reference, with a reason), ending a
grant early, and the DPO's list of emergency access notices ("Nødadgange")."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from forebyg.accounts.stepup import requires_recent_authentication
from forebyg.cases import breakglass
from forebyg.cases.forms.breakglass import BreakGlassForm
from forebyg.cases.views.common import acting_user, coordinators_only
from forebyg.core.ratelimit import rate_limited


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@coordinators_only
@requires_recent_authentication  # an exceptional reach: a fresh login first
@rate_limited("break_glass")  # guessing references costs hits as well as audit events
def request_access(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grant = breakglass.grant_access(by=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.warning(request, _("Emergency access is granted. It is logged."))
            return redirect("cases:detail", grant.case_id)
    context = {
        "form": form,
        "grants": breakglass.active_grants(user),
        "minutes": breakglass.grant_minutes(),
    }
    return render(request, "cases/breakglass.html", context)


@login_required
@never_cache
@require_POST
def end_access(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    grant = breakglass.get_own_grant(user, pk)
    if grant is None:
        raise Http404(_("No such emergency access."))
    breakglass.end_access(grant, by=user)
    messages.success(request, _("Your emergency access has ended."))
    return redirect("cases:dashboard")


@login_required
@never_cache
@require_safe
def notices(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not breakglass.dpo_organisation_ids(user):
        raise Http404(_("No such page."))
    found = breakglass.review_notices(user)
    return render(request, "cases/breakglass_notices.html", {"notices": found})
