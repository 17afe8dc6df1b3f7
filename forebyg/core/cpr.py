"""Danish CPR numbers: parse DDMMYY-XXXX or DDMMYYXXXX, check the date, find the century.

The modulus-11 check is deliberately not applied: numbers issued since 2007 need not pass it."""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

_PATTERN = re.compile(r"^(\d{2})(\d{2})(\d{2})-?(\d{4})$")


@dataclass(frozen=True)
class Cpr:
    digits: str  # ten digits, no dash
    birth_date: datetime.date

    @property
    def formatted(self) -> str:
        return f"{self.digits[:6]}-{self.digits[6:]}"

    @property
    def masked(self) -> str:
        return f"{self.digits[:6]}-xxxx"

    @property
    def is_female(self) -> bool:
        return int(self.digits[-1]) % 2 == 0


def century(two_digit_year: int, seventh_digit: int) -> int:
    """The century a CPR number's birth year falls in, from its 7th digit (CPR office's table)."""
    if seventh_digit <= 3:
        return 1900
    if seventh_digit in (4, 9):
        return 2000 if two_digit_year <= 36 else 1900
    return 2000 if two_digit_year <= 57 else 1800


def parse_cpr(raw: str, *, today: datetime.date | None = None) -> Cpr:
    """Parse and validate a CPR number; raise ValidationError with a Danish-translatable message."""
    match = _PATTERN.match((raw or "").strip())
    if not match:
        raise ValidationError(
            _("Write the CPR number as DDMMYY-XXXX or DDMMYYXXXX."), code="cpr_format"
        )
    day, month, year, serial = match.groups()
    full_year = century(int(year), int(serial[0])) + int(year)
    try:
        born = datetime.date(full_year, int(month), int(day))
    except ValueError as error:
        raise ValidationError(
            _("The CPR number does not start with a real date."), code="cpr_date"
        ) from error
    # Today in Denmark (TIME_ZONE), not on the server's clock: at 23:30 UTC a child born in
    # Denmark after midnight is already born.
    if born > (today or timezone.localdate()):
        raise ValidationError(_("The CPR number's birth date is in the future."), code="cpr_future")
    return Cpr(digits=f"{day}{month}{year}{serial}", birth_date=born)


# Finding a CPR number inside free text (network notes, URLs). Ten digits read as DDMMYY and a
# four-digit serial are a CPR number when
#
# * the six date digits are written together (010190), or split into pairs by the same separator
#   twice, a space or a dot (01 01 90, 01.01.90);
# * the serial follows directly or after one separator: a hyphen or dash (with or without spaces
#   around it), a space, a non-breaking space or a dot (010190-1234, 01.01.90 - 1234, 010190 1234);
# * the run stands alone: no digit right before or after it, and no "+" right before it (a phone
#   number with a country code);
# * the date is real and not in the future, with the century from the 7th digit, exactly as
#   parse_cpr reads it (the modulus-11 check is not applied, as there).
#
# So ordinary numbers pass: Danish phone numbers have eight digits (12 34 56 78), numbers with
# +45 or 0045 in front cannot start with a real date, longer numbers (account numbers, EAN) are
# not split into a CPR number, and a ten-digit number whose first six digits are not a real date
# is no CPR number. What is still refused: a stand-alone ten-digit number that happens to start
# with a real date, and a date written DD.MM.YY followed by four digits (e.g. "01.02.24 1430");
# the writer then rewrites it (e.g. "01.02.24 kl. 14.30"). Better a note refused than a CPR number
# stored in a forum that is meant to hold none.
_SERIAL_SEPARATOR = r"(?:[ \u00a0]?[-\u2010\u2011\u2012\u2013\u2014][ \u00a0]?|[ \u00a0.])?"
_IN_TEXT = re.compile(
    r"(?<![\d+])"  # not the tail of a longer number, nor a number after a country code's "+"
    r"(\d{2})(?P<sep>[ \u00a0.]?)(\d{2})(?P=sep)(\d{2})"  # DDMMYY, one separator used twice
    + _SERIAL_SEPARATOR
    + r"(\d{4})(?!\d)"
)


def find_cpr(
    text: str, *, today: datetime.date | None = None, future_counts: bool = False
) -> str | None:
    """The first CPR number in `text`, masked as DDMMYY-xxxx, or None. With `future_counts`, a
    birth date in the future still counts (the URL guard: refusing too much is the safe side)."""
    for match in _IN_TEXT.finditer(text or ""):
        day, _separator, month, year, serial = match.groups()
        try:
            return parse_cpr(f"{day}{month}{year}{serial}", today=today).masked
        except ValidationError as error:
            if future_counts and error.code == "cpr_future":
                return f"{day}{month}{year}-xxxx"
    return None
