"""Pages of the access requests, under /indsigt/, for the organisation's data protection officer
only (anyone else: 404). Forms are plain POSTs that work without JavaScript: on success back to
the request (PRG), on an error the page again with the input kept. The report, on screen or as
a PDF, needs a recent authentication (step-up) and every generation is audited."""

import functools
from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from forebyg.access_requests import deadlines, pdf, permissions, selectors, services
from forebyg.access_requests.forms import (
    AnswerForm,
    ExtendForm,
    PdfForm,
    RequestForm,
    RestrictForm,
)
from forebyg.access_requests.models import AccessRequest, RestrictionGround
from forebyg.access_requests.report import Version
from forebyg.accounts.models import User
from forebyg.accounts.stepup import requires_recent_authentication
from forebyg.core.ratelimit import rate_limited

View = Callable[..., HttpResponseBase]


def dpo_only(view: View) -> View:
    """Anyone but a data protection officer finds no such page (404)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not permissions.is_dpo(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # behind login_required


@login_required
@never_cache
@dpo_only
def request_list(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort", selectors.DEFAULT_SORT)
    sort = sort if sort in selectors.SORTS else selectors.DEFAULT_SORT
    today = timezone.localdate()
    rows = []
    for item in selectors.open_requests(_user(request), sort):
        days = deadlines.days_left(item.deadline, today)
        rows.append((item, days, -days))  # the last: days overdue, when days < 0
    context = {"rows": rows, "sort": sort, "answered": selectors.answered_requests(_user(request))}
    return render(request, "access_requests/list.html", context)


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@dpo_only
def request_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = RequestForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.register_request(by=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The access request is registered."))
            return redirect("access_requests:detail", pk=created.pk)
    return render(request, "access_requests/new.html", {"form": form}, status=_status(form))


def _status(form: Any) -> int:
    return 200 if not form.is_bound or form.is_valid() else 400


def _detail(request: HttpRequest, item: AccessRequest, **forms: Any) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "item": item,
        "days_left": deadlines.days_left(item.deadline, today),
        "restrictions": item.restrictions.select_related("restricted_by"),
        "extend_form": forms.get("extend_form") or ExtendForm(),
        "answer_form": forms.get("answer_form") or AnswerForm(initial={"answered_on": today}),
        "pdf_form": forms.get("pdf_form") or PdfForm(),
    }
    bound = [form for form in forms.values() if form.is_bound]
    return render(request, "access_requests/detail.html", context, status=400 if bound else 200)


@login_required
@never_cache
@dpo_only
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_request_for_dpo(request.user, pk)
    services.record_request_view(item, by=_user(request))
    return _detail(request, item)


@login_required
@never_cache
@require_POST
@dpo_only
def request_extend(request: HttpRequest, pk: int) -> HttpResponse:
    return _act_on_request(
        request,
        pk,
        ExtendForm,
        services.extend_deadline,
        _("The deadline is extended by two months."),
        "extend_form",
    )


@login_required
@never_cache
@require_POST
@dpo_only
def request_answer(request: HttpRequest, pk: int) -> HttpResponse:
    return _act_on_request(
        request,
        pk,
        AnswerForm,
        services.answer_request,
        _("The request is marked as answered."),
        "answer_form",
    )


def _act_on_request(
    request: HttpRequest,
    pk: int,
    form_class: type[ExtendForm] | type[AnswerForm],
    service: Callable[..., object],
    done: str,
    form_name: str,
) -> HttpResponse:
    """Validate the form, call the service; back to the request, or its page with the errors."""
    item = permissions.get_request_for_dpo(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(item, by=_user(request), **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, done)
            return redirect("access_requests:detail", pk=item.pk)
    return _detail(request, item, **{form_name: form})


def _report_page(
    request: HttpRequest, item: AccessRequest, form: RestrictForm | None = None
) -> HttpResponse:
    generated = services.generate_report(
        item, by=_user(request), version=Version.DPO, file_format="html"
    )
    context = {
        "report": generated.report,
        "generated_at": generated.at,
        "form": form,
        "grounds": RestrictionGround.choices,
    }
    status = 400 if form is not None else 200
    return render(request, "access_requests/report.html", context, status=status)


@login_required
@never_cache
@dpo_only
@requires_recent_authentication
def request_report(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_request_for_dpo(request.user, pk)
    return _report_page(request, item)


@login_required
@never_cache
@require_POST
@dpo_only
@requires_recent_authentication
def request_restrict(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_request_for_dpo(request.user, pk)
    form = RestrictForm(request.POST)
    if form.is_valid():
        try:
            services.restrict_item(item, by=_user(request), **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The item is withheld from the data subject's version."))
            return redirect("access_requests:report", pk=item.pk)
    return _report_page(request, item, form)


@login_required
@never_cache
@require_POST
@dpo_only
@requires_recent_authentication
@rate_limited("export")
def request_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_request_for_dpo(request.user, pk)
    form = PdfForm(request.POST)
    if not form.is_valid():
        return _detail(request, item, pdf_form=form)
    generated = services.generate_report(
        item, by=_user(request), version=form.cleaned_data["version"], file_format="pdf"
    )
    response = HttpResponse(pdf.render_report(generated, by=_user(request)))
    response["Content-Type"] = "application/pdf"
    name = f"indsigt-{item.pk}-{form.cleaned_data['version']}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
