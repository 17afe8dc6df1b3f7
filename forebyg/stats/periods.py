"""Which periods a scope may be published for.

Each publication is protected on its own (suppression.py), so two publications whose periods
overlap could be subtracted from each other to recover a hidden count: 2024-2025 minus 2025 is
2024, cell by cell, including cells that 2024's own publication hides. The same holds for a year
published while it is running and again when it is complete. A suppressed scope is therefore
published for one fixed partition of time only: whole calendar years that have ended. Scopes
without suppression (a coordinator's own area) may choose any period."""

import datetime

from django.utils.translation import gettext as _

from forebyg.stats.scope import StatScope

FIRST_YEAR = 2016  # the national action plan; Forebyg holds no earlier cases


class PeriodNotPublished(ValueError):
    """The period cannot be published for this scope; the message says what can."""


def completed_years(today: datetime.date) -> list[int]:
    """The calendar years a suppressed scope may be published for, newest first."""
    return list(range(today.year - 1, FIRST_YEAR - 1, -1))


def year_quarters(year: int) -> tuple[str, str]:
    return (f"{year}Q1", f"{year}Q4")


def published_period(
    scope: StatScope, quarters: tuple[str, str] | None, *, today: datetime.date
) -> tuple[str, str] | None:
    """The period `scope` is published for: as asked without suppression; with suppression one
    completed calendar year (the last one when none is asked), else PeriodNotPublished."""
    if not scope.suppress:
        return quarters
    if quarters is None:
        return year_quarters(today.year - 1)
    first, last = quarters
    year = first[:4]
    if (
        year.isdigit()
        and int(year) in completed_years(today)
        and (first, last) == year_quarters(int(year))
    ):
        return quarters
    raise PeriodNotPublished(
        _(
            "Statistics with suppressed cells are published for one completed calendar year at "
            "a time (from 1st to 4th quarter), so that two publications cannot be subtracted "
            "from each other."
        )
    )
