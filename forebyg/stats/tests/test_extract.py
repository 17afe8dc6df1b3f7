"""The pseudonymised extract: random keys, no personal data, quarters, age bands, few queries."""

import dataclasses
import datetime

from django.utils import timezone

from forebyg.cases.models import Source
from forebyg.cases.tests.factories import (
    CaseFactory,
    CaseMeasureFactory,
    ConcernFactory,
    PersonFactory,
    cpr_for,
)
from forebyg.stats.extract import (
    CaseRow,
    ConcernRow,
    MeasureRow,
    add_quarters,
    build_extract,
    quarter_of,
    quarter_range,
)
from forebyg.stats.tests.stats_data import make_cases

BORN = datetime.date(2010, 5, 17)


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def a_person_with_two_episodes():
    person = PersonFactory.create(birth_date=BORN, cpr_number=cpr_for(BORN, "123"))
    first = CaseFactory.create(person=person, opened_at=at(datetime.date(2025, 5, 16)))
    ConcernFactory.create(
        case=first, received_at=at(datetime.date(2025, 5, 16)), source=Source.HOTLINE
    )
    first.status, first.closed_at = "closed", at(datetime.date(2025, 8, 1))
    first.save()
    second = CaseFactory.create(person=person, opened_at=at(datetime.date(2025, 10, 2)))
    ConcernFactory.create(case=second, received_at=at(datetime.date(2025, 10, 2)))
    CaseMeasureFactory.create(case=second, start=datetime.date(2025, 10, 12))
    return person, first, second


def test_a_row_holds_no_name_cpr_free_text_or_date(db):
    person, first, _ = a_person_with_two_episodes()

    extract = build_extract()

    personal = {
        person.name,
        person.cpr,
        first.reference,
        *first.concerns.values_list("description", flat=True),
    }
    rows: list[CaseRow | ConcernRow | MeasureRow] = [
        *extract.cases,
        *extract.concerns,
        *extract.measures,
    ]
    for row in rows:
        values = dataclasses.astuple(row)
        assert not personal & {v for v in values if isinstance(v, str)}
        assert not any(isinstance(v, datetime.date) for v in values)
    names = {f.name for cls in (CaseRow, ConcernRow, MeasureRow) for f in dataclasses.fields(cls)}
    assert not names & {"name", "cpr", "birth_date", "description", "note", "reference", "id", "pk"}


def test_one_person_has_one_random_key_within_an_extract_and_a_fresh_one_in_the_next(db):
    a_person_with_two_episodes()

    first, second = build_extract(), build_extract()

    assert len({row.person for row in first.cases}) == 1
    assert {row.person for row in first.concerns} == {first.cases[0].person}
    assert first.cases[0].person != second.cases[0].person
    assert len(first.cases[0].person) == 16  # 8 random bytes, hex


def test_dates_become_quarters_and_the_age_band_is_taken_at_the_concern(db):
    a_person_with_two_episodes()

    extract = build_extract()

    by_episode = {row.episode: row for row in extract.cases}
    assert by_episode[1].quarter == "2025Q2" and by_episode[1].closed_quarter == "2025Q3"
    assert by_episode[1].age_band == "0-14"  # the day before the 15th birthday
    assert by_episode[2].age_band == "15-17"
    assert by_episode[2].days_to_first_measure == 10 and by_episode[2].has_measure
    assert {row.quarter for row in extract.concerns} == {"2025Q2", "2025Q4"}
    assert [row.quarter for row in extract.measures] == ["2025Q4"]


def test_the_extract_is_three_queries_whatever_its_size(db, django_assert_num_queries):
    make_cases(60)

    with django_assert_num_queries(3):
        extract = build_extract()

    assert len(extract.cases) >= 60 and extract.concerns and extract.measures


def test_an_extract_of_one_municipality_holds_only_its_cases(db, aarhus, randers):
    CaseFactory.create(person=PersonFactory.create(municipality=aarhus))
    other = CaseFactory.create(person=PersonFactory.create(municipality=randers))
    ConcernFactory.create(case=other)

    extract = build_extract({"municipality": aarhus.pk})

    assert [row.municipality_id for row in extract.cases] == [aarhus.pk]
    assert extract.concerns == []


def test_quarters_count_and_step_across_years():
    assert quarter_of(datetime.date(2026, 9, 30)) == "2026Q3"
    assert quarter_range("2025Q3", "2026Q2") == ["2025Q3", "2025Q4", "2026Q1", "2026Q2"]
    assert add_quarters("2025Q4", 1) == "2026Q1" and add_quarters("2026Q1", -5) == "2024Q4"
