"""The coordinators' case handling: dashboard, person search and timeline, the case page, status
and classification, attachments, and the municipality's screening deadline.

Every view fetches through permissions (404 out of scope, 403 read-only), writes only through
services, logs every view of a case or a person with its purpose, and works without JavaScript;
with htmx the same URL answers with a partial of the same template."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from forebyg.accounts.models import User
from forebyg.cases import permissions, selectors, services, workflow
from forebyg.cases.forms.handling import (
    CaseFilterForm,
    ClassifyForm,
    PersonSearchForm,
    ScreeningDaysForm,
    StatusForm,
    screening_days_of,
    settable_municipalities,
)
from forebyg.cases.models import DEFAULT_SCREENING_DAYS, Case
from forebyg.cases.services.attachments import safe_name
from forebyg.cases.views.common import (
    acting_user,
    case_rows,
    coordinators_only,
    detail_context,
    panel_context,
    purpose_for,
    remember_search,
    remembered_search,
)
from forebyg.cases.views.cpr import cpr_context
from forebyg.core.http import HtmxHttpRequest
from forebyg.core.ratelimit import rate_limited
from forebyg.exchange import invitations

PAGE_SIZE = 25
GET_OR_POST = ["GET", "HEAD", "POST"]
PANEL = "cases/detail.html#status-panel"


# -- Dashboard and person search ---------------------------------------------------------------


@login_required
@never_cache
@vary_on_headers("HX-Request")  # the same URL answers with the page or the results partial
@require_safe
@coordinators_only
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = CaseFilterForm(request.GET)
    paginator = Paginator(selectors.filtered_cases(user, **form.filters()), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))  # a bad page number gives a valid page
    context: dict[str, Any] = {
        "form": form,
        "page": page,
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    }
    if request.htmx and not request.htmx.history_restore_request:
        services.record_case_list(page.object_list, by=user, filters=form.filters())
        context["rows"] = case_rows(page.object_list, timezone.localdate())
        return render(request, "cases/dashboard.html#results", context)
    summary = selectors.dashboard_summary(user)
    # One logged read for everything the page shows: the page of cases, then the lists' cases.
    shown = {case.pk: case for case in [*page.object_list, *summary.listed_cases()]}
    services.record_case_list(shown.values(), by=user, filters=form.filters())
    context["rows"] = case_rows(page.object_list, summary.today)
    context["summary"] = summary
    context["counts"] = [
        (value, label, summary.counts_by_status[value]) for value, label in workflow.Status.choices
    ]
    return render(request, "cases/dashboard.html", context)


@login_required
@never_cache
@require_http_methods(GET_OR_POST)
@coordinators_only
@rate_limited("person_search")
def person_search(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = PersonSearchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            people = services.search_persons(by=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            remember_search(request, purpose=form.cleaned_data["purpose"], people=people)
            return redirect("cases:person_search")  # results by GET: a reload searches nothing
    search = remembered_search(request) if request.method != "POST" else None
    return render(request, "cases/person_search.html", {"form": form, **_results(user, search)})


def _results(user: User, search: dict[str, Any] | None) -> dict[str, Any]:
    """The people the latest search found, in the order found, still in the user's scope."""
    if search is None:
        return {"search": None, "people": []}
    found = selectors.visible_persons(user).select_related("municipality")
    by_pk = {person.pk: person for person in found.filter(pk__in=search["people"])}
    people = [by_pk[pk] for pk in search["people"] if pk in by_pk]
    services.record_search_results_view(people, by=user, purpose=str(search["purpose"]))
    return {"search": search, "people": people}


