"""Does a text look like it holds a CPR number? Network notes must hold no personal data, and a
CPR number is the one kind we can recognise reliably.

The rule: ten digits read as DDMMYY and a four-digit serial are a CPR number when

* the six date digits are written together (010190), or split into pairs by the same separator
  twice, a space or a dot (01 01 90, 01.01.90);
* the serial follows directly or after one separator: a hyphen or dash (with or without spaces
  around it), a space, a non-breaking space or a dot (010190-1234, 01.01.90 - 1234, 010190 1234);
* the run stands alone: no digit right before or after it, and no "+" right before it (a phone
  number with a country code);
* the date is real and not in the future, with the century from the 7th digit, exactly as
  forebyg.core.cpr.parse_cpr reads it (the modulus-11 check is not applied, as there).

So ordinary numbers pass: Danish phone numbers have eight digits (12 34 56 78), numbers with
+45 or 0045 in front cannot start with a real date, longer numbers (account numbers, EAN) are
not split into a CPR number, and a ten-digit number whose first six digits are not a real date
is no CPR number. What is still refused: a stand-alone ten-digit number that happens to start
with a real date, and a date written DD.MM.YY followed by four digits (e.g. "01.02.24 1430");
the writer then rewrites it (e.g. "01.02.24 kl. 14.30"). Better a note refused than a CPR number
stored in a forum that is meant to hold none."""

import datetime
import re

from django.core.exceptions import ValidationError

from forebyg.core.cpr import parse_cpr

_SERIAL_SEPARATOR = r"(?:[ \u00a0]?[-\u2010\u2011\u2012\u2013\u2014][ \u00a0]?|[ \u00a0.])?"
_CANDIDATE = re.compile(
    r"(?<![\d+])"  # not the tail of a longer number, nor a number after a country code's "+"
    r"(\d{2})(?P<sep>[ \u00a0.]?)(\d{2})(?P=sep)(\d{2})"  # DDMMYY, one separator used twice
    + _SERIAL_SEPARATOR
    + r"(\d{4})(?!\d)"
)


def find_cpr(text: str, *, today: datetime.date | None = None) -> str | None:
    """The first CPR number in `text`, masked as DDMMYY-xxxx, or None if there is none."""
    for match in _CANDIDATE.finditer(text or ""):
        day, _separator, month, year, serial = match.groups()
        try:
            cpr = parse_cpr(f"{day}{month}{year}{serial}", today=today)
        except ValidationError:
            continue  # not a real date: an ordinary number
        return cpr.masked
    return None
