# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Structured logs: one JSON object per line, nothing in them that can forge a line, and a filter
that removes CPR numbers as a last line of defence (issue 8, point 5).

`JsonFormatter` writes time (UTC), level, logger, message and request_id. JSON escapes every
control character below U+0020, so a user-supplied "\\n" stays inside its line; the characters
that some viewers still treat as line breaks or terminal controls (DEL, C1 controls, U+2028,
U+2029) are escaped as well. With `redact=True` (as settings.LOGGING uses it) anything that
reads as a CPR number is replaced, as a last line of defence. Redaction lives in the formatter,
not in a logging.Filter: a filter would rewrite the record that every other handler sees too, and
the test run's log scan (tests/logscan.py, a formatter without redact) must see, and fail on, what
the code really logged: redaction hides a leak, it does not fix it."""

import datetime
import json
import logging
import re
from typing import Any

from django.core.exceptions import ValidationError

from forebyg.core.cpr import parse_cpr
from forebyg.core.request_context import current_request_id

REDACTED = "[CPR redacted]"
# find_cpr's shapes (forebyg/core/cpr.py): DDMMYY, or DD MM YY / DD.MM.YY, then an optional
# separator and a four-digit serial. In a log line the run must also not touch a letter: request
# ids and hashes are hex, where ten decimal digits in a row are common and are no CPR number.
_CPR_IN_LOG = re.compile(
    r"(?<![0-9A-Za-z+])"
    r"(\d{2})(?P<sep>[ \u00a0.]?)(\d{2})(?P=sep)(\d{2})"
    r"(?:[ \u00a0]?[-\u2010\u2011\u2012\u2013\u2014][ \u00a0]?|[ \u00a0.])?"
    r"(\d{4})(?![0-9A-Za-z])"
)
_MORE_ESCAPES = {code: f"\\u{code:04x}" for code in (0x7F, *range(0x80, 0xA0), 0x2028, 0x2029)}


def cpr_numbers(text: str) -> list[str]:
    """Every CPR number in `text`, masked (DDMMYY-xxxx). A real date in the future counts too:
    refusing too much is the safe side."""
    found = []
    for match in _CPR_IN_LOG.finditer(text):
        day, _separator, month, year, serial = match.groups()
        try:
            found.append(parse_cpr(f"{day}{month}{year}{serial}").masked)
        except ValidationError as error:
            if error.code == "cpr_future":
                found.append(f"{day}{month}{year}-xxxx")
    return found


def redact_cpr(text: str) -> str:
    """`text` with every CPR number replaced by REDACTED."""
    if not cpr_numbers(text):  # the usual case: nothing to do, nothing to rebuild
        return text
    return _CPR_IN_LOG.sub(lambda match: REDACTED if cpr_numbers(match[0]) else match[0], text)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id (and the exception).
    With `redact` (settings.LOGGING), CPR numbers in the message and exception are replaced."""

    def __init__(self, *args: Any, redact: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.redact = redact

    def format(self, record: logging.LogRecord) -> str:
        clean = redact_cpr if self.redact else _unchanged
        entry: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": clean(record.getMessage()),
            "request_id": current_request_id.get(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = clean(record.exc_text)
        return json.dumps(entry, ensure_ascii=False, default=str).translate(_MORE_ESCAPES)


def _unchanged(text: str) -> str:
    return text
