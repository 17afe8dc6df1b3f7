"""Pages of the national action plan tracker, under /handlingsplan/. Reading and exporting are
public (policy.py says why); the write pages exist only for national analysts (404 for anyone
else). Every form is a plain POST: on success to the initiative page (PRG), on an error the form
again with the input kept."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from forebyg.cases.views.common import acting_user
from forebyg.core.exports import Stamp, csv_stamp_rows, request_stamp, write_xlsx_stamp
from forebyg.national import permissions, selectors, services
from forebyg.national.forms import InitiativeForm, StatusForm
from forebyg.national.models import Initiative

GET = ["GET", "HEAD"]
GET_OR_POST = ["GET", "HEAD", "POST"]


@require_http_methods(GET)
def index(request: HttpRequest) -> HttpResponse:
    areas = selectors.focus_areas_with_initiatives()
    rows, total = selectors.status_counts(areas)
    context = {
        "rows": rows,
        "total": total,
        "columns": selectors.status_columns(),
        "free_numbers": selectors.free_numbers(),
        "may_edit": permissions.can_edit_plan(request.user),
    }
    return render(request, "national/index.html", context)


@require_http_methods(GET)
def focus_area(request: HttpRequest, number: int) -> HttpResponse:
    area = selectors.focus_area(number)
    if area is None:
        raise Http404(_("No such focus area."))
    context = {"area": area, "may_edit": permissions.can_edit_plan(request.user)}
    return render(request, "national/focus_area.html", context)


@require_http_methods(GET)
def initiative(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.initiative_with_history(pk)
    if found is None:
        raise Http404(_("No such initiative."))
    context = {"initiative": found, "may_edit": permissions.can_edit_plan(request.user)}
    return render(request, "national/initiative.html", context)


def _to(initiative: Initiative) -> HttpResponse:
    return redirect("national:initiative", pk=initiative.pk)


@login_required
@never_cache
@require_http_methods(GET_OR_POST)
def initiative_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    permissions.require_editor(user)
    # A focus area page links here with its area chosen.
    form = InitiativeForm(
        request.POST or None, initial={"focus_area": request.GET.get("focus_area")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_initiative(by=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The initiative is added."))
            return _to(created)
    context = {"form": form, "initiative": None, "free_numbers": selectors.free_numbers()}
    return render(request, "national/initiative_form.html", context)


@login_required
@never_cache
@require_http_methods(GET_OR_POST)
def initiative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    found = permissions.get_initiative_for_change(user, pk)
    form = InitiativeForm.for_initiative(found, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_initiative(found, by=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The initiative is saved."))
            return _to(found)
    context = {"form": form, "initiative": found, "free_numbers": selectors.free_numbers()}
    return render(request, "national/initiative_form.html", context)


@login_required
@never_cache
@require_http_methods(GET_OR_POST)
def status_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    found = permissions.get_initiative_for_change(user, pk)
    form = StatusForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_status(found, by=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The status is recorded."))
            return _to(found)
    return render(request, "national/status_form.html", {"form": form, "initiative": found})


def _filename(extension: str) -> str:
    return f"handlingsplan-2016-{timezone.localdate():%Y-%m-%d}.{extension}"


def _stamp(request: HttpRequest) -> Stamp:
    """A visitor's file says where and when it was taken; a signed-in user's who took it and
    why (the tracker is public, so the purpose is the standing one)."""
    return request_stamp(request, purpose=gettext(services.EXPORT_PURPOSE))


def _audit(request: HttpRequest, file_format: str) -> None:
    # A visitor's download of the public plan is not logged: there is nobody and no personal
    # data to log. A signed-in user's is, like every other export.
    if request.user.is_authenticated:
        services.record_export(by=acting_user(request), file_format=file_format)


@require_http_methods(GET)
def export_csv(request: HttpRequest) -> HttpResponse:
    stamp = _stamp(request)
    _audit(request, "csv")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    # Danish Excel reads a file with a BOM as UTF-8 and splits on semicolons (the comma is the
    # decimal separator in Danish), as the plans overview's export does.
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerows(csv_stamp_rows(stamp))
    writer.writerows(selectors.export_rows())
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_http_methods(GET)
def export_xlsx(request: HttpRequest) -> HttpResponse:
    stamp = _stamp(request)
    _audit(request, "xlsx")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Initiatives"))
    for row in selectors.export_rows():
        # openpyxl refuses control characters a note may hold; they carry no meaning here.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row])
    # The stamp has a sheet of its own, after the data, so the rows start at the top of the first.
    write_xlsx_stamp(workbook.create_sheet(_("About this export")), stamp)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    return response
