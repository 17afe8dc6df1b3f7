"""The pseudonymised extract every statistic is computed from.

One row per case, per concern and per measure, read with three `.values_list()` queries (the
first concern and first measure of a case come from the concern and measure rows), so the
national extract costs the same three queries at any size. What a row holds and never holds:

* a random person key and case key, fresh for every extract (secrets.token_hex), never derived
  from the CPR number or a database id: two extracts cannot be joined on them;
* no CPR number, no name, no free text (descriptions, notes, contacts are never selected);
* dates only as quarters ("2026Q3") in the local time zone, and the two intervals the outcomes
  need (concern → screening, concern → first measure) as whole days, not as dates;
* the age as an age band at the concern (cases.ages), the gender, and coded values (keys of
  levels, categories, measure types; statuses; reasons).

Municipalities and police districts stay as organisation ids (public reference data). The
police district and region a case is *counted* in are those of its municipality, so that the
municipality table sums exactly to the district and region tables; `scope_district_id` (the
case's own police district) is used only to select a police district's cases.
"""

import datetime
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from forebyg.cases import ages
from forebyg.cases.models import Case, CaseMeasure, Concern

QUARTER_PATTERN = r"^\d{4}Q[1-4]$"


@dataclass(frozen=True)
class CaseRow:
    person: str
    case: str
    episode: int  # the case's place on the person's timeline (1, 2, ...)
    quarter: str  # of the first concern (or of opening when it has none)
    municipality_id: int
    scope_district_id: int
    level: str  # PreventionLevel.key, "" when not set
    category: str  # ExtremismCategory.key, "" when not set
    age_band: str  # ages.AgeBand value at the first concern, "" when unknown
    gender: str
    status: str
    screening_outcome: str
    closure_reason: str
    closure_outcome: str
    closed_quarter: str  # "" while open
    days_to_screening: int | None
    days_to_first_measure: int | None
    has_measure: bool


@dataclass(frozen=True)
class ConcernRow:
    person: str
    case: str
    quarter: str
    source: str
    age_band: str


@dataclass(frozen=True)
class MeasureRow:
    person: str
    case: str
    quarter: str  # of the start
    measure_type: str  # prevention.Measure.key
    status: str


@dataclass(frozen=True)
class Extract:
    cases: list[CaseRow]
    concerns: list[ConcernRow]
    measures: list[MeasureRow]


def quarter_of(day: datetime.date | datetime.datetime, zone: datetime.tzinfo | None = None) -> str:
    """ "2026Q3" for any day in July-September 2026 (datetimes in local time, or in `zone`)."""
    if isinstance(day, datetime.datetime):
        day = _local(day, zone)
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def _local(moment: datetime.datetime, zone: datetime.tzinfo | None = None) -> datetime.date:
    """The local calendar day of an aware datetime (timezone.localdate, minus its checks: this
    runs for every row of a national extract). The extract passes `zone`, read once: looking
    up the current time zone (a thread-local) for every date was a quarter of its time."""
    return moment.astimezone(zone or timezone.get_current_timezone()).date()


def quarter_range(first: str, last: str) -> list[str]:
    """Every quarter from `first` to `last`, both included."""
    year, quarter = int(first[:4]), int(first[5])
    end = (int(last[:4]), int(last[5]))
    quarters = []
    while (year, quarter) <= end:
        quarters.append(f"{year}Q{quarter}")
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return quarters


def add_quarters(quarter: str, count: int) -> str:
    """The quarter `count` quarters after (or before, when negative) `quarter`."""
    index = int(quarter[:4]) * 4 + int(quarter[5]) - 1 + count
    return f"{index // 4}Q{index % 4 + 1}"


class _Keys:
    """Random keys for database ids, valid for one extract only."""

    def __init__(self) -> None:
        self._keys: dict[int, str] = {}

    def __call__(self, pk: int) -> str:
        if pk not in self._keys:
            self._keys[pk] = secrets.token_hex(8)
        return self._keys[pk]


def _local_date(moment: datetime.datetime | None, zone: datetime.tzinfo) -> datetime.date | None:
    return None if moment is None else _local(moment, zone)


def _days(start: datetime.date | None, end: datetime.date | None) -> int | None:
    if start is None or end is None:
        return None
    return max((end - start).days, 0)


