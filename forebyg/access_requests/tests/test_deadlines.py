import datetime

import pytest

from forebyg.access_requests import deadlines

D = datetime.date


@pytest.mark.parametrize(
    ("received", "deadline"),
    [
        (D(2026, 1, 15), D(2026, 2, 15)),
        (D(2026, 1, 31), D(2026, 2, 28)),  # no 31 February: the month's last day
        (D(2028, 1, 31), D(2028, 2, 29)),  # a leap year
        (D(2026, 3, 31), D(2026, 4, 30)),
        (D(2026, 12, 31), D(2027, 1, 31)),  # over the year end
        (D(2026, 2, 28), D(2026, 3, 28)),
    ],
)
def test_the_deadline_is_one_calendar_month_after_receipt(received, deadline):
    assert deadlines.answer_deadline(received) == deadline


@pytest.mark.parametrize(
    ("received", "deadline"),
    [
        (D(2026, 1, 15), D(2026, 4, 15)),
        (D(2026, 1, 31), D(2026, 4, 30)),  # counted from receipt, not from 28 February
        (D(2027, 11, 30), D(2028, 2, 29)),  # into a leap February
        (D(2026, 11, 30), D(2027, 2, 28)),
    ],
)
def test_an_extension_gives_three_months_from_receipt(received, deadline):
    assert deadlines.extended_deadline(received) == deadline


def test_days_left_count_down_to_zero_and_then_go_negative():
    deadline = D(2026, 2, 28)

    assert deadlines.days_left(deadline, D(2026, 2, 20)) == 8
    assert deadlines.days_left(deadline, deadline) == 0
    assert deadlines.days_left(deadline, D(2026, 3, 2)) == -2
