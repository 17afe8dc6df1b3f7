"""One publication: every table of the catalogue and every outcome of one scope and period,
counted from one pseudonymised extract and suppressed together (suppression.py), so a number
shown in two tables is shown, or hidden, the same way in both."""

import datetime
import re
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from forebyg.stats import outcomes as outcome_module
from forebyg.stats.extract import (
    QUARTER_PATTERN,
    Extract,
    build_extract,
    quarter_of,
    quarter_range,
    quarters_in,
)
from forebyg.stats.periods import published_period
from forebyg.stats.scope import MUNICIPALITY, POLICE_DISTRICT, StatScope
from forebyg.stats.suppression import Cell, Group, Mark, cell, quantity, suppress
from forebyg.stats.tables.catalogue import (
    CASES,
    CATALOGUE,
    CONCERNS,
    MEASURES,
    POPULATION_LABELS,
    TableSpec,
)
from forebyg.stats.tables.dimensions import (
    HEADINGS,
    Category,
    Dimension,
    Geography,
    categories,
    dimensions,
    load_geography,
)


@dataclass(frozen=True)
class StatTable:
    key: str
    title: str
    row_heading: str
    column_heading: str | None
    row_labels: list[str]
    column_labels: list[str]  # a count table has one column
    cells: list[list[Cell]]
    row_totals: list[Cell]
    column_totals: list[Cell]
    total: Cell
    # Stable keys of the rows and columns (quarter, municipality code, level key, ...).
    row_keys: list[str] = field(default_factory=list)
    column_keys: list[str] = field(default_factory=list)
    kind: str = "count"
    population: str = CASES


@dataclass
class Publication:
    scope: StatScope
    quarters: list[str]
    values: dict[Hashable, int]
    marks: dict[Hashable, Mark]
    layouts: dict[str, tuple[list[Category], list[Category] | None]]
    outcomes: list[outcome_module.Outcome]
    # The medians behind the outcomes shown (stats.store keeps them with the counts).
    medians: dict[str, float | None] = field(default_factory=dict)
    built_at: datetime.datetime | None = None  # when the figures were counted

    def cell(self, key: Hashable) -> Cell:
        return cell(self.values.get(key, 0), self.marks, key)

    def tables(self, keys: Sequence[str] | None = None) -> list[StatTable]:
        """The tables with these keys (all when None), in catalogue order."""
        return [self._table(spec) for spec in CATALOGUE if keys is None or spec.key in keys]

    def _table(self, spec: TableSpec) -> StatTable:
        rows, columns = self.layouts[spec.key]
        population = spec.population
        row_dimension = spec.row_dimension

        def key(row: Any = None, column: Any = None) -> Hashable:
            conditions = {} if row is None else {row_dimension: row}
            if column is not None and spec.column_dimension is not None:
                conditions[spec.column_dimension] = column
            return quantity(population, **conditions)

        names = _headings(spec)
        column_values = [c[0] for c in columns] if columns is not None else [None]
        return StatTable(
            key=spec.key,
            title=str(spec.title),
            row_heading=names[0],
            column_heading=names[1],
            row_labels=[label for _, label, _ in rows],
            column_labels=(
                [label for _, label, _ in columns]
                if columns is not None
                else [str(POPULATION_LABELS[population])]
            ),
            cells=[[self.cell(key(r[0], c)) for c in column_values] for r in rows],
            row_totals=[self.cell(key(r[0])) for r in rows],
            column_totals=[
                self.cell(key(None, c)) if c is not None else self.cell(key())
                for c in column_values
            ],
            total=self.cell(key()),
            row_keys=[str(k) for _, _, k in rows],
            column_keys=[str(k) for _, _, k in columns] if columns is not None else [population],
            kind=spec.kind,
            population=population,
        )


def _headings(spec: TableSpec) -> tuple[str, str | None]:
    column = spec.column_dimension
    return str(HEADINGS[spec.row_dimension]), str(HEADINGS[column]) if column else None


def scope_conditions(scope: StatScope) -> dict[str, int]:
    """The cases of `scope`: a municipality's, a police district's (the case's own) or all."""
    if scope.kind == MUNICIPALITY and scope.organisation is not None:
        return {"municipality": scope.organisation.pk}
    if scope.kind == POLICE_DISTRICT and scope.organisation is not None:
        return {"police_district": scope.organisation.pk}
    return {}


def _municipality_filter(scope: StatScope, extract: Extract) -> Q:
    seen = Q(pk__in={row.municipality_id for row in extract.cases})
    if scope.kind == MUNICIPALITY and scope.organisation is not None:
        return Q(pk=scope.organisation.pk) | seen
    if scope.kind == POLICE_DISTRICT and scope.organisation is not None:
        return Q(police_district=scope.organisation.pk) | seen
    return Q()


def validate_quarters(quarters: tuple[str, str] | None) -> None:
    """ValueError unless `quarters` is None or two quarters ("2025Q1", "2026Q2") in order."""
    if quarters is None:
        return
    first, last = quarters
    if not all(re.match(QUARTER_PATTERN, q) for q in quarters) or first > last:
        raise ValueError(f"Not a range of quarters: {quarters!r}")


def _in_period(rows: Sequence[Any], quarters: tuple[str, str] | None) -> list[Any]:
    if quarters is None:
        return list(rows)
    return [row for row in rows if quarters[0] <= row.quarter <= quarters[1]]


