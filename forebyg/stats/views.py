"""Pages of the statistics, under /statistik/: the scopes a user may open, one scope's tables,
charts and outcomes for a period, and the same publication as CSV or XLSX.

Everything shown comes from the engine (tables.publish: the tables and outcomes of one
publication), which suppresses small cells before they get here: these views never see a case
or a person. A suppressed scope's publication is the stored one (store.published, decision
0013), and the page and the files say when its figures were counted. Every view and every
export is audited with the scope and period. A scope the user may not open is a 404."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from forebyg.accounts.stepup import requires_recent_authentication
from forebyg.cases.views.common import acting_user
from forebyg.core.exports import organisation_names, user_label
from forebyg.core.ratelimit import rate_limited
from forebyg.stats import exports, permissions, services, store
from forebyg.stats.charts import chart_for
from forebyg.stats.forms import period_form
from forebyg.stats.scope import StatScope
from forebyg.stats.tables import Cell, StatTable

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Section:
    """One published table on the page: its anchor, the chart and the ids that tie them."""

    table: StatTable
    kind: str
    chart: SafeString | None

    @property
    def anchor(self) -> str:
        return f"table-{self.table.key}"

    @property
    def caption_id(self) -> str:
        return f"caption-{self.table.key}"

    @property
    def rows(self) -> list[tuple[str, list[Cell], Cell]]:
        table = self.table
        return list(zip(table.row_labels, table.cells, table.row_totals, strict=True))

    @property
    def wide(self) -> bool:
        return len(self.table.column_labels) > 1


def _sections(tables: list[StatTable]) -> list[Section]:
    sections = []
    for table in tables:
        chart = chart_for(table, table.kind, caption_id=f"caption-{table.key}")
        sections.append(Section(table, table.kind, chart))
    return sections


@login_required
@never_cache
@require_safe
def stats_index(request: HttpRequest) -> HttpResponse:
    scopes = permissions.visible_scopes(acting_user(request))
    if not scopes:
        raise Http404(_("No such page."))
    entries = [(scope, permissions.scope_slug(scope)) for scope in scopes]
    return render(request, "stats/index.html", {"entries": entries})


@login_required
@never_cache
@require_safe
def stats_scope(request: HttpRequest, slug: str) -> HttpResponse:
    user = acting_user(request)
    scope = permissions.get_scope_for_view(user, slug)
    form = period_form(scope.suppress, request.GET or None)
    context: dict[str, object] = {"scope": scope, "slug": slug, "form": form}
    if form.is_bound and not form.is_valid():
        # Bad input shows the message and no figures, rather than figures for another period.
        return render(request, "stats/scope.html", {**context, "invalid": True})
    quarters = form.quarters()
    publication = store.published(scope, quarters=quarters)
    services.record_statistics_view(scope, by=user, slug=slug, quarters=quarters)
    context.update(
        {
            "sections": _sections(publication.tables()),
            "outcomes": publication.outcomes,
            "period": period_label(quarters, publication.quarters),
            "query": form.query(),
            "suppression_note": exports.suppression_note(scope.suppress),
            "as_of": exports.figures_as_of(publication.built_at),
        }
    )
    return render(request, "stats/scope.html", context)


def period_label(quarters: tuple[str, str] | None, published: list[str] | None = None) -> str:
    """The period in words: from one quarter to another, or all quarters (with the first and
    last that have figures, when there are any)."""
    if quarters is None and published:
        quarters = (published[0], published[-1])
        return _("All quarters: %(start)s to %(end)s") % {"start": quarters[0], "end": quarters[1]}
    if quarters is None:
        return _("All quarters")
    return _("%(start)s to %(end)s") % {"start": quarters[0], "end": quarters[1]}


@login_required
@requires_recent_authentication
@rate_limited("export")
@never_cache
@require_GET  # not HEAD: every request builds and audits a file
def stats_export_csv(request: HttpRequest, slug: str) -> HttpResponse:
    return _export(request, slug, "csv")


@login_required
@requires_recent_authentication
@rate_limited("export")
@never_cache
@require_GET
def stats_export_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    return _export(request, slug, "xlsx")


def _export(request: HttpRequest, slug: str, file_format: str) -> HttpResponse:
    """The scope's whole publication as a file, audited before it leaves; bad period input goes
    back to the page, which says what is wrong."""
    user = acting_user(request)
    scope = permissions.get_scope_for_view(user, slug)
    form = period_form(scope.suppress, request.GET or None)
    if form.is_bound and not form.is_valid():
        return redirect(f"{reverse('stats:scope', args=[slug])}?{request.GET.urlencode()}")
    quarters = form.quarters()
    publication = store.published(scope, quarters=quarters)
    tables, outcomes = publication.tables(), publication.outcomes
    period = period_label(quarters, publication.quarters)
    stamp = _stamp(request, scope, period, exports.figures_as_of(publication.built_at))
    if file_format == "xlsx":
        content = exports.xlsx_bytes(stamp, tables, outcomes)
    else:
        content = exports.csv_bytes(stamp, tables, outcomes)
    services.record_statistics_export(
        scope, by=user, slug=slug, quarters=quarters, file_format=file_format
    )
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    name = f"statistik-{slug}-{timezone.localtime():%Y%m%d-%H%M}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _stamp(request: HttpRequest, scope: StatScope, period: str, as_of: str) -> exports.Stamp:
    user = acting_user(request)
    return exports.Stamp(
        exported_by=user_label(user),
        exported_at=f"{timezone.localtime():%Y-%m-%d %H:%M %Z}",
        scope=str(scope.label),
        period=period,
        suppressed=scope.suppress,
        organisation=organisation_names(user),
        purpose=_(exports.STATISTICS_PURPOSE),
        figures_as_of=as_of,
    )
