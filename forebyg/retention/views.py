"""The retention pages of a municipality's data protection officer, under /opbevaring/: the
periods (defaults and the organisation's own), and the purge reports with their approval.
Out of scope (not the user's municipality, or not a DPO): 404."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from forebyg.accounts.stepup import step_up_needed
from forebyg.actors.models import Organisation
from forebyg.cases.views.common import acting_user
from forebyg.retention import periods, permissions, selectors, services
from forebyg.retention.forms import ApproveForm, ClearPeriodForm, PeriodForm
from forebyg.retention.models import RetentionPeriod, RunStatus

RUNS_SHOWN = 20


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def home(request: HttpRequest) -> HttpResponse:
    organisations = list(permissions.dpo_organisations(acting_user(request)))
    if not organisations:
        raise Http404(_("No such page."))
    if len(organisations) == 1:
        return redirect("retention:periods", organisation_pk=organisations[0].pk)
    return render(request, "retention/home.html", {"organisations": organisations})


def _period_rows(organisation: Organisation) -> tuple[list[dict[str, Any]], list[RetentionPeriod]]:
    """One row per outcome (default, the organisation's own, what applies) and the
    organisation's legal-basis periods."""
    own = list(selectors.organisation_periods(organisation))
    by_outcome = {p.outcome: p.months for p in own if p.legal_basis_id is None}
    rows = [
        {
            "outcome": outcome,
            "label": label,
            "default": periods.DEFAULTS[outcome],
            "own": by_outcome.get(outcome),
        }
        for outcome, label in periods.Outcome.choices
    ]
    return rows, [p for p in own if p.legal_basis_id is not None]


def _render_periods(
    request: HttpRequest, organisation: Organisation, form: PeriodForm, status: int = 200
) -> HttpResponse:
    rows, by_basis = _period_rows(organisation)
    context = {"organisation": organisation, "rows": rows, "by_basis": by_basis, "form": form}
    return render(request, "retention/periods.html", context, status=status)


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def period_list(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    user = acting_user(request)
    organisation = permissions.get_organisation_for_dpo(user, organisation_pk)
    if request.method != "POST":
        return _render_periods(request, organisation, PeriodForm())
    if "clear" in request.POST:
        return _clear(request, organisation)
    form = PeriodForm(request.POST)
    if form.is_valid():
        try:
            services.set_period(organisation, by=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The retention period is saved."))
            return redirect("retention:periods", organisation_pk=organisation.pk)
    return _render_periods(request, organisation, form, status=400)


def _clear(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = ClearPeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That period could not be found."))
        return _render_periods(request, organisation, PeriodForm(), status=400)
    services.clear_period(organisation, by=acting_user(request), **form.cleaned_data)
    messages.success(request, _("The organisation's own period is removed; the default applies."))
    return redirect("retention:periods", organisation_pk=organisation.pk)


def _render_runs(
    request: HttpRequest, organisation: Organisation, error: str = "", status: int = 200
) -> HttpResponse:
    runs = list(selectors.purge_runs(organisation)[:RUNS_SHOWN])
    for run in runs:
        if run.status in (RunStatus.PENDING, RunStatus.APPROVED):
            run.shown_items = list(selectors.run_items(run))  # type: ignore[attr-defined]
    user = acting_user(request)
    # The reports list case references: looking at them is logged like any read of a case list.
    services.record_reports_view(organisation, by=user)
    context = {"organisation": organisation, "runs": runs, "error": error, "user_pk": user.pk}
    return render(request, "retention/runs.html", context, status=status)


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def run_list(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    user = acting_user(request)
    organisation = permissions.get_organisation_for_dpo(user, organisation_pk)
    if request.method == "POST":
        run = services.prepare_report(organisation, by=user)
        messages.success(request, _("Report %(run)s is made.") % {"run": run.pk})
        return redirect("retention:runs", organisation_pk=organisation.pk)
    return _render_runs(request, organisation)


@login_required
@never_cache
@require_POST
def run_approve(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    user = acting_user(request)
    organisation = permissions.get_organisation_for_dpo(user, organisation_pk)
    if (needed := step_up_needed(request)) is not None:
        return needed
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return _render_runs(request, organisation, _("Choose the report to approve."), 400)
    run = selectors.purge_runs(organisation).filter(pk=form.cleaned_data["run"]).first()
    if run is None:
        raise Http404(_("No such report."))
    try:
        services.approve_run(run, by=user)
    except ValidationError as error:
        return _render_runs(request, organisation, " ".join(error.messages), 400)
    messages.success(request, _("Report %(run)s is approved.") % {"run": run.pk})
    return redirect("retention:runs", organisation_pk=organisation.pk)
