"""Danish CPR numbers: parse DDMMYY-XXXX or DDMMYYXXXX, check the date, find the century.

The modulus-11 check is deliberately not applied: numbers issued since 2007 need not pass it."""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
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
    if born > (today or datetime.date.today()):
        raise ValidationError(_("The CPR number's birth date is in the future."), code="cpr_future")
    return Cpr(digits=f"{day}{month}{year}{serial}", birth_date=born)
