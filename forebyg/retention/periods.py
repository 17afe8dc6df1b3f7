# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Retention periods: the closure outcomes they are set for, the shipped defaults (with the reason
for each), and the arithmetic "closed on + months". Pure Python: nothing here touches the database.

The law sets no fixed period for prevention cases, so each organisation sets its own
(docs/decisions/0011-retention.md). The defaults below are *defaults*: a starting point for the
organisation's data protection officer, who may change every one of them on the retention page.

How a case's period is found (`resolve_months`):
1. the case's outcome (`outcome_of`: how it was closed, and whether a measure was recorded);
2. if the organisation has set a period for that outcome *and* one of the legal bases the case
   stood on (its measures' and its allowed disclosures'), that period; with several, the longest,
   since the data is needed as long as any of those bases needs it;
3. otherwise the organisation's own period for the outcome, or else the shipped default.
"""

import calendar
import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from forebyg.cases.workflow import Status

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Ten years: longer than any default; a longer period would need a reason this page cannot hold.
MAX_MONTHS = 120


class Outcome(models.TextChoices):
    """How a case ended, as far as retention is concerned."""

    UNFOUNDED = "unfounded", _("Unfounded at screening")
    SIGNPOSTED = "signposted", _("Signposted to an ordinary effort")
    POLICE_ONLY = "police_only", _("Handled by the police alone (stub)")
    CLOSED_WITHOUT_MEASURE = "closed_without_measure", _("Closed after the infohus, no measure")
    CLOSED_WITH_MEASURE = "closed_with_measure", _("Closed after the infohus, with measures")


@dataclass(frozen=True)
class Default:
    months: int
    reason: "StrOrPromise"


# The shipped defaults, counted from the day the case was closed. Each reason is shown on the
# retention page next to the default.
DEFAULTS: dict[str, Default] = {
    Outcome.UNFOUNDED: Default(
        6,
        _(
            "The concern was unfounded: data about a person nothing was found against is kept "
            "only long enough to answer questions about the screening."
        ),
    ),
    Outcome.POLICE_ONLY: Default(
        12,
        _(
            "Only a stub (reference, dates, outcome) is left here; the police keep their own "
            "records under their own rules. A year lets the municipality answer about the "
            "hand-over."
        ),
    ),
    Outcome.SIGNPOSTED: Default(
        24,
        _(
            "An ordinary social or school effort took over; two years let the infohus see a "
            "returning concern in context."
        ),
    ),
    Outcome.CLOSED_WITHOUT_MEASURE: Default(
        24,
        _(
            "The infohus gathered information and assessed the person but recorded no measure: "
            "as for a signposted case."
        ),
    ),
    Outcome.CLOSED_WITH_MEASURE: Default(
        60,
        _(
            "Measures were decided under the authorities' own laws: five years, like case "
            "records of social measures, so a new episode can build on what was tried."
        ),
    ),
}


def outcome_of(status: str, *, has_measure: bool) -> str | None:
    """The retention outcome of a case in `status`; None while the case is open."""
    if status == Status.CLOSED:
        return Outcome.CLOSED_WITH_MEASURE if has_measure else Outcome.CLOSED_WITHOUT_MEASURE
    if status in (Status.UNFOUNDED, Status.SIGNPOSTED, Status.POLICE_ONLY):
        return str(status)
    return None


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; a day the month lacks becomes its last day (31 January + 1
    month = 28 or 29 February; 29 February 2024 + 12 months = 28 February 2025)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def expires_on(closed_on: datetime.date, months: int) -> datetime.date:
    """The first day on which a case closed on `closed_on` and kept `months` may be purged."""
    return add_months(closed_on, months)


def is_expired(closed_on: datetime.date, months: int, today: datetime.date) -> bool:
    """True from the day the period has run out (0 months: from the day of closure)."""
    return today >= expires_on(closed_on, months)


@dataclass(frozen=True)
class PeriodTable:
    """One organisation's periods: its own per outcome, its own per (outcome, legal basis id);
    the shipped defaults fill the rest."""

    by_outcome: Mapping[str, int]
    by_basis: Mapping[tuple[str, int], int]

    def outcome_months(self, outcome: str) -> int:
        """The organisation's period for an outcome, or the shipped default."""
        return self.by_outcome.get(outcome, DEFAULTS[outcome].months)

    def resolve_months(self, outcome: str, legal_basis_ids: Iterable[int]) -> int:
        """A case's period: the longest legal-basis period that applies, else the outcome's."""
        found = [
            self.by_basis[(outcome, basis)]
            for basis in set(legal_basis_ids)
            if (outcome, basis) in self.by_basis
        ]
        return max(found) if found else self.outcome_months(outcome)


DEFAULT_TABLE = PeriodTable(by_outcome={}, by_basis={})
