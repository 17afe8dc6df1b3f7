"""Measures on a case and their reviews. A measure is the owning authority's own decision; the
coordinator records it. Each page is logged as a view of the case with its purpose."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from forebyg.accounts.models import User
from forebyg.cases import permissions, services, workflow
from forebyg.cases.forms.measures import MeasureForm, MeasureReviewForm
from forebyg.cases.models import Case
from forebyg.cases.views.common import acting_user, purpose_for

GET_OR_POST = ["GET", "HEAD", "POST"]


def _render(
    request: HttpRequest, user: User, case: Case, template: str, context: dict[str, Any]
) -> HttpResponse:
    services.record_case_view(case, by=user, purpose=purpose_for(request, case.person_id))
    return render(request, template, {"case": case, **context})


def _to_measures(case: Case) -> HttpResponse:
    return redirect(reverse("cases:detail", args=[case.pk]) + "#measures")


@login_required
@never_cache
@require_http_methods(GET_OR_POST)
def measure_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    case = permissions.get_case_for_change(user, pk)
    form = MeasureForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_measure(case, by=user, **form.service_arguments())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The measure is recorded."))
            return _to_measures(case)
    context = {"form": form, "in_infohus": case.status in workflow.INFOHUS_STATUSES}
    return _render(request, user, case, "cases/measure_form.html", context)


@login_required
@never_cache
@require_http_methods(GET_OR_POST)
def measure_review(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    measure = permissions.get_measure_for_change(user, pk)
    case = permissions.get_case_for_change(user, measure.case_id)  # 403 if only readable
    form = MeasureReviewForm(request.POST or None, measure=measure)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_measure(measure, by=user, **form.service_arguments())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The review is recorded."))
            return _to_measures(case)
    context = {"form": form, "measure": measure, "reviews": measure.reviews.select_related("by")}
    return _render(request, user, case, "cases/measure_review.html", context)
