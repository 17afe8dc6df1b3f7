# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""What a purge keeps of a person and their cases: the statistical residue (forebyg.stats.extract
reads municipality, dates, category, level, statuses, outcomes, measures, source, gender and the
age band). Pure Python.

RESIDUE names every field tagged with personal data of the person concerned or the reporter
(forebyg.core.classification) that a purge keeps, and why. Every other such field kept for the
case's period (retention class "case") is emptied, or its row deleted: a test checks this
against the tags, so a new personal field that the purge forgets fails it."""

import datetime
from collections.abc import Iterable

from forebyg.cases import ages

RESIDUE: dict[str, str] = {
    "cases.Person.birth_date": "coarsened to the 1st of its year or month where that keeps "
    "every age band the statistics compute; the age band is statistical residue",
    "cases.Person.pseudonym": "replaced by a new random code, so nothing printed earlier leads "
    "to the row",
    "cases.Case.reference": "a random code: audit events and the disclosure ledger refer to it",
    "cases.Case.category": "statistics: counts by extremism category",
    "cases.Concern.category": "statistics: as the case's category",
}


def _keeps_bands(
    candidate: datetime.date, birth_date: datetime.date, days: list[datetime.date]
) -> bool:
    return all(ages.band_of(candidate, d) == ages.band_of(birth_date, d) for d in days)


def coarsen_birth_date(
    birth_date: datetime.date | None, days: Iterable[datetime.date]
) -> datetime.date | None:
    """The coarsest of (1 January, 1st of the month, the date itself) that puts the person in
    the same age band on every day in `days` (the days the statistics compute an age on)."""
    if birth_date is None:
        return None
    wanted = list(days)
    for candidate in (birth_date.replace(month=1, day=1), birth_date.replace(day=1)):
        if _keeps_bands(candidate, birth_date, wanted):
            return candidate
    return birth_date
