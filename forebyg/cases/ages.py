"""Ages and age bands, computed from birth dates. Pure Python; the selectors turn a band into a
birth-date range so that the database does the filtering."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgeBand(models.TextChoices):
    CHILD = "0-14", _("0-14 years")
    YOUTH = "15-17", _("15-17 years")
    YOUNG_ADULT = "18-24", _("18-24 years")
    ADULT = "25+", _("25 years or older")


# (lowest age, highest age or None for no upper limit) of each band.
BAND_LIMITS: dict[str, tuple[int, int | None]] = {
    AgeBand.CHILD: (0, 14),
    AgeBand.YOUTH: (15, 17),
    AgeBand.YOUNG_ADULT: (18, 24),
    AgeBand.ADULT: (25, None),
}

# The bands as members, built once: band_of runs for every row of a national statistics extract,
# where calling AgeBand(...) per row was a tenth of the time.
_BANDS = tuple((AgeBand(band), low, high) for band, (low, high) in BAND_LIMITS.items())

ADULT_AGE = 18


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Completed years of age on `day`."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def band_of(birth_date: datetime.date | None, day: datetime.date) -> AgeBand | None:
    """The age band someone born on `birth_date` is in on `day`; None when unknown."""
    if birth_date is None:
        return None
    age = age_on(birth_date, day)
    for band, low, high in _BANDS:
        if age >= low and (high is None or age <= high):
            return band
    return None


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day `years` earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def birth_date_range(band: str, day: datetime.date) -> tuple[datetime.date | None, datetime.date]:
    """(earliest exclusive, latest inclusive) birth dates of people in `band` on `day`."""
    low, high = BAND_LIMITS[band]
    latest = years_before(day, low)
    earliest = None if high is None else years_before(day, high + 1)
    return earliest, latest


def is_child(birth_date: datetime.date | None, day: datetime.date) -> bool | None:
    """True under 18, False from 18, None when the birth date is unknown."""
    if birth_date is None:
        return None
    return age_on(birth_date, day) < ADULT_AGE