@login_required
@never_cache
@require_safe
def person(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    found = permissions.get_person_for_view(user, pk)
    services.record_person_view(found, by=user, purpose=purpose_for(request, found.pk))
    context = {
        "person": found,
        "cases": selectors.person_timeline(user, found),
        "today": timezone.localdate(),
        **cpr_context(user, found),  # the "Show full CPR number" form (views/cpr.py)
    }
    return render(request, "cases/person.html", context)


# -- The case page and its actions ---------------------------------------------------------------


@login_required
@never_cache
@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    case = permissions.get_case_for_view(user, pk)
    return _case_page(request, user, case)


def _case_page(request: HttpRequest, user: User, case: Case, **forms: Any) -> HttpResponse:
    """The whole case page, logged as a view with its purpose."""
    services.record_case_view(case, by=user, purpose=purpose_for(request, case.person_id))
    context = detail_context(user, case, **forms)
    context["exchange"] = invitations.case_exchange(user, case)  # partners, consents, ledger
    context.update(cpr_context(user, case.person, case))  # "Show full CPR number" (views/cpr.py)
    return render(request, "cases/detail.html", context)


@login_required
@never_cache
@require_POST
def status(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    case = permissions.get_case_for_change(user, pk)
    form = StatusForm(request.POST, case=case, user=user)
    if form.is_valid():
        try:
            case = services.change_status(case, by=user, **form.service_arguments())
        except ValidationError as error:
            form.add_service_error(error)
            case = permissions.get_case_for_view(user, pk)  # as it is now, with its version
            form.refresh(case, user)
        else:
            done = _("The case's status is now “%(status)s”.") % {
                "status": case.get_status_display()
            }
            return _changed(request, user, case, done)
    return _panel_or_page(request, user, case, status_form=form)


@login_required
@never_cache
@require_POST
def classify(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    case = permissions.get_case_for_change(user, pk)
    form = ClassifyForm(request.POST, case=case)
    if form.is_valid():
        try:
            case = services.classify_case(case, by=user, **form.service_arguments())
        except ValidationError as error:
            form.add_service_error(error)
            case = permissions.get_case_for_view(user, pk)
            form.refresh(case, user)
        else:
            return _changed(request, user, case, _("The classification is saved."))
    return _panel_or_page(request, user, case, classify_form=form)


def _changed(request: HtmxHttpRequest, user: User, case: Case, done: str) -> HttpResponse:
    """After a change: back to the case page (PRG), with htmx too. A change alters the whole
    page (which sections and forms it offers), so swapping only the panel would leave it stale."""
    messages.success(request, done)
    if request.htmx:
        return HttpResponse(headers={"HX-Redirect": reverse("cases:detail", args=[case.pk])})
    return redirect("cases:detail", case.pk)


def _panel_or_page(request: HtmxHttpRequest, user: User, case: Case, **forms: Any) -> HttpResponse:
    """After a refused change: the panel (htmx) or the whole page, with the input kept."""
    if request.htmx:  # the panel shows the case again: a logged view, as the whole page is
        services.record_case_view(case, by=user, purpose=purpose_for(request, case.person_id))
        return render(request, PANEL, panel_context(user, case, **forms))
    return _case_page(request, user, case, **forms)


@login_required
@never_cache
@require_safe
def attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = acting_user(request)
    found = permissions.get_attachment_for_download(user, pk)
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("No such file.")) from None
    purpose = purpose_for(request, found.concern.case.person_id)
    services.record_attachment_download(found, by=user, purpose=purpose)
    # Always a download, never shown inline, under the type sniffed at upload and a cleaned name.
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=safe_name(found.original_name),
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# -- Settings ----------------------------------------------------------------------------------


@login_required
@never_cache
@require_http_methods(GET_OR_POST)
@coordinators_only
def screening_settings(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    municipalities = list(settable_municipalities(user))
    if not municipalities:
        raise Http404(_("No such page."))
    first = municipalities[0]
    form = ScreeningDaysForm(
        request.POST or None,
        municipalities=settable_municipalities(user),
        initial={"municipality": first.pk, "days": screening_days_of(first)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_screening_days(**form.cleaned_data, by=user)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The screening deadline is saved."))
            return redirect("cases:settings")
    rows = [(municipality, screening_days_of(municipality)) for municipality in municipalities]
    context = {"form": form, "rows": rows, "default": DEFAULT_SCREENING_DAYS}
    return render(request, "cases/settings.html", context)
