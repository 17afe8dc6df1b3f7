# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""One line of the access report, and how its dates are written."""

import datetime
from dataclasses import dataclass, field

from django.utils import formats, timezone

from forebyg.access_requests.models import Restriction

Lines = list[tuple[str, str]]


@dataclass
class Item:
    key: str  # how a restriction names the item ("concern-12")
    title: str
    at: datetime.date | datetime.datetime | None
    lines: Lines = field(default_factory=list)
    refer_to: str = ""  # the police district that controls the item: refer the person there
    restriction: Restriction | None = None
    organisation: str = ""  # look-ups: the organisation that looked
    purpose: str = ""  # look-ups: the purpose it gave


def day(value: datetime.date | datetime.datetime | None) -> str:
    """A date (a moment as its local date) in the active language's short format."""
    if value is None:
        return "–"
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return formats.date_format(value, "SHORT_DATE_FORMAT")
