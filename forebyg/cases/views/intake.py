"""Recording a concern and following one's own reports (issue 3, point 1).

Who may do what comes from forebyg.cases.permissions; someone without a role that may report
gets a 404, never a 403 that would confirm anything. The forms POST, so no name or CPR number
ever reaches a URL or a log line; the pages carry personal data, so they are never cached.
The services write the audit events."""

from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from forebyg.accounts.models import User
from forebyg.cases import permissions, selectors, services
from forebyg.cases.forms.intake import ConcernForm, HotlineForm, report_sources
from forebyg.cases.models import Source


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    """The concern form of professionals, and of coordinators who received a concern directly."""
    user = cast(User, request.user)
    sources = report_sources(user)
    if not sources:
        raise Http404
    return _record(request, user, ConcernForm, sources, "cases/intake/report.html")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def hotline(request: HttpRequest) -> HttpResponse:
    """The hotline operator's call form: anonymous callers allowed, routed to a municipality."""
    user = cast(User, request.user)
    if not permissions.can_record_hotline_call(user):
        raise Http404
    return _record(request, user, HotlineForm, [Source.HOTLINE], "cases/intake/hotline.html")


def _record(
    request: HttpRequest,
    user: User,
    form_class: type[ConcernForm],
    sources: list[str],
    template: str,
) -> HttpResponse:
    """Show the form; on a valid POST record the concern and redirect to its receipt (PRG).
    The same idempotency key twice (reload, double click) gives the first concern's receipt."""
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, user=user, sources=sources)
        if form.is_valid():
            try:
                concern = services.receive_concern(by=user, **form.service_arguments())
            except ValidationError as error:
                form.add_service_error(error)
            else:
                return redirect("concerns:receipt", reference=concern.reporter_reference)
    else:
        form = form_class(user=user, sources=sources)
    return render(request, template, {"form": form})


@never_cache
@login_required
@require_GET
def receipt(request: HttpRequest, reference: str) -> HttpResponse:
    """The receipt, for the one who recorded the concern only (404 for anyone else)."""
    concern_receipt = permissions.get_concern_receipt_for_recorder(request.user, reference)
    services.record_own_reports_view(
        "concern.receipt_viewed", [concern_receipt.reference], by=cast(User, request.user)
    )
    return render(request, "cases/intake/receipt.html", {"receipt": concern_receipt})


@never_cache
@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """The user's own reports: reference, date and the three-valued status, nothing else."""
    if not report_sources(cast(User, request.user)):
        raise Http404
    reports = selectors.reports_by(request.user)
    services.record_own_reports_view(
        "concern.reports_listed",
        [report.reference for report in reports],
        by=cast(User, request.user),
    )
    return render(request, "cases/intake/mine.html", {"reports": reports})


@never_cache
@login_required
@require_GET
def status(request: HttpRequest, reference: str) -> HttpResponse:
    """The status of one of the user's own reports (404 for anyone else's reference)."""
    report_status = permissions.get_concern_status_for_reporter(request.user, reference)
    services.record_own_reports_view(
        "concern.status_viewed", [report_status.reference], by=cast(User, request.user)
    )
    return render(request, "cases/intake/status.html", {"report": report_status})
