import datetime
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forebyg.cases import ages, workflow
from forebyg.cases.workflow import ReporterStatus, Status

S = Status
# The table of DESIGN.md §3, written out again on purpose: changing workflow.NEXT must be a
# deliberate act that also changes this test.
ALLOWED = {
    (S.RECEIVED, S.SCREENING),
    (S.SCREENING, S.POLICE_ONLY),
    (S.SCREENING, S.UNFOUNDED),
    (S.SCREENING, S.SIGNPOSTED),
    (S.SCREENING, S.INFORMATION_GATHERING),
    (S.INFORMATION_GATHERING, S.ANALYSIS),
    (S.INFORMATION_GATHERING, S.CLOSED),
    (S.ANALYSIS, S.ASSESSMENT),
    (S.ANALYSIS, S.INFORMATION_GATHERING),
    (S.ANALYSIS, S.CLOSED),
    (S.ASSESSMENT, S.FOLLOW_UP),
    (S.ASSESSMENT, S.ANALYSIS),
    (S.ASSESSMENT, S.CLOSED),
    (S.FOLLOW_UP, S.CLOSED),
}


@pytest.mark.parametrize(("current", "target"), list(itertools.product(S.values, S.values)))
def test_the_table_allows_exactly_the_designed_moves(current, target):
    assert workflow.can_move(current, target) is ((current, target) in ALLOWED)


def test_every_status_has_a_row_in_the_table():
    assert set(workflow.NEXT) == set(S.values)


def test_closed_statuses_are_final():
    for status in workflow.CLOSED_STATUSES:
        assert workflow.NEXT[status] == frozenset()
        assert workflow.is_closed(status)


def test_the_screening_outcomes_are_the_moves_out_of_screening():
    assert {
        S.POLICE_ONLY,
        S.UNFOUNDED,
        S.SIGNPOSTED,
        S.INFORMATION_GATHERING,
    } == workflow.SCREENING_OUTCOMES


def test_an_unknown_status_allows_nothing():
    assert not workflow.can_move("nonsense", S.SCREENING)


@pytest.mark.parametrize(
    ("status", "seen"),
    [
        (S.RECEIVED, ReporterStatus.RECEIVED),
        (S.SCREENING, ReporterStatus.BEING_HANDLED),
        (S.INFORMATION_GATHERING, ReporterStatus.BEING_HANDLED),
        (S.ANALYSIS, ReporterStatus.BEING_HANDLED),
        (S.ASSESSMENT, ReporterStatus.BEING_HANDLED),
        (S.FOLLOW_UP, ReporterStatus.BEING_HANDLED),
        (S.POLICE_ONLY, ReporterStatus.CONCLUDED),
        (S.UNFOUNDED, ReporterStatus.CONCLUDED),
        (S.SIGNPOSTED, ReporterStatus.CONCLUDED),
        (S.CLOSED, ReporterStatus.CONCLUDED),
    ],
)
def test_a_reporter_sees_only_three_statuses(status, seen):
    assert workflow.reporter_status(status) == seen


@pytest.mark.parametrize("status", [S.SCREENING, S.ANALYSIS, S.FOLLOW_UP])
def test_a_report_on_a_case_that_has_not_moved_since_it_arrived_is_received(status):
    assert workflow.reporter_status(status, moved_since_report=False) == ReporterStatus.RECEIVED


def test_a_concluded_case_is_concluded_whenever_it_moved():
    assert workflow.reporter_status(S.CLOSED, moved_since_report=False) == (
        ReporterStatus.CONCLUDED
    )


@given(
    born=st.dates(datetime.date(1900, 1, 1), datetime.date(2030, 12, 31)),
    day=st.dates(datetime.date(2000, 1, 1), datetime.date(2030, 12, 31)),
)
def test_an_age_band_and_its_birth_date_range_agree(born, day):
    band = ages.band_of(born, day)
    for candidate in ages.AgeBand.values:
        earliest, latest = ages.birth_date_range(candidate, day)
        inside = born <= latest and (earliest is None or born > earliest)
        assert inside is (candidate == band)


def test_age_counts_completed_years_and_leap_days():
    assert ages.age_on(datetime.date(2008, 2, 29), datetime.date(2026, 2, 28)) == 17
    assert ages.age_on(datetime.date(2008, 2, 29), datetime.date(2026, 3, 1)) == 18
    assert ages.band_of(None, datetime.date(2026, 1, 1)) is None
