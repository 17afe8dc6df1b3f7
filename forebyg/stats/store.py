"""Stored publications for suppressed scopes (decision 0013): statistics agencies publish, they
do not compute per request.

A suppressed scope's publication for a period is built once (tables.publish), stored as JSON in
StoredPublication and served from there until it is older than STATISTICS_REPUBLISH_SECONDS;
`manage.py publish_statistics` renews them at night, so readers do not wait. Unsuppressed
scopes (a coordinator's own area) are always counted live.

What is stored is what the page shows: the published counts (a hidden count is stored as 0 with
its mark), the marks, the medians shown with the outcomes, the quarters, and the values of the
rows and columns of each table. Labels are not stored: they are looked up when served, in the
reader's language."""

import datetime
from collections.abc import Hashable, Sequence
from typing import Any, cast

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from forebyg.stats import outcomes as outcome_module
from forebyg.stats.extract import Extract, build_extract
from forebyg.stats.models import StoredPublication
from forebyg.stats.periods import completed_years, published_period, year_quarters
from forebyg.stats.scope import StatScope, national_scope
from forebyg.stats.suppression import Mark
from forebyg.stats.tables.catalogue import CATALOGUE
from forebyg.stats.tables.dimensions import HEADINGS, Category, categories, load_geography
from forebyg.stats.tables.publication import (
    Publication,
    publish,
    scope_conditions,
    validate_quarters,
)

FORMAT = 1  # of the stored JSON; a row of another format is rebuilt


def suppressed_scopes() -> list[StatScope]:
    """The scopes that are published rather than counted per request."""
    return [national_scope()]


def period_key(quarters: tuple[str, str] | None) -> str:
    return "-".join(quarters) if quarters else "all"


def max_age() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.STATISTICS_REPUBLISH_SECONDS)


def published(scope: StatScope, *, quarters: tuple[str, str] | None = None) -> Publication:
    """The publication readers of `scope` see: live without suppression; with suppression the
    stored one, republished first when it is missing or older than the maximum age."""
    if not scope.suppress:
        return publish(scope, quarters=quarters)
    validate_quarters(quarters)
    period = published_period(scope, quarters, today=timezone.localdate())
    row = (
        StoredPublication.objects.filter(scope_key=scope.key, period_key=period_key(period))
        .only("built_at", "data")
        .first()
    )
    if row is not None and _is_fresh(row, max_age()):
        return restore(scope, row.data, built_at=row.built_at)
    return republish(scope, period)


def _is_fresh(row: StoredPublication, age: datetime.timedelta) -> bool:
    return row.data.get("format") == FORMAT and timezone.now() - row.built_at < age


def republish(
    scope: StatScope, quarters: tuple[str, str] | None, *, extract: Extract | None = None
) -> Publication:
    """Build `scope`'s publication for `quarters` and store it (replacing the stored one)."""
    publication = publish(scope, quarters=quarters, extract=extract)
    built_at = publication.built_at or timezone.now()
    # Two readers who find the same stale row may both rebuild; the unique constraint and
    # update_or_create leave one whole row (the last one written), never two or a broken one.
    with transaction.atomic():
        StoredPublication.objects.update_or_create(
            scope_key=scope.key,
            period_key=period_key(quarters),
            defaults={"built_at": built_at, "data": serialise(publication)},
        )
    return publication


def publish_all(*, force: bool = False) -> list[tuple[StatScope, str, bool]]:
    """Renew the stored publications of every suppressed scope and completed year: those
    missing, or past half their maximum age (so that none goes stale before the next nightly
    run), or all with `force`. (scope, period key, rebuilt) for each."""
    done = []
    half_life = max_age() / 2
    today = timezone.localdate()
    for scope in suppressed_scopes():
        periods = [year_quarters(year) for year in completed_years(today)]
        stored = {
            row.period_key: row
            for row in StoredPublication.objects.filter(scope_key=scope.key).only(
                "period_key", "built_at", "data"
            )
        }
        extract = None
        for period in periods:
            key = period_key(period)
            row = stored.get(key)
            if not force and row is not None and _is_fresh(row, half_life):
                done.append((scope, key, False))
                continue
            if extract is None:  # one extract serves every year of the scope
                extract = build_extract(scope_conditions(scope))
            republish(scope, period, extract=extract)
            done.append((scope, key, True))
    return done


# -- JSON -------------------------------------------------------------------------------------


def _key_out(key: Hashable) -> list[Any]:
    """A quantity key (suppression.quantity: population and sorted conditions) as JSON."""
    population, conditions = cast(tuple[str, tuple[tuple[str, Any], ...]], key)
    return [population, [list(pair) for pair in conditions]]


def _key_in(data: Sequence[Any]) -> Hashable:
    population, conditions = data
    return population, tuple((name, value) for name, value in conditions)


def serialise(publication: Publication) -> dict[str, Any]:
    """The publication as JSON: published values only (a hidden count is stored as 0)."""
    marks = publication.marks
    return {
        "format": FORMAT,
        "quarters": publication.quarters,
        "values": [
            [_key_out(key), 0 if key in marks else value]
            for key, value in publication.values.items()
        ],
        "marks": [[_key_out(key), str(mark)] for key, mark in marks.items()],
        "layouts": {
            table: [
                [value for value, _, _ in rows],
                None if columns is None else [value for value, _, _ in columns],
            ]
            for table, (rows, columns) in publication.layouts.items()
        },
        "medians": {
            outcome.key: publication.medians.get(outcome.key)
            for outcome in publication.outcomes
            if outcome.value is not None
        },
    }


def restore(
    scope: StatScope, data: dict[str, Any], *, built_at: datetime.datetime | None = None
) -> Publication:
    """The publication stored as `data`, labelled in the current language."""
    values = {_key_in(key): value for key, value in data["values"]}
    marks = {_key_in(key): Mark(mark) for key, mark in data["marks"]}
    quarters = list(data["quarters"])
    labels = _labels(quarters)
    layouts: dict[str, tuple[list[Category], list[Category] | None]] = {}
    for spec in CATALOGUE:
        rows, columns = data["layouts"][spec.key]
        layouts[spec.key] = (
            _categories(labels[spec.row_dimension], rows),
            None
            if columns is None or spec.column_dimension is None
            else _categories(labels[spec.column_dimension], columns),
        )
    medians: dict[str, float | None] = dict(data["medians"])
    counts = outcome_module.OutcomeCounts(values=values, medians=medians)
    return Publication(
        scope,
        quarters,
        values,
        marks,
        layouts,
        outcome_module.render(counts, marks),
        medians=medians,
        built_at=built_at,
    )


def _labels(quarters: list[str]) -> dict[str, dict[Any, Category]]:
    """Every dimension's categories by value, in the current language (reference data only)."""
    geography = load_geography(Q())
    return {
        name: {category[0]: category for category in categories(name, geography, quarters)}
        for name in HEADINGS
    }


def _categories(known: dict[Any, Category], values: list[Any]) -> list[Category]:
    # A value the reference data no longer has keeps its own name, as when it was counted.
    return [known.get(value, (value, str(value), str(value))) for value in values]
