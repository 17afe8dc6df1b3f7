# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Logged reads of lists: the case list, a person search's results shown again, and a reporter's
own reports. Each writes one audit event naming what was shown (ids, never names or CPR numbers)
and fails closed: if the event cannot be written, the caller shows nothing."""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from forebyg.accounts.models import User
from forebyg.audit import services as audit
from forebyg.cases.models import Case, Person

LIST_PURPOSE = "case_handling"
REPORTER_PURPOSE = "following own reports"
ReportRead = Literal["concern.receipt_viewed", "concern.reports_listed", "concern.status_viewed"]


def record_case_list(
    cases: Iterable[Case], *, by: User, filters: Mapping[str, Any], purpose: str = LIST_PURPOSE
) -> None:
    """Every list of cases shown is logged: its filters and the cases on it (by id)."""
    audit.record(
        by,
        "case.listed",
        None,
        purpose=purpose,
        after={"filters": described(filters), "cases": [case.pk for case in cases]},
    )


def record_search_results_view(people: Sequence[Person], *, by: User, purpose: str) -> None:
    """Showing a search's results again (kept in the session) is a read of those people too,
    logged with the search's purpose; the criterion was logged by the search itself."""
    audit.record(
        by,
        "person.search_results_viewed",
        None,
        purpose=purpose,
        after={"found": [person.pk for person in people]},
    )


def record_own_reports_view(verb: ReportRead, references: Sequence[str], *, by: User) -> None:
    """A reporter's receipt, list or status page is logged with the reports' references."""
    audit.record(by, verb, None, purpose=REPORTER_PURPOSE, after={"reports": list(references)})


def described(filters: Mapping[str, Any]) -> dict[str, str]:
    """Filters as short text for an event: a choice by its key, a date in ISO form."""
    return {name: _text(value) for name, value in filters.items() if value not in (None, "")}


def _text(value: Any) -> str:
    key = getattr(value, "key", None)
    if key is not None:
        return str(key)
    return value.isoformat() if isinstance(value, datetime.date) else str(value)
