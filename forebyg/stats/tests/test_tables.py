"""The tables of a publication: what they count, how scopes filter and suppress them, and the
query count at any size."""

import dataclasses
import datetime

import pytest
import time_machine
from django.utils import timezone

from forebyg.actors.models import Organisation
from forebyg.cases.tests.factories import CaseFactory, ConcernFactory, PersonFactory
from forebyg.stats.scope import (
    national_scope,
    police_district_scope,
    scope_for_organisation,
    scopes_for,
)
from forebyg.stats.tables import build_tables, catalogue, publish
from forebyg.stats.tests.stats_data import make_cases


def at(year: int, month: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, 15, 12))


def cases_in(municipality, count: int, when: datetime.datetime, **fields):
    for _ in range(count):
        case = CaseFactory.create(
            person=PersonFactory.create(municipality=municipality), opened_at=when, **fields
        )
        ConcernFactory.create(case=case, received_at=when)


def unsuppressed():
    return dataclasses.replace(national_scope(), suppress=False)


def by_key(tables):
    return {table.key: table for table in tables}


def row(table, key):
    return table.cells[table.row_keys.index(key)]


def test_the_catalogue_has_a_count_table_per_dimension_and_trend_tables():
    specs = catalogue()
    keys = [spec.key for spec in specs]

    assert len(keys) == len(set(keys))
    assert {"quarter", "municipality", "police_district", "region", "level", "category",
            "age_band", "gender", "source", "screening_outcome", "measure_type",
            "closure_reason"} <= set(keys)  # fmt: skip
    assert {spec.kind for spec in specs} == {"count", "trend"}


def test_counts_follow_the_cases_and_municipalities_add_up_to_districts_and_regions(
    db, aarhus, randers
):
    cases_in(aarhus, 7, at(2025, 2))
    cases_in(randers, 2, at(2025, 5))

    tables = by_key(build_tables(unsuppressed()))

    assert row(tables["municipality"], aarhus.code)[0].value == 7
    assert row(tables["municipality"], randers.code)[0].value == 2
    district = aarhus.police_district
    assert row(tables["police_district"], district.code or district.key)[0].value == 9
    region = aarhus.region
    assert row(tables["region"], region.code or region.key)[0].value == 9
    assert tables["quarter"].row_keys == ["2025Q1", "2025Q2"]
    assert [c[0].value for c in tables["quarter"].cells] == [7, 2]
    assert tables["trend_level"].total.value == 9
    assert [c.value for c in tables["trend_level"].row_totals] == [7, 2]
    assert tables["source"].total.value == 9
    assert tables["municipality"].total.value == 9


# The national scope publishes the last completed year: 2025 while it is 2026.
@time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC))
def test_small_counts_are_hidden_for_the_national_scope(db, aarhus, randers):
    cases_in(aarhus, 12, at(2025, 2))
    cases_in(randers, 2, at(2025, 2))

    table = by_key(build_tables(national_scope(), keys=["municipality"]))["municipality"]

    assert row(table, randers.code)[0].display == "<5"
    assert row(table, randers.code)[0].value is None
    # Otherwise the total minus the shown municipalities would give Randers away.
    hidden = [cells[0] for cells in table.cells if cells[0].suppressed]
    assert len(hidden) >= 2 or table.total.suppressed


def test_a_coordinators_own_numbers_are_not_suppressed(db, aarhus, municipal_coordinator):
    cases_in(aarhus, 2, at(2025, 2))

    (scope,) = scopes_for(municipal_coordinator)
    table = build_tables(scope, keys=["municipality"])[0]

    assert not scope.suppress
    assert table.row_keys == [aarhus.code]
    assert table.cells[0][0].display == "2"


def test_a_police_district_scope_counts_the_district_s_cases_only(
    db, aarhus, randers, east_jutland_police
):
    copenhagen = Organisation.objects.get(kind="municipality", code="101")
    cases_in(aarhus, 3, at(2025, 2))
    cases_in(copenhagen, 4, at(2025, 2))

    table = build_tables(police_district_scope(east_jutland_police), keys=["quarter"])[0]

    assert table.total.value == 3


def test_asking_for_fewer_tables_does_not_change_how_they_are_suppressed(db):
    make_cases(60, seed=3, municipality_count=4)

    everything = by_key(build_tables(national_scope()))
    some = by_key(build_tables(national_scope(), keys=["level", "trend_level"]))

    assert list(some) == ["level", "trend_level"]
    for key, table in some.items():
        assert table == everything[key]


def test_a_period_keeps_its_quarters_and_counts_only_what_falls_in_them(db, aarhus):
    cases_in(aarhus, 6, at(2024, 11))
    cases_in(aarhus, 8, at(2025, 8))

    tables = by_key(build_tables(unsuppressed(), quarters=("2025Q1", "2025Q4")))

    assert tables["quarter"].row_keys == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    assert [c[0].value for c in tables["quarter"].cells] == [0, 0, 8, 0]
    assert tables["trend_source"].total.value == 8


@pytest.mark.parametrize("quarters", [("2025Q4", "2025Q1"), ("2025-1", "2025Q2"), ("", "")])
def test_a_malformed_period_is_refused(db, quarters):
    with pytest.raises(ValueError):
        build_tables(national_scope(), quarters=quarters)


def test_a_national_publication_takes_a_few_queries_at_any_size(db, django_assert_max_num_queries):
    make_cases(150, municipality_count=12)

    with django_assert_max_num_queries(12):
        publication = publish(national_scope())

    assert len(publication.tables()) == len(catalogue())
    assert publication.outcomes


def test_analysts_read_the_nation_and_coordinators_their_own_area(
    db, analyst, municipal_coordinator, police_coordinator, professional, aarhus
):
    assert [(s.kind, s.suppress) for s in scopes_for(analyst)] == [("national", True)]
    assert [(s.kind, s.organisation) for s in scopes_for(municipal_coordinator)] == [
        ("municipality", aarhus)
    ]
    assert [s.kind for s in scopes_for(police_coordinator)] == ["police_district"]
    assert scopes_for(professional) == []


def test_an_api_token_reads_the_scope_of_its_organisation(db, aarhus, east_jutland_police):
    cde = Organisation.objects.get(key="cde")

    assert scope_for_organisation(cde) == national_scope()
    own, district = scope_for_organisation(aarhus), scope_for_organisation(east_jutland_police)
    assert own is not None and own.organisation == aarhus and not own.suppress
    assert district is not None and district.kind == "police_district"
    assert scope_for_organisation(Organisation.objects.get(key="hotline")) is None


def test_a_country_without_cases_publishes_zeros_for_the_last_completed_year(db):
    tables = by_key(build_tables(national_scope()))

    last_year = timezone.localdate().year - 1
    assert tables["quarter"].row_keys == [f"{last_year}Q{n}" for n in range(1, 5)]
    assert {cells[0].display for cells in tables["quarter"].cells} == {"0"}
    assert tables["municipality"].total.display == "0"
    assert len(tables["municipality"].row_keys) == 98
    assert {cells[0].display for cells in tables["municipality"].cells} == {"0"}
