"""The acceptance test of issue 6: nobody can work out a hidden count from a publication.

The data is small and realistic (many cells of 1-4, some zeros). The publication is read exactly
as an analyst and the exports get it (Cell.display of every table and outcome of the national
scope); the attacker (attacker.py) turns ALL its numbers into linear equations and bounds and
computes the smallest and largest possible value of every hidden count.

No hidden number may be pinned: not a count of 1-4 (the cases of a few people), not a hidden
zero ("<5" stands for 0-4), not an "x"."""

import dataclasses
from collections.abc import Hashable

import pytest

from forebyg.actors.models import Organisation, OrganisationKind
from forebyg.stats.outcomes import Outcome
from forebyg.stats.periods import year_quarters
from forebyg.stats.scope import national_scope
from forebyg.stats.suppression import Mark, is_small
from forebyg.stats.tables import StatTable, catalogue, publication, publish
from forebyg.stats.tests.attacker import Attacker
from forebyg.stats.tests.stats_data import make_cases

SPECS = {spec.key: spec for spec in catalogue()}


def _name(population: str, **conditions: str) -> Hashable:
    return population, frozenset(conditions.items())


def _read_table(attacker: Attacker, table: StatTable) -> None:
    spec = SPECS[table.key]
    population, row_dim, column_dim = spec.population, spec.row_dimension, spec.column_dimension
    grand = _name(population)
    attacker.see(grand, table.total.display)
    rows = []
    for row_key, cells, row_total in zip(
        table.row_keys, table.cells, table.row_totals, strict=True
    ):
        row_name = _name(population, **{row_dim: row_key})
        attacker.see(row_name, row_total.display)
        rows.append(row_name)
        if column_dim is None:
            continue
        names = [
            _name(population, **{row_dim: row_key, column_dim: column_key})
            for column_key in table.column_keys
        ]
        for name, cell in zip(names, cells, strict=True):
            attacker.see(name, cell.display)
        attacker.adds_up(row_name, names)
    attacker.adds_up(grand, rows)
    if column_dim is None:
        return
    columns = []
    for position, (column_key, total) in enumerate(
        zip(table.column_keys, table.column_totals, strict=True)
    ):
        column_name = _name(population, **{column_dim: column_key})
        attacker.see(column_name, total.display)
        columns.append(column_name)
        attacker.adds_up(
            column_name,
            [_name(population, **{row_dim: r, column_dim: column_key}) for r in table.row_keys],
        )
        assert table.cells[0][position] is not None if table.cells else True
    attacker.adds_up(grand, columns)


def _read_geography(attacker: Attacker) -> None:
    """Public reference data: each municipality's police district and region."""
    municipalities = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).select_related(
        "police_district", "region"
    )
    for level in ("police_district", "region"):
        children: dict[str, list[Hashable]] = {}
        for municipality in municipalities:
            parent = getattr(municipality, level)
            name = _name("cases", municipality=municipality.code or municipality.key)
            children.setdefault(parent.code or parent.key, []).append(name)
        for parent_key, parts in children.items():
            total = _name("cases", **{level: parent_key})
            if attacker.known(total) and all(attacker.known(p) for p in parts):
                attacker.adds_up(total, parts)


def _read_outcomes(attacker: Attacker, outcomes: list[Outcome], tables: dict[str, StatTable]):
    for outcome in outcomes:
        top, bottom = ("outcome", outcome.key, "top"), ("outcome", outcome.key, "bottom")
        attacker.see(top, outcome.numerator.display)
        attacker.see(bottom, outcome.denominator.display)
        attacker.at_most(top, bottom)
    closure = [k for k in tables["closure_reason"].row_keys if k != "unknown"]
    attacker.adds_up(
        ("outcome", "concern_reduced", "bottom"),
        [_name("cases", closure_reason=k) for k in closure],
    )
    screened = [k for k in tables["screening_outcome"].row_keys if k != "unknown"]
    attacker.adds_up(
        ("outcome", "days_to_screening", "top"),
        [_name("cases", screening_outcome=k) for k in screened],
    )
    for key in ("days_to_screening", "days_to_first_measure"):
        attacker.adds_up(("outcome", key, "bottom"), [_name("cases")])
    attacker.at_most(("outcome", "measures_completed", "bottom"), _name("measures"))


def _attack(pub: publication.Publication) -> Attacker:
    attacker = Attacker()
    tables = {table.key: table for table in pub.tables()}
    for table in tables.values():
        _read_table(attacker, table)
    _read_geography(attacker)
    _read_outcomes(attacker, pub.outcomes, tables)
    return attacker


def _truth(pub: publication.Publication) -> dict[Hashable, int]:
    """The true values behind the attacker's names, from the same data unsuppressed."""
    attacker = _attack(dataclasses.replace(pub, marks={}))
    return {name: int(attacker.shown[p]) for name, p in attacker.index.items()}


YEAR_2023 = year_quarters(2023)


@pytest.fixture
def small_country(db):
    """Few cases over few municipalities in one year (2023, as the national scope publishes
    one completed year at a time): many counts of 1-4, and zeros."""
    make_cases(140, seed=6, municipality_count=7, days=360)


def test_no_hidden_count_of_a_national_publication_can_be_worked_out(small_country):
    pub = publish(national_scope(), quarters=YEAR_2023)
    attacker = _attack(pub)
    truth = _truth(pub)

    hidden = attacker.hidden()

    assert sum(1 for name in hidden if is_small(truth[name])) > 30  # many small cells to protect
    assert any(attacker.shown[attacker.index[name]] == "x" for name in hidden)  # secondary used
    assert attacker.recovered(hidden) == []
    # The attacker's ranges are sound: every true value lies inside its range.
    some = hidden[:: max(1, len(hidden) // 15)]
    assert all(
        low - 1e-6 <= truth[name] <= high + 1e-6
        for name, (low, high) in attacker.ranges(some).items()
    )


def test_the_same_attacker_recovers_counts_when_only_small_counts_are_hidden(
    small_country, monkeypatch
):
    def primary_only(values, groups):
        return {key: Mark.PRIMARY for key, value in values.items() if is_small(value)}

    monkeypatch.setattr(publication, "suppress", primary_only)
    pub = publish(national_scope(), quarters=YEAR_2023)
    attacker = _attack(pub)
    truth = _truth(pub)

    recovered = attacker.recovered(attacker.hidden())

    assert len(recovered) > 5
    assert all(is_small(truth[name]) for name in recovered)  # real small counts, worked out
    ranges = attacker.ranges(recovered)
    assert all(ranges[name][0] == pytest.approx(truth[name]) for name in recovered)


def test_a_count_shown_in_linked_tables_is_shown_the_same_way_in_each(small_country):
    pub = publish(national_scope(), quarters=YEAR_2023)
    attacker = _attack(pub)  # `see` asserts one display per count

    quarter = {t.key: t for t in pub.tables(["quarter", "trend_level"])}
    assert [c.display for c in quarter["quarter"].row_totals] == [
        c.display for c in quarter["trend_level"].row_totals
    ]
    assert attacker.equalities
