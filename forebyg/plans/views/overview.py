"""The national overview for CDE's analysts, as a page, CSV and XLSX (the same rows and filters).
Anyone else gets a 404: the page does not exist for them."""

import csv
import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from openpyxl import Workbook

from forebyg.accounts.stepup import requires_recent_authentication
from forebyg.cases.views.common import acting_user
from forebyg.core.exports import Stamp, csv_stamp_rows, user_stamp, write_xlsx_stamp
from forebyg.core.ratelimit import rate_limited
from forebyg.plans import overview as overview_rows
from forebyg.plans.exports import services
from forebyg.plans.forms.overview import OverviewFilterForm
from forebyg.plans.permissions import is_analyst

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filtered(request: HttpRequest) -> tuple[OverviewFilterForm, overview_rows.Overview | None]:
    """The filter form and the overview it selects; no overview when the filters are invalid."""
    if not is_analyst(request.user):
        raise Http404
    form = OverviewFilterForm(request.GET)
    if not form.is_valid():
        return form, None
    data = overview_rows.national_overview(today=timezone.localdate(), **form.cleaned_data)
    return form, data


def _file_name(extension: str) -> str:
    return f"beredskaber-{timezone.localdate():%Y-%m-%d}.{extension}"


@login_required
@never_cache
@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    form, data = _filtered(request)
    context: dict[str, Any] = {"form": form, "overview": data, "query": request.GET.urlencode()}
    return render(request, "plans/overview.html", context)


def _stamp(request: HttpRequest, form: OverviewFilterForm) -> Stamp:
    """Who exported the overview, when, for the standing purpose, with the filters used."""
    chosen = [form.cleaned_data.get(name) for name in ("police_district", "region")]
    filters = ", ".join(str(value) for value in chosen if value) or _("None")
    return user_stamp(
        acting_user(request),
        purpose=gettext(services.OVERVIEW_PURPOSE),
        details=((_("Filters"), filters),),
    )


def _audit(request: HttpRequest, form: OverviewFilterForm, data: Any, file_format: str) -> None:
    filters = {key: str(value) for key, value in form.cleaned_data.items() if value}
    services.record_overview_export(
        by=acting_user(request), file_format=file_format, filters=filters, count=len(data.rows)
    )


@login_required
@requires_recent_authentication
@rate_limited("export")
@never_cache
@require_safe
def overview_csv(request: HttpRequest) -> HttpResponse:
    form, data = _filtered(request)
    if data is None:
        return render(request, "plans/overview.html", {"form": form}, status=400)
    stamp = _stamp(request, form)
    _audit(request, form, data, "csv")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_name("csv")}"'
    # Danish Excel opens a file with a BOM as UTF-8 and splits on semicolons (the comma is the
    # decimal separator in Danish).
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerows(csv_stamp_rows(stamp))
    writer.writerow(overview_rows.export_header())
    writer.writerows(overview_rows.export_row(row) for row in data.rows)
    return response


@login_required
@requires_recent_authentication
@rate_limited("export")
@never_cache
@require_safe
def overview_xlsx(request: HttpRequest) -> HttpResponse:
    form, data = _filtered(request)
    if data is None:
        return render(request, "plans/overview.html", {"form": form}, status=400)
    stamp = _stamp(request, form)
    _audit(request, form, data, "xlsx")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Action plans"))
    sheet.append(overview_rows.export_header())
    for row in data.rows:
        sheet.append(overview_rows.export_row(row))
    # The stamp has a sheet of its own, after the data, so the rows start at the top of the first.
    write_xlsx_stamp(workbook.create_sheet(_("About this export")), stamp)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_file_name("xlsx")}"'
    return response
