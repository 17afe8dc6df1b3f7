"""Outcomes, not only counts: each a numerator over a denominator (or a median over a count).

All outcomes follow the cohort of cases whose first concern falls in the selected quarters (the
same cases the tables count), and measures that started in them. Definitions:

* **concern_reduced**: of the cases closed after the infohus steps (a closure reason is
  recorded; cases that ended at screening have none), the share closed with the concern reduced:
  the outcome is "positive development" OR the reason is "the concern no longer exists" (a
  dispelled concern is reduced whatever outcome was ticked). "Not known" outcomes stay in the
  denominator, so the share is never flattered by missing answers.
* **measures_completed**: of the measures that have ended (completed or stopped), the share
  completed as planned (status "completed").
* **new_concern_within_12_months**: of the closed cases whose twelve months of follow-up lie
  wholly in the past, the share whose person (matched on the extract's random person key) got a
  new concern in a later episode within 12 months of closure. The extract only has quarters, so
  "within 12 months" is "in the closing quarter or the four after it", and a case counts once the
  fifth quarter after its closure has begun.
* **days_to_screening**: median whole days from the first concern to the screening, over the
  screened cases (numerator) of all cases (denominator).
* **days_to_first_measure**: median whole days from the first concern to the start of the first
  measure, over the cases with a measure (numerator) of all cases (denominator).

Disclosure control: numerator, denominator and their difference are quantities of the same
publication as the tables (suppression.py), linked to the tables where they are sums of table
cells (closed cases = the closure reasons; screened cases = the screening outcomes). A value
(share or median) is shown only when its numerator and denominator are both shown.
"""

import statistics
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from forebyg.cases.models import ClosureOutcome, ClosureReason, MeasureStatus, ScreeningOutcome
from forebyg.stats.extract import CaseRow, ConcernRow, MeasureRow, add_quarters
from forebyg.stats.scope import StatScope
from forebyg.stats.suppression import Cell, Group, Mark, cell, quantity

SHARE, MEDIAN_DAYS = "share", "median_days"


@dataclass(frozen=True)
class Outcome:
    key: str
    label: str
    numerator: Cell
    denominator: Cell
    value: str | None  # "42 %" or "12 days"; None when hidden or without a denominator
    kind: str = SHARE
    numerator_label: str = ""
    denominator_label: str = ""


@dataclass(frozen=True)
class _Definition:
    key: str
    label: Promise
    kind: str
    numerator_label: Promise
    denominator_label: Promise


DEFINITIONS = [
    _Definition(
        "concern_reduced",
        _("Cases closed with the concern reduced"),
        SHARE,
        _("closed with the concern reduced"),
        _("closed after the infohus steps"),
    ),
    _Definition(
        "measures_completed",
        _("Measures completed as planned"),
        SHARE,
        _("completed"),
        _("ended (completed or stopped)"),
    ),
    _Definition(
        "new_concern_within_12_months",
        _("New concern about the same person within 12 months of closure"),
        SHARE,
        _("with a new concern"),
        _("closed, with 12 months of follow-up"),
    ),
    _Definition(
        "days_to_screening",
        _("Time from concern to screening (median)"),
        MEDIAN_DAYS,
        _("screened"),
        _("cases"),
    ),
    _Definition(
        "days_to_first_measure",
        _("Time from concern to first measure (median)"),
        MEDIAN_DAYS,
        _("with a measure"),
        _("cases"),
    ),
]


def numerator_key(name: str) -> Hashable:
    return quantity("outcome", name=name, part="numerator")


def denominator_key(name: str) -> Hashable:
    return quantity("outcome", name=name, part="denominator")


def rest_key(name: str) -> Hashable:
    """Denominator minus numerator: never shown, but anyone can subtract, so it is protected."""
    return quantity("outcome", name=name, part="rest")


@dataclass
class OutcomeCounts:
    """The counts behind the outcomes, as quantities and groups for suppression.py."""

    values: dict[Hashable, int] = field(default_factory=dict)
    groups: list[Group] = field(default_factory=list)
    medians: dict[str, float | None] = field(default_factory=dict)

    def add(self, name: str, numerator: int, denominator: int, *links: Group) -> None:
        self.values[numerator_key(name)] = numerator
        self.values[denominator_key(name)] = denominator
        self.values[rest_key(name)] = denominator - numerator
        self.groups.append(Group(denominator_key(name), (numerator_key(name), rest_key(name))))
        self.groups.extend(links)


def _median(days: Iterable[int | None]) -> float | None:
    known = [day for day in days if day is not None]
    return statistics.median(known) if known else None


def count_outcomes(
    cases: Sequence[CaseRow],
    measures: Sequence[MeasureRow],
    *,
    all_cases: Sequence[CaseRow],
    all_concerns: Sequence[ConcernRow],
    current_quarter: str,
) -> OutcomeCounts:
    """The outcome counts of the cohort `cases` (and `measures`), linked to the table cells."""
    counts = OutcomeCounts()
    _concern_reduced(counts, cases)
    _measures_completed(counts, measures)
    _new_concern(counts, cases, all_cases, all_concerns, current_quarter)
    _durations(counts, cases)
    return counts


