"""The "Show full CPR number" button on the person and case pages (cases:cpr_reveal): a POST
with a purpose that shows the number for that one page view and is audited."""

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from forebyg.accounts.models import User
from forebyg.accounts.stepup import requires_recent_authentication
from forebyg.cases import permissions, selectors, services
from forebyg.cases.forms.handling import DkfdsForm
from forebyg.cases.models import Case, Person
from forebyg.cases.services.common import PURPOSE_MAX_LENGTH
from forebyg.cases.services.cpr_reveal import may_reveal_cpr, reveal_cpr
from forebyg.cases.views.common import acting_user, detail_context, purpose_for
from forebyg.exchange import invitations


class CprRevealForm(DkfdsForm):
    """The purpose of a reveal (kept in the access log) and the case page it was asked on."""

    purpose = forms.CharField(
        label=_("Purpose of showing the full CPR number"),
        help_text=_("Kept in the access log; the person can see it in an access report."),
        max_length=PURPOSE_MAX_LENGTH,
        error_messages={"required": _("State why you need the full CPR number.")},
    )
    case = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "cpr")  # the case page has other purpose fields
        super().__init__(*args, **kwargs)


def cpr_context(user: User, person: Person, case: Case | None = None) -> dict[str, Any]:
    """What the CPR row of a person or case page needs: the reveal form, if the user may."""
    if not may_reveal_cpr(user, person):
        return {}
    initial = {"case": case.pk} if case is not None else {}
    return {"cpr_reveal_form": CprRevealForm(initial=initial)}


@login_required
@requires_recent_authentication  # an identity reveal (issue 7, step-up)
@never_cache
@require_POST
def cpr_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    if not permissions.is_coordinator(user):
        raise Http404(_("No such person."))
    person = permissions.get_person_for_view(user, pk)
    if not person.cpr:
        raise Http404(_("No such person."))
    form = CprRevealForm(request.POST)
    case = _case_of(user, person, form)
    extra: dict[str, Any] = {"cpr_reveal_form": form}
    if form.is_valid():
        try:
            extra = {
                "revealed_cpr": reveal_cpr(person, by=user, purpose=form.cleaned_data["purpose"])
            }
        except ValidationError as error:
            form.add_error("purpose", error)
    if case is not None:
        return _case_page(request, user, case, extra)
    return _person_page(request, user, person, extra)


def _case_of(user: User, person: Person, form: CprRevealForm) -> Case | None:
    raw = form.data.get(form.add_prefix("case"), "")
    if not str(raw).isdigit():
        return None
    case = permissions.get_case_for_view(user, int(raw))
    if case.person_id != person.pk:
        raise Http404(_("No such case."))
    return case


def _case_page(request: HttpRequest, user: User, case: Case, extra: dict[str, Any]) -> HttpResponse:
    # The same page as cases:detail (and the same logged view), with the number or the errors.
    services.record_case_view(case, by=user, purpose=purpose_for(request, case.person_id))
    context = detail_context(user, case)
    context["exchange"] = invitations.case_exchange(user, case)
    context.update(extra)
    return render(request, "cases/detail.html", context)


def _person_page(
    request: HttpRequest, user: User, person: Person, extra: dict[str, Any]
) -> HttpResponse:
    services.record_person_view(person, by=user, purpose=purpose_for(request, person.pk))
    context = {
        "person": person,
        "cases": selectors.person_timeline(user, person),
        "today": timezone.localdate(),
        **extra,
    }
    return render(request, "cases/person.html", context)