def _band(birth_date: datetime.date | None, day: datetime.date) -> str:
    band = ages.band_of(birth_date, day)
    return "" if band is None else band.value


def _case_rows(
    case_filter: Q,
    firsts: tuple[dict[int, datetime.datetime], dict[int, datetime.date]],
    persons: _Keys,
    cases: _Keys,
    zone: datetime.tzinfo,
) -> list[CaseRow]:
    rows = (
        Case.objects.filter(case_filter)
        .order_by()
        .values_list(
            "pk", "person_id", "episode", "opened_at", "municipality_id", "police_district_id",
            "level__key", "category__key", "person__birth_date", "person__gender", "status",
            "screening_outcome", "screened_at", "closure_reason", "closure_outcome", "closed_at",
        )
    )  # fmt: skip
    first_concern, first_measure = firsts
    return [
        _case_row(row, first_concern.get(row[0]), first_measure.get(row[0]), (persons, cases), zone)
        for row in rows
    ]


def _case_row(
    row: tuple,
    concern: datetime.datetime | None,
    measure: datetime.date | None,
    keys: tuple[_Keys, _Keys],
    zone: datetime.tzinfo,
) -> CaseRow:
    (pk, person, episode, opened, municipality, district, level, category, born, gender,
     status, outcome, screened, reason, closure_outcome, closed) = row  # fmt: skip
    persons, cases = keys
    start = _local(concern or opened, zone)
    return CaseRow(
        person=persons(person),
        case=cases(pk),
        episode=episode,
        quarter=quarter_of(start),
        municipality_id=municipality,
        scope_district_id=district,
        level=level or "",
        category=category or "",
        age_band=_band(born, start),
        gender=gender or "",
        status=status,
        screening_outcome=outcome or "",
        closure_reason=reason or "",
        closure_outcome=closure_outcome or "",
        closed_quarter=quarter_of(closed, zone) if closed else "",
        days_to_screening=_days(start, _local_date(screened, zone)),
        days_to_first_measure=_days(start, measure),
        has_measure=measure is not None,
    )


def _earliest(pairs: Iterable[tuple[int, Any]]) -> dict[int, Any]:
    """The smallest value per case id."""
    earliest: dict[int, Any] = {}
    for case, value in pairs:
        if case not in earliest or value < earliest[case]:
            earliest[case] = value
    return earliest


def build_extract(conditions: Mapping[str, object] | None = None) -> Extract:
    """The pseudonymised extract of the cases matching `conditions` ({"municipality": 7}, all
    cases when None): three queries, whatever the number of cases."""
    conditions = conditions or {}
    on_parts = Q(**{f"case__{name}": value for name, value in conditions.items()})
    concerns = list(
        Concern.objects.filter(on_parts)
        .order_by()
        .values_list(
            "case_id", "case__person_id", "received_at", "source", "case__person__birth_date"
        )
    )
    measures = list(
        CaseMeasure.objects.filter(on_parts)
        .order_by()
        .values_list("case_id", "case__person_id", "start", "measure_type__key", "status")
    )
    # The first concern and first measure of each case, from the rows already read.
    firsts = (_earliest((c[0], c[2]) for c in concerns), _earliest((m[0], m[2]) for m in measures))
    persons, cases = _Keys(), _Keys()
    zone = timezone.get_current_timezone()
    return Extract(
        cases=_case_rows(Q(**conditions), firsts, persons, cases, zone),
        concerns=[_concern_row(row, persons, cases, zone) for row in concerns],
        measures=[
            MeasureRow(persons(person), cases(case), quarter_of(start), measure_type, status)
            for case, person, start, measure_type, status in measures
        ],
    )


def _concern_row(row: tuple, persons: _Keys, cases: _Keys, zone: datetime.tzinfo) -> ConcernRow:
    case, person, received, source, born = row
    day = _local(received, zone)
    return ConcernRow(persons(person), cases(case), quarter_of(day), source, _band(born, day))


def quarters_in(rows: Iterable[CaseRow | ConcernRow | MeasureRow]) -> list[str]:
    """The quarters from the earliest to the latest row (empty without rows)."""
    quarters = sorted({row.quarter for row in rows})
    return quarter_range(quarters[0], quarters[-1]) if quarters else []