def _concern_reduced(counts: OutcomeCounts, cases: Sequence[CaseRow]) -> None:
    closed = [case for case in cases if case.closure_reason]
    reduced = [
        case
        for case in closed
        if case.closure_outcome == ClosureOutcome.IMPROVED
        or case.closure_reason == ClosureReason.CONCERN_DISPELLED
    ]
    reasons = tuple(quantity("cases", closure_reason=reason) for reason in ClosureReason.values)
    link = Group(denominator_key("concern_reduced"), reasons)
    counts.add("concern_reduced", len(reduced), len(closed), link)


def _measures_completed(counts: OutcomeCounts, measures: Sequence[MeasureRow]) -> None:
    ended = [m for m in measures if m.status in (MeasureStatus.COMPLETED, MeasureStatus.STOPPED)]
    completed = [m for m in ended if m.status == MeasureStatus.COMPLETED]
    running = quantity("outcome", name="measures_running")
    counts.values[running] = len(measures) - len(ended)
    link = Group(quantity("measures"), (denominator_key("measures_completed"), running))
    counts.add("measures_completed", len(completed), len(ended), link)


def _new_concern(
    counts: OutcomeCounts,
    cases: Sequence[CaseRow],
    all_cases: Sequence[CaseRow],
    all_concerns: Sequence[ConcernRow],
    current_quarter: str,
) -> None:
    episode = {case.case: case.episode for case in all_cases}
    concerns_of: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for concern in all_concerns:
        concerns_of[concern.person].append((episode.get(concern.case, 0), concern.quarter))
    last_observed = add_quarters(current_quarter, -5)
    followed = [c for c in cases if c.closed_quarter and c.closed_quarter <= last_observed]
    renewed = [
        case
        for case in followed
        if any(
            later > case.episode and quarter <= add_quarters(case.closed_quarter, 4)
            for later, quarter in concerns_of[case.person]
        )
    ]
    counts.add("new_concern_within_12_months", len(renewed), len(followed))


def _durations(counts: OutcomeCounts, cases: Sequence[CaseRow]) -> None:
    everyone = quantity("cases")
    screened = [case for case in cases if case.screening_outcome]
    outcomes = tuple(quantity("cases", screening_outcome=o) for o in ScreeningOutcome.values)
    counts.add(
        "days_to_screening",
        len(screened),
        len(cases),
        Group(everyone, (denominator_key("days_to_screening"),)),
        Group(numerator_key("days_to_screening"), outcomes),
    )
    counts.medians["days_to_screening"] = _median(case.days_to_screening for case in screened)
    with_measure = [case for case in cases if case.has_measure]
    counts.add(
        "days_to_first_measure",
        len(with_measure),
        len(cases),
        Group(everyone, (denominator_key("days_to_first_measure"),)),
    )
    counts.medians["days_to_first_measure"] = _median(
        case.days_to_first_measure for case in with_measure
    )


def _value(definition: _Definition, counts: OutcomeCounts, shown: bool) -> str | None:
    numerator = counts.values[numerator_key(definition.key)]
    denominator = counts.values[denominator_key(definition.key)]
    if not shown or denominator == 0:
        return None
    if definition.kind == SHARE:
        return f"{round(100 * numerator / denominator)} %"
    median = counts.medians.get(definition.key)
    if median is None:
        return None
    days = int(median + 0.5)  # whole days, halves rounded up
    return ngettext("%(days)s day", "%(days)s days", days) % {"days": days}


def render(counts: OutcomeCounts, marks: dict[Hashable, Mark]) -> list[Outcome]:
    """The outcomes as published under `marks` (the publication's suppression pattern)."""
    outcomes = []
    for definition in DEFINITIONS:
        numerator = cell(
            counts.values[numerator_key(definition.key)], marks, numerator_key(definition.key)
        )
        denominator = cell(
            counts.values[denominator_key(definition.key)], marks, denominator_key(definition.key)
        )
        shown = not numerator.suppressed and not denominator.suppressed
        outcomes.append(
            Outcome(
                key=definition.key,
                label=str(definition.label),
                numerator=numerator,
                denominator=denominator,
                value=_value(definition, counts, shown),
                kind=definition.kind,
                numerator_label=str(definition.numerator_label),
                denominator_label=str(definition.denominator_label),
            )
        )
    return outcomes


def build_outcomes(scope: StatScope, *, quarters: tuple[str, str] | None = None) -> list[Outcome]:
    """The outcomes of `scope`, suppressed together with its tables (one publication)."""
    # Imported here: the publication imports this module to count the outcomes.
    from forebyg.stats.tables.publication import publish

    return publish(scope, quarters=quarters).outcomes


__all__ = ["DEFINITIONS", "Outcome", "build_outcomes", "count_outcomes"]
