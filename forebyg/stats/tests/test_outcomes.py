"""Outcomes: each a numerator over its denominator, by the definitions in outcomes.py, and
hidden like the tables' counts when small."""

import datetime

import time_machine
from django.utils import timezone

from forebyg.cases.models import ClosureOutcome, ClosureReason, MeasureStatus
from forebyg.cases.tests.factories import (
    CaseFactory,
    CaseMeasureFactory,
    ConcernFactory,
    PersonFactory,
)
from forebyg.stats.outcomes import build_outcomes
from forebyg.stats.scope import municipality_scope, national_scope

TODAY = datetime.datetime(2026, 11, 20, 12, tzinfo=datetime.UTC)


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def a_case(municipality, opened: datetime.date, *, person=None, episode=1, **fields):
    person = person or PersonFactory.create(municipality=municipality)
    case = CaseFactory.create(person=person, episode=episode, opened_at=at(opened), **fields)
    ConcernFactory.create(case=case, received_at=at(opened))
    return case


def closed(municipality, opened, reason, outcome, *, closed_on=None, **fields):
    return a_case(
        municipality,
        opened,
        status="closed",
        screening_outcome="information_gathering",
        closure_reason=reason,
        closure_outcome=outcome,
        closed_at=at(closed_on or opened + datetime.timedelta(days=60)),
        **fields,
    )


def outcomes_of(scope, **kwargs):
    return {outcome.key: outcome for outcome in build_outcomes(scope, **kwargs)}


@time_machine.travel(TODAY)
def test_a_concern_is_reduced_when_the_outcome_improved_or_the_concern_was_dispelled(db, aarhus):
    day = datetime.date(2026, 2, 1)
    closed(aarhus, day, ClosureReason.MEASURES_COMPLETED, ClosureOutcome.IMPROVED)
    closed(aarhus, day, ClosureReason.CONCERN_DISPELLED, ClosureOutcome.UNKNOWN)
    closed(aarhus, day, ClosureReason.MOVED, ClosureOutcome.UNKNOWN)
    closed(aarhus, day, ClosureReason.DECLINED, ClosureOutcome.WORSENED)
    a_case(aarhus, day, status="unfounded", screening_outcome="unfounded")  # not in the base

    outcome = outcomes_of(municipality_scope(aarhus))["concern_reduced"]

    assert (outcome.numerator.value, outcome.denominator.value) == (2, 4)
    assert outcome.value == "50 %"


@time_machine.travel(TODAY)
def test_measures_completed_as_planned_count_only_ended_measures(db, aarhus):
    case = a_case(aarhus, datetime.date(2026, 3, 1))
    for status in [MeasureStatus.COMPLETED] * 3 + [MeasureStatus.STOPPED, MeasureStatus.ACTIVE]:
        CaseMeasureFactory.create(case=case, status=status, start=datetime.date(2026, 3, 10))

    outcome = outcomes_of(municipality_scope(aarhus))["measures_completed"]

    assert (outcome.numerator.value, outcome.denominator.value) == (3, 4)
    assert outcome.value == "75 %"


@time_machine.travel(TODAY)
def test_a_new_concern_within_12_months_of_closure_counts_once_the_year_has_passed(db, aarhus):
    old = datetime.date(2024, 1, 10)
    returning = closed(aarhus, old, ClosureReason.MOVED, ClosureOutcome.UNKNOWN)
    a_case(aarhus, datetime.date(2024, 11, 1), person=returning.person, episode=2)
    late = closed(aarhus, old, ClosureReason.MOVED, ClosureOutcome.UNKNOWN)
    a_case(aarhus, datetime.date(2025, 12, 1), person=late.person, episode=2)
    closed(aarhus, old, ClosureReason.MOVED, ClosureOutcome.UNKNOWN)
    closed(aarhus, datetime.date(2026, 1, 5), ClosureReason.MOVED, ClosureOutcome.UNKNOWN)

    outcome = outcomes_of(municipality_scope(aarhus))["new_concern_within_12_months"]

    # Closed in 2024Q1: three with a full year of follow-up; the 2026 closure is too recent.
    assert (outcome.numerator.value, outcome.denominator.value) == (1, 3)


@time_machine.travel(TODAY)
def test_times_to_screening_and_first_measure_are_medians_over_the_cases_that_got_there(db, aarhus):
    day = datetime.date(2026, 4, 1)
    for days in (2, 4, 9):
        a_case(
            aarhus,
            day,
            screening_outcome="unfounded",
            screened_at=at(day) + datetime.timedelta(days=days),
        )
    a_case(aarhus, day)  # not screened yet
    case = a_case(aarhus, day)
    CaseMeasureFactory.create(case=case, start=day + datetime.timedelta(days=30))

    found = outcomes_of(municipality_scope(aarhus))

    screening = found["days_to_screening"]
    assert (screening.numerator.value, screening.denominator.value) == (3, 5)
    assert screening.value is not None and screening.value.startswith("4")
    first_measure = found["days_to_first_measure"]
    assert (first_measure.numerator.value, first_measure.denominator.value) == (1, 5)
    assert first_measure.value is not None and first_measure.value.startswith("30")


@time_machine.travel(TODAY)
def test_small_outcome_counts_are_hidden_nationally_and_the_value_with_them(db, aarhus):
    day = datetime.date(2025, 2, 1)  # the national scope publishes the last completed year
    for _ in range(8):
        closed(aarhus, day, ClosureReason.MEASURES_COMPLETED, ClosureOutcome.UNCHANGED)
    closed(aarhus, day, ClosureReason.CONCERN_DISPELLED, ClosureOutcome.IMPROVED)

    outcome = outcomes_of(national_scope())["concern_reduced"]

    assert outcome.numerator.display == "<5"
    assert outcome.value is None


@time_machine.travel(TODAY)
def test_outcomes_follow_the_period(db, aarhus):
    closed(aarhus, datetime.date(2025, 2, 1), ClosureReason.MOVED, ClosureOutcome.IMPROVED)
    closed(aarhus, datetime.date(2026, 2, 1), ClosureReason.MOVED, ClosureOutcome.UNKNOWN)

    outcome = outcomes_of(municipality_scope(aarhus), quarters=("2026Q1", "2026Q4"))[
        "concern_reduced"
    ]

    assert (outcome.numerator.value, outcome.denominator.value) == (0, 1)
