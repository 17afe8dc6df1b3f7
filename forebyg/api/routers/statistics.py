"""Statistics (stats:read): the same publication as the pages, suppressed exactly as there. A
municipality's or police district's token reads its own figures, a national centre's token the
suppressed national picture (stats.scope.scope_for_organisation); others read none (404)."""

import datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from forebyg.api.auth import TokenAuth, token_use
from forebyg.api.fields import Key
from forebyg.api.models import ApiToken, Scope
from forebyg.api.problems import TOKEN_ERRORS, errors_by_status
from forebyg.stats import services as stats_services
from forebyg.stats import store
from forebyg.stats.periods import PeriodNotPublished
from forebyg.stats.scope import StatScope, scope_for_organisation
from forebyg.stats.suppression import Cell
from forebyg.stats.tables import StatTable, catalogue
from forebyg.stats.tables.publication import validate_quarters

router = Router(auth=TokenAuth())

Quarter = Annotated[str, Field(pattern=r"^\d{4}Q[1-4]$", examples=["2025Q1"])]


class StatScopeOut(Schema):
    kind: str
    key: str
    label: str
    suppressed: bool


class TableSummaryOut(Schema):
    key: str
    title: str
    kind: str
    population: str


class CatalogueOut(Schema):
    scope: StatScopeOut
    tables: list[TableSummaryOut]


class CellOut(Schema):
    value: int | None = Field(description="null when suppressed")
    suppressed: bool
    display: str = Field(description='The number, "<5", or "x" (hidden to protect a "<5").')


class RowOut(Schema):
    key: str
    label: str
    cells: list[CellOut]
    total: CellOut


class TableOut(Schema):
    scope: StatScopeOut
    key: str
    title: str
    kind: str
    population: str
    row_heading: str
    column_heading: str | None
    column_keys: list[str]
    column_labels: list[str]
    rows: list[RowOut]
    column_totals: list[CellOut]
    total: CellOut
    published_at: datetime.datetime | None = Field(
        description="When the figures were counted: a suppressed scope's are published, and "
        "republished at most once a day (decision 0013); an own area's are counted live."
    )


class Period(Schema):
    from_quarter: Quarter | None = None
    to_quarter: Quarter | None = None


def _scope(token: ApiToken) -> StatScope:
    scope = scope_for_organisation(token.organisation)
    if scope is None:
        raise Http404(_("This organisation reads no statistics."))
    return scope


def _scope_out(scope: StatScope) -> dict[str, Any]:
    return {
        "kind": scope.kind,
        "key": scope.key,
        "label": str(scope.label),
        "suppressed": scope.suppress,
    }


def _cell(cell: Cell) -> dict[str, Any]:
    return {"value": cell.value, "suppressed": cell.suppressed, "display": cell.display}


def _table(
    scope: StatScope, table: StatTable, published_at: datetime.datetime | None
) -> dict[str, Any]:
    rows = [
        {
            "key": str(key),
            "label": str(label),
            "cells": [_cell(cell) for cell in cells],
            "total": _cell(total),
        }
        for key, label, cells, total in zip(
            table.row_keys, table.row_labels, table.cells, table.row_totals, strict=True
        )
    ]
    return {
        "scope": _scope_out(scope),
        "key": table.key,
        "title": str(table.title),
        "kind": table.kind,
        "population": str(table.population),
        "row_heading": str(table.row_heading),
        "column_heading": str(table.column_heading) if table.column_heading else None,
        "column_keys": [str(key) for key in table.column_keys],
        "column_labels": [str(label) for label in table.column_labels],
        "rows": rows,
        "column_totals": [_cell(cell) for cell in table.column_totals],
        "total": _cell(table.total),
        "published_at": published_at,
    }


def _quarters(period: Period) -> tuple[str, str] | None:
    if period.from_quarter is None and period.to_quarter is None:
        return None
    if period.from_quarter is None or period.to_quarter is None:
        raise ValidationError({"to_quarter": _("Give both quarters, or neither.")}, code="period")
    quarters = (period.from_quarter, period.to_quarter)
    try:
        validate_quarters(quarters)
    except ValueError:
        raise ValidationError(
            {"to_quarter": _("The first quarter is after the last.")}, code="period"
        ) from None
    return quarters


@router.get(
    "",
    response={200: CatalogueOut, **TOKEN_ERRORS, **errors_by_status(404)},
    summary="The statistics tables this token reads",
)
def statistics_catalogue(request: HttpRequest) -> dict[str, Any]:
    with token_use(request, Scope.STATS_READ) as token:
        scope = _scope(token)
    tables = [
        {
            "key": spec.key,
            "title": str(spec.title),
            "kind": spec.kind,
            "population": str(spec.population),
        }
        for spec in catalogue()
    ]
    return {"scope": _scope_out(scope), "tables": tables}


@router.get(
    "/{key}",
    response={200: TableOut, **TOKEN_ERRORS, **errors_by_status(404, 422)},
    summary="One statistics table, suppressed as on the statistics pages",
)
def statistics_table(request: HttpRequest, key: Key, period: Query[Period]) -> dict[str, Any]:
    with token_use(request, Scope.STATS_READ) as token:
        scope = _scope(token)
        if key not in {spec.key for spec in catalogue()}:
            raise Http404(_("No such table."))
        quarters = _quarters(period)
        try:
            publication = store.published(scope, quarters=quarters)
        except PeriodNotPublished as error:
            raise ValidationError({"from_quarter": str(error)}, code="period") from None
        stats_services.record_statistics_view(
            scope, by=token.account, slug=scope.key, quarters=quarters
        )
    return _table(scope, publication.tables([key])[0], publication.built_at)
