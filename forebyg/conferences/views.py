"""Pages of the case conferences, under /konferencer/. Every form is a plain POST that works
without JavaScript: on success back to the conference page (PRG), on an error the page again
with the input kept. Out of scope is always a 404."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from forebyg.accounts.models import User
from forebyg.accounts.stepup import requires_recent_authentication
from forebyg.cases.views.common import acting_user, coordinators_only
from forebyg.conferences import pdf, permissions, selectors, services
from forebyg.conferences.forms import (
    AgendaCaseForm,
    ConferenceForm,
    DecisionForm,
    ExportForm,
    MinutesForm,
    ParticipantForm,
)
from forebyg.conferences.models import Conference
from forebyg.core.ratelimit import rate_limited

GET_OR_POST = ["GET", "HEAD", "POST"]


@login_required
@never_cache
@coordinators_only
def conference_list(request: HttpRequest) -> HttpResponse:
    conferences = selectors.visible_conferences(acting_user(request))
    return render(request, "conferences/list.html", {"conferences": conferences})


@login_required
@never_cache
@require_http_methods(GET_OR_POST)
@coordinators_only
def conference_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = ConferenceForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            conference = services.create_conference(by=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The conference is planned."))
            return _to(conference)
    return render(request, "conferences/new.html", {"form": form})


def _to(conference: Conference, anchor: str = "") -> HttpResponse:
    return redirect(reverse("conferences:detail", args=[conference.pk]) + anchor)


def _page(request: HttpRequest, user: User, conference: Conference, **bound: Any) -> HttpResponse:
    """The conference page; `bound` replaces a form by one with the user's input and errors."""
    services.record_conference_view(conference, by=user)
    rows = selectors.agenda(conference)
    people = selectors.participants(conference)
    item_forms = {
        row.item.pk: (
            bound.get(f"minutes_{row.item.pk}")
            or MinutesForm(
                prefix=f"minutes-{row.item.pk}",
                initial={"text": row.minutes.text if row.minutes else ""},
            ),
            bound.get(f"decision_{row.item.pk}")
            or DecisionForm(prefix=f"decision-{row.item.pk}", conference=conference),
        )
        for row in rows
    }
    may_disclose = permissions.can_disclose_at(user, conference)
    context = {
        "conference": conference,
        "rows": [(row, *item_forms[row.item.pk]) for row in rows],
        "participants": people,
        "participant_agendas": selectors.participant_agendas(people, rows),
        "may_disclose": may_disclose,
        "participant_form": bound.get("participant_form") or ParticipantForm(conference=conference),
        "case_form": bound.get("case_form") or AgendaCaseForm(conference=conference, user=user),
        "export_form": bound.get("export_form") or ExportForm(),
    }
    return render(request, "conferences/detail.html", context)


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def conference_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    conference = permissions.get_conference_for_view(user, pk)
    return _page(request, user, conference)


@login_required
@never_cache
@require_POST
@requires_recent_authentication
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    conference = permissions.get_conference_for_disclosure(user, pk)
    form = ParticipantForm(request.POST, conference=conference)
    if form.is_valid():
        try:
            services.add_participant(conference, by=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The participant is added, and the clearances decided."))
            return _to(conference, "#agenda")
    return _page(request, user, conference, participant_form=form)


@login_required
@never_cache
@require_POST
@requires_recent_authentication
def case_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    conference = permissions.get_conference_for_disclosure(user, pk)
    form = AgendaCaseForm(request.POST, conference=conference, user=user)
    if form.is_valid():
        try:
            services.add_case(conference, by=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The case is on the agenda, and the clearances decided."))
            return _to(conference, "#agenda")
    return _page(request, user, conference, case_form=form)


@login_required
@never_cache
@require_POST
def minutes_write(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    item = permissions.get_item_for_change(user, pk)
    form = MinutesForm(request.POST, prefix=f"minutes-{item.pk}")
    if form.is_valid():
        try:
            services.write_minutes(item, by=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The minutes are saved."))
            return _to(item.conference, f"#item-{item.pk}")
    return _page(request, user, item.conference, **{f"minutes_{item.pk}": form})


@login_required
@never_cache
@require_POST
def decision_record(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    item = permissions.get_item_for_change(user, pk)
    form = DecisionForm(request.POST, prefix=f"decision-{item.pk}", conference=item.conference)
    if form.is_valid():
        try:
            services.record_decision(item, by=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The authority's own decision is recorded."))
            return _to(item.conference, f"#item-{item.pk}")
    return _page(request, user, item.conference, **{f"decision_{item.pk}": form})


@login_required
@never_cache
@require_POST
@requires_recent_authentication
@rate_limited("export")
def conference_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    conference = permissions.get_conference_for_view(user, pk)
    form = ExportForm(request.POST)
    if form.is_valid():
        try:
            export = services.export_pdf(conference, by=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            document = pdf.render_conference(conference, export)
            response = HttpResponse(document, content_type="application/pdf")
            name = f"konference-{conference.held_on:%Y-%m-%d}-{conference.pk}.pdf"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    return _page(request, user, conference, export_form=form)


@login_required
@never_cache
@require_POST
def conference_held(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    conference = permissions.get_conference_for_view(user, pk)
    try:
        services.mark_held(conference, by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The conference is marked as held."))
    return _to(conference)
