"""The pure rules: outcomes, closure date + months (month ends, leap days), which period
applies, and the coarsened birth date of the residue."""

import datetime

import pytest

from forebyg.cases.workflow import Status
from forebyg.retention import periods
from forebyg.retention.periods import DEFAULTS, Outcome, PeriodTable
from forebyg.retention.residue import coarsen_birth_date

D = datetime.date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2024, 1, 15), 6, D(2024, 7, 15)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year: the month's last day
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),  # a leap day a year on
        (D(2024, 2, 29), 48, D(2028, 2, 29)),  # and four years on
        (D(2024, 8, 31), 6, D(2025, 2, 28)),
        (D(2024, 11, 30), 2, D(2025, 1, 30)),  # across the year
        (D(2024, 5, 10), 0, D(2024, 5, 10)),
        (D(2020, 1, 1), 120, D(2030, 1, 1)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_month_end(day, months, expected):
    assert periods.add_months(day, months) == expected


def test_a_case_expires_on_the_day_the_period_ends_not_the_day_before():
    closed = D(2024, 2, 29)

    assert not periods.is_expired(closed, 12, today=D(2025, 2, 27))
    assert periods.is_expired(closed, 12, today=D(2025, 2, 28))


def test_zero_months_expires_on_the_day_of_closure():
    assert periods.is_expired(D(2025, 3, 1), 0, today=D(2025, 3, 1))
    assert not periods.is_expired(D(2025, 3, 1), 0, today=D(2025, 2, 28))


@pytest.mark.parametrize(
    ("status", "has_measure", "expected"),
    [
        (Status.UNFOUNDED, False, Outcome.UNFOUNDED),
        (Status.SIGNPOSTED, False, Outcome.SIGNPOSTED),
        (Status.POLICE_ONLY, False, Outcome.POLICE_ONLY),
        (Status.CLOSED, False, Outcome.CLOSED_WITHOUT_MEASURE),
        (Status.CLOSED, True, Outcome.CLOSED_WITH_MEASURE),
        (Status.FOLLOW_UP, True, None),
        (Status.RECEIVED, False, None),
    ],
)
def test_the_outcome_of_a_case(status, has_measure, expected):
    assert periods.outcome_of(status, has_measure=has_measure) == expected


def test_every_outcome_has_a_default_with_a_reason_within_the_maximum():
    assert set(DEFAULTS) == set(Outcome.values)
    assert all(0 <= d.months <= periods.MAX_MONTHS and str(d.reason) for d in DEFAULTS.values())


def test_a_case_found_unfounded_is_kept_shorter_than_one_with_measures():
    assert DEFAULTS[Outcome.UNFOUNDED].months < DEFAULTS[Outcome.CLOSED_WITH_MEASURE].months


def test_the_organisations_own_period_replaces_the_default():
    table = PeriodTable(by_outcome={Outcome.UNFOUNDED: 2}, by_basis={})

    assert table.resolve_months(Outcome.UNFOUNDED, []) == 2
    assert table.resolve_months(Outcome.SIGNPOSTED, []) == DEFAULTS[Outcome.SIGNPOSTED].months


def test_a_legal_basis_period_applies_to_cases_on_that_basis_and_the_longest_wins():
    table = PeriodTable(
        by_outcome={Outcome.CLOSED_WITH_MEASURE: 30},
        by_basis={(Outcome.CLOSED_WITH_MEASURE, 7): 12, (Outcome.CLOSED_WITH_MEASURE, 8): 90},
    )

    assert table.resolve_months(Outcome.CLOSED_WITH_MEASURE, [7]) == 12  # shorter is allowed
    assert table.resolve_months(Outcome.CLOSED_WITH_MEASURE, [7, 8]) == 90
    assert table.resolve_months(Outcome.CLOSED_WITH_MEASURE, [9]) == 30
    assert table.resolve_months(Outcome.CLOSED_WITHOUT_MEASURE, [8]) == 24


def test_a_birth_date_is_coarsened_to_the_first_of_january_when_the_bands_stay():
    born = D(2009, 7, 1)

    assert coarsen_birth_date(born, [D(2020, 3, 1)]) == D(2009, 1, 1)


def test_a_birth_date_near_a_band_boundary_keeps_the_band():
    born = D(2009, 7, 20)
    day = D(2024, 7, 10)  # 14 on that day; born 1 January or 1 July they would be 15

    coarse = coarsen_birth_date(born, [day])

    assert coarse == born
    assert coarsen_birth_date(None, [day]) is None


def test_a_birth_date_falls_back_to_the_first_of_the_month():
    born = D(2009, 7, 20)
    day = D(2024, 3, 10)  # 14; born 1 January they would be 15, born 1 July still 14

    assert coarsen_birth_date(born, [day]) == D(2009, 7, 1)
