"""Pages of the exchange around a case: the coordinators' actions (invite a partner, reveal the
identity, revoke, record and withdraw consent), the partners' de-identified case view, and the
DPO's ledger with its CSV export.

Every action has its own URL and works without JavaScript: a POST that succeeds redirects to the
case page; a refusal by the rules or an invalid form re-renders the action's own small page with
the explanation and the input kept. Out of scope is always a 404 (the fetchers)."""

import csv
import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from forebyg.accounts.stepup import requires_recent_authentication
from forebyg.actors.models import Organisation
from forebyg.cases import permissions as case_permissions
from forebyg.cases.models import Case
from forebyg.cases.views.common import acting_user
from forebyg.core.exports import organisation_names, user_label
from forebyg.core.models import localized
from forebyg.core.ratelimit import rate_limited
from forebyg.exchange import invitations, permissions, selectors, services
from forebyg.exchange.forms import (
    ConsentForm,
    ExportForm,
    InviteForm,
    LedgerFilterForm,
    RevealForm,
)
from forebyg.legal.rules import Decision

GET_OR_POST = ["GET", "HEAD", "POST"]
FORM_PAGE = "exchange/case_form.html"
LEDGER_PAGE_SIZE = 50

View = Callable[..., HttpResponseBase]


def _only(allowed: Callable[[Any], bool]) -> Callable[[View], View]:
    """A 404 (never a 403) for anyone the predicate turns away."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not allowed(request.user):
                raise Http404(_("No such page."))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


partners_only = _only(lambda user: bool(case_permissions.partner_organisation_ids(user)))
dpos_only = _only(permissions.can_search_ledger)


def _explanation(decision: Decision) -> str:
    return localized(decision, "explanation")


def _case_for_action(request: HttpRequest, pk: int) -> Case:
    """A case the coordinator may change and that still takes exchange actions (not closed)."""
    case = case_permissions.get_case_for_change(acting_user(request), pk)
    if case.is_closed or case.is_stub:
        raise PermissionDenied(_("This case no longer takes part in the exchange."))
    return case


def _back_to(request: HttpRequest, case: Case) -> HttpResponse:
    """Done: back to the case page (PRG); with htmx, a full reload of it (HX-Redirect), since an
    exchange action changes several sections of the page."""
    url = reverse("cases:detail", args=[case.pk]) + "#exchange"
    if request.headers.get("HX-Request") == "true":
        return HttpResponse(headers={"HX-Redirect": url})
    return redirect(url)


def _form_page(request: HttpRequest, case: Case, **context: Any) -> HttpResponse:
    return render(request, FORM_PAGE, {"case": case, "explanation": "", **context})


# -- The coordinators' actions -------------------------------------------------------------------


@login_required
@never_cache
@require_http_methods(GET_OR_POST)
@requires_recent_authentication
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    case = _case_for_action(request, pk)
    form = InviteForm(request.POST or None, partners=invitations.invitable_organisations(case))
    explanation = ""
    if request.method == "POST" and form.is_valid():
        try:
            decision, _invitation = invitations.invite_partner(case, by=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            if decision.allowed:
                messages.success(
                    request, _("The partner is invited and sees the case without the identity.")
                )
                return _back_to(request, case)
            explanation = _explanation(decision)
    return _form_page(request, case, form=form, explanation=explanation, action="invite")


@login_required
@never_cache
@require_http_methods(GET_OR_POST)
@requires_recent_authentication
def reveal(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    invitation = invitations.get_invitation_for_change(user, pk)
    case = _case_for_action(request, invitation.case_id)
    form = RevealForm(request.POST or None)
    explanation = ""
    if request.method == "POST" and form.is_valid():
        try:
            decision = invitations.reveal_identity(invitation, by=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            if decision.allowed:
                messages.success(request, _("The identity is revealed to the partner."))
                return _back_to(request, case)
            explanation = _explanation(decision)
    context = {"form": form, "explanation": explanation, "invitation": invitation}
    return _form_page(request, case, action="reveal", **context)


@login_required
@never_cache
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    invitation = invitations.get_invitation_for_change(user, pk)
    case = _case_for_action(request, invitation.case_id)
    try:
        invitations.revoke_invitation(invitation, by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The invitation is revoked: the partner no longer sees the case.")
        )
    return _back_to(request, case)


@login_required
@never_cache
@require_http_methods(GET_OR_POST)
def consent_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    case = _case_for_action(request, pk)
    form = ConsentForm(request.POST or None, recipients=_consent_recipients(case))
    if request.method == "POST" and form.is_valid():
        try:
            services.give_consent(case.person, by=user, **form.service_arguments())
        except ValidationError as error:
            form.add_service_error(error, aliases={"given_at": "given_on"})
        else:
            messages.success(request, _("The consent is recorded."))
            return _back_to(request, case)
    return _form_page(request, case, form=form, action="consent")


def _consent_recipients(case: Case) -> QuerySet[Organisation]:
    """Organisations a consent may name: the sensible partners and any authority or body."""
    return Organisation.objects.exclude(pk=case.municipality_id).order_by("name_da")


@login_required
@never_cache
@require_POST
def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    user = acting_user(request)
    case = _case_for_action(request, pk)
    consent = invitations.get_consent_for_change(user, case, consent_pk)
    try:
        services.withdraw_consent(consent, by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The consent is withdrawn from now on."))
    return _back_to(request, case)


# -- The partners' view -------------------------------------------------------------------------


@login_required
@never_cache
@require_safe
@partners_only
def partner_cases(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    views = invitations.partner_cases(user, timezone.localdate())
    invitations.record_partner_list_view(views, by=user)
    return render(request, "exchange/partner_cases.html", {"cases": views})


@login_required
@never_cache
@require_safe
@partners_only
def partner_case(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    invitation = invitations.get_invitation_for_partner(user, pk)
    invitations.record_partner_view(invitation, by=user)
    view = invitations.partner_case_view(invitation, timezone.localdate())
    return render(request, "exchange/partner_case.html", {"view": view})


# -- The DPO's ledger ---------------------------------------------------------------------------


def _filtered(request: HttpRequest) -> tuple[LedgerFilterForm, Any]:
    user = acting_user(request)
    recipients = Organisation.objects.filter(
        pk__in=selectors.dpo_ledger(user).values("recipient")
    ).order_by("name_da")
    form = LedgerFilterForm(request.GET or None, recipients=recipients)
    return form, selectors.dpo_ledger(user, **form.filters())


@login_required
@never_cache
@require_safe
@dpos_only
def ledger(request: HttpRequest) -> HttpResponse:
    form, records = _filtered(request)
    page = Paginator(records, LEDGER_PAGE_SIZE).get_page(request.GET.get("page"))
    services.record_ledger_view(
        by=acting_user(request), filters=form.described(), shown=list(page.object_list)
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "exchange/ledger.html", context)


@login_required
@never_cache
@require_http_methods(GET_OR_POST)
@dpos_only
@requires_recent_authentication
@rate_limited("export")
def ledger_csv(request: HttpRequest) -> HttpResponse:
    filter_form, records = _filtered(request)
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _csv(request, filter_form, list(records), form.cleaned_data["reason"])
    context = {"form": form, "query": request.GET.urlencode(), "count": records.count()}
    return render(request, "exchange/ledger_export.html", context)


def _csv(
    request: HttpRequest, filter_form: LedgerFilterForm, records: list[Any], reason: str
) -> HttpResponse:
    """The CSV: a line saying who exported it, when and why, then the ledger; the export is
    audited before the file leaves."""
    user = acting_user(request)
    services.record_ledger_export(
        by=user, filters=filter_form.described(), count=len(records), reason=reason
    )
    now = timezone.localtime()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="udvekslingslog-{now:%Y%m%d-%H%M}.csv"'
    writer = csv.writer(response)
    stated = _("Exported by %(user)s (%(organisation)s) at %(time)s for: %(reason)s") % {
        "user": user_label(user),
        "organisation": organisation_names(user),
        "time": f"{now:%Y-%m-%d %H:%M}",
        "reason": reason,
    }
    writer.writerow([selectors.neutralise(stated)])
    writer.writerows(selectors.ledger_csv_rows(records))
    return response
