# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""The time limits of GDPR art. 12(3) for an access request: one month from receipt, which may be
extended by two further months. A period in months ends on the same date of the last month, or on
that month's last day when it has no such date (Regulation 1182/71 art. 3(2)(c)): 31 January
gives 28 (or 29) February."""

import calendar
import datetime

ANSWER_MONTHS = 1
EXTENSION_MONTHS = 2


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved `months` calendar months on, clamped to the end of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def answer_deadline(received_on: datetime.date) -> datetime.date:
    """The last day to answer: one calendar month after receipt."""
    return add_months(received_on, ANSWER_MONTHS)


def extended_deadline(received_on: datetime.date) -> datetime.date:
    """The last day after an extension: the month plus two further months, counted from receipt
    (so that 31 January gives 30 April, not the clamped 28 February plus two months)."""
    return add_months(received_on, ANSWER_MONTHS + EXTENSION_MONTHS)


def days_left(deadline: datetime.date, today: datetime.date) -> int:
    """Days until the deadline (0 on the day itself, negative when overdue)."""
    return (deadline - today).days
