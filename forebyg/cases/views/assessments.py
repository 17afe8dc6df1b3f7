"""Assessments of a case: a new version (never an edit), and one version with what changed
since the one before it. Every page is logged as a view of the case with its purpose."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from forebyg.accounts.models import User
from forebyg.cases import permissions, selectors, services, workflow
from forebyg.cases.forms.assessments import AssessmentForm
from forebyg.cases.models import Assessment, Case
from forebyg.cases.views.common import acting_user, purpose_for
from forebyg.prevention.models import AssessmentDimension


def _render(
    request: HttpRequest, user: User, case: Case, template: str, context: Any
) -> HttpResponse:
    services.record_case_view(case, by=user, purpose=purpose_for(request, case.person_id))
    return render(request, template, {"case": case, **context})


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def assessment_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    case = permissions.get_case_for_change(user, pk)
    versions = selectors.case_assessments(case)
    form = AssessmentForm(request.POST or None, dimensions=_dimensions(), previous=_last(versions))
    if request.method == "POST" and form.is_valid():
        try:
            created = services.add_assessment(case, by=user, **form.service_arguments())
        except ValidationError as error:
            form.add_service_error(error)
            versions = selectors.case_assessments(case)  # a colleague may have added one
            last = _last(versions)
            form.set_value("based_on_version", last.version if last else 0)
        else:
            done = _("Version %(version)d of the assessment is saved.")
            messages.success(request, done % {"version": created.version})
            return redirect("cases:assessment", case.pk, created.version)
    context = {
        "form": form,
        "latest": _last(versions),
        "in_infohus": case.status in workflow.INFOHUS_STATUSES,
    }
    return _render(request, user, case, "cases/assessment_form.html", context)


def _dimensions() -> list[AssessmentDimension]:
    return list(AssessmentDimension.objects.order_by("order"))


def _last(versions: list[Assessment]) -> Assessment | None:
    return versions[-1] if versions else None


@login_required
@never_cache
@require_safe
def assessment(request: HttpRequest, pk: int, version: int) -> HttpResponse:
    user = acting_user(request)
    case = permissions.get_case_for_view(user, pk)
    history = selectors.assessment_history(case)
    chosen = [(shown, changes) for shown, changes in history if shown.version == version]
    if not chosen:
        raise Http404(_("No such assessment."))
    shown, changes = chosen[0]
    context = {
        "assessment": shown,
        "changes": changes,
        "versions": [entry for entry, _changes in reversed(history)],
        "first": shown.version == history[0][0].version,
    }
    return _render(request, user, case, "cases/assessment.html", context)