@dataclass
class _Counting:
    values: dict[Hashable, int] = field(default_factory=dict)
    groups: list[Group] = field(default_factory=list)
    layouts: dict[str, tuple[list[Category], list[Category] | None]] = field(default_factory=dict)


def _with_seen(known: list[Category], seen: set[Any]) -> list[Category]:
    """The categories plus any value the data holds that reference data lacks (sums stay whole)."""
    missing = seen - {value for value, _, _ in known}
    return known + [(value, str(value), str(value)) for value in sorted(missing, key=str)]


def _count_table(
    counting: _Counting,
    spec: TableSpec,
    rows: Sequence[Any],
    dims: dict[str, Dimension],
    category_cache: dict[str, list[Category]],
) -> None:
    row_dim = dims[spec.row_dimension]
    column_dim = dims[spec.column_dimension] if spec.column_dimension else None
    pairs = Counter(
        (row_dim.read(row), column_dim.read(row) if column_dim else None) for row in rows
    )
    row_categories = _with_seen(category_cache[row_dim.key], {r for r, _ in pairs})
    column_categories = (
        _with_seen(category_cache[column_dim.key], {c for _, c in pairs}) if column_dim else None
    )
    counting.layouts[spec.key] = (row_categories, column_categories)
    population = spec.population
    grand = quantity(population)
    counting.values[grand] = len(rows)
    row_keys = []
    for r, _, _ in row_categories:
        row_key = quantity(population, **{row_dim.key: r})
        row_keys.append(row_key)
        counting.values[row_key] = sum(n for (rv, _), n in pairs.items() if rv == r)
    counting.groups.append(Group(grand, tuple(row_keys)))
    if column_dim is None or column_categories is None:
        return
    _count_cells(
        counting, population, pairs, (row_dim, row_categories), (column_dim, column_categories)
    )


def _count_cells(
    counting: _Counting,
    population: str,
    pairs: Counter,
    row_side: tuple[Dimension, list[Category]],
    column_side: tuple[Dimension, list[Category]],
) -> None:
    (row_dim, row_categories), (column_dim, column_categories) = row_side, column_side
    by_column: dict[Any, list[Hashable]] = {c: [] for c, _, _ in column_categories}
    for r, _, _ in row_categories:
        in_row = []
        for c, _, _ in column_categories:
            key = quantity(population, **{row_dim.key: r, column_dim.key: c})
            counting.values[key] = pairs.get((r, c), 0)
            in_row.append(key)
            by_column[c].append(key)
        counting.groups.append(Group(quantity(population, **{row_dim.key: r}), tuple(in_row)))
    column_keys = []
    for c, column_cells in by_column.items():
        column_key = quantity(population, **{column_dim.key: c})
        column_keys.append(column_key)
        counting.values[column_key] = sum(counting.values[k] for k in column_cells)
        counting.groups.append(Group(column_key, tuple(column_cells)))
    counting.groups.append(Group(quantity(population), tuple(column_keys)))


def _hierarchy(counting: _Counting, geography: Geography) -> None:
    """Municipalities sum to their police district and to their region."""
    for level, parent_of in (
        ("police_district", geography.district_of),
        ("region", geography.region_of),
    ):
        children: dict[Any, list[Hashable]] = {}
        for municipality, parent in parent_of.items():
            children.setdefault(parent, []).append(quantity(CASES, municipality=municipality))
        for parent, parts in children.items():
            counting.groups.append(Group(quantity(CASES, **{level: parent}), tuple(parts)))


def publish(
    scope: StatScope, *, quarters: tuple[str, str] | None = None, extract: Extract | None = None
) -> Publication:
    """Every table and outcome of `scope` in the quarters (all when None; for a suppressed
    scope, see periods.published_period), suppressed together. `extract` (of the scope) saves
    reading it again when one caller publishes several periods."""
    validate_quarters(quarters)
    built_at = timezone.now()
    quarters = published_period(scope, quarters, today=timezone.localdate())
    if extract is None:
        extract = build_extract(scope_conditions(scope))
    cases = _in_period(extract.cases, quarters)
    concerns = _in_period(extract.concerns, quarters)
    measures = _in_period(extract.measures, quarters)
    quarter_list = (
        quarter_range(*quarters) if quarters else quarters_in([*cases, *concerns, *measures])
    )
    geography = load_geography(_municipality_filter(scope, extract))
    dims = dimensions(geography)
    cache = {name: categories(name, geography, quarter_list) for name in dims}
    rows_of = {CASES: cases, CONCERNS: concerns, MEASURES: measures}
    counting = _Counting()
    for spec in CATALOGUE:
        _count_table(counting, spec, rows_of[spec.population], dims, cache)
    _hierarchy(counting, geography)
    counts = outcome_module.count_outcomes(
        cases,
        measures,
        all_cases=extract.cases,
        all_concerns=extract.concerns,
        current_quarter=quarter_of(timezone.localdate()),
    )
    values = {**counting.values, **counts.values}
    groups = [*counting.groups, *counts.groups]
    marks = suppress(values, groups) if scope.suppress else {}
    return Publication(
        scope,
        quarter_list,
        values,
        marks,
        counting.layouts,
        outcome_module.render(counts, marks),
        medians=dict(counts.medians),
        built_at=built_at,
    )
