"""The period filter of the statistics pages: from and to a quarter, both optional, read from the
query string (GET), so a filtered page can be bookmarked and its export link carries the filter."""

import re
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forebyg.cases.forms.handling import DkfdsForm
from forebyg.stats.extract import quarter_of, quarter_range
from forebyg.stats.periods import completed_years, year_quarters

# "2025-Q1", "2025Q1", "2025 K1" (Danish "kvartal"): the year, then the quarter 1-4.
QUARTER_PATTERN = re.compile(r"^(?P<year>\d{4})\s*-?\s*[QK](?P<quarter>[1-4])$", re.IGNORECASE)
FIRST_YEAR, LAST_YEAR = 2000, 2100
QUARTER_MAX_LENGTH = 10
MAX_QUARTERS = 40  # ten years: a longer period would make tables of hundreds of rows


def parse_quarter(text: str) -> str:
    """The quarter as "YYYYQN" (the extract's form), or a ValidationError saying what is wrong."""
    match = QUARTER_PATTERN.match(text.strip())
    if match is None:
        raise ValidationError(
            _("Write a quarter as the year, Q and the quarter's number, for example 2025Q1."),
            code="format",
        )
    year = int(match["year"])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _("The year must be between %(first)d and %(last)d.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            code="year",
        )
    return f"{year}Q{match['quarter']}"


class QuarterField(forms.CharField):
    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        return parse_quarter(text) if text else ""


class PeriodForm(DkfdsForm):
    """From and to a quarter (inclusive); both empty: every quarter with figures; a start
    alone: until the current quarter."""

    start = QuarterField(
        label=_("From quarter"),
        help_text=_("For example 2024Q1."),
        required=False,
        max_length=QUARTER_MAX_LENGTH,
    )
    end = QuarterField(
        label=_("To quarter"),
        help_text=_("For example 2025Q4."),
        required=False,
        max_length=QUARTER_MAX_LENGTH,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.update({"class": "form-input input-width-s", "autocomplete": "off"})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if end and not start and "start" not in self.errors:
            self.add_error("start", _("Write the first quarter too, or leave both empty."))
        elif start and end and start > end:  # "YYYYQN" strings sort in time order
            self.add_error("end", _("The period must end in or after the quarter it starts."))
        elif start and len(quarter_range(start, end or self._now())) > MAX_QUARTERS:
            self.add_error(
                "end", _("Choose at most %(count)d quarters at a time.") % {"count": MAX_QUARTERS}
            )
        return cleaned

    @staticmethod
    def _now() -> str:
        return quarter_of(timezone.localdate())

    def quarters(self) -> tuple[str, str] | None:
        """The valid period for the engine, or None for all quarters (also for bad input, which
        the page shows as an error instead of figures). A start alone runs until this quarter."""
        if not self.is_bound or not self.is_valid() or not self.cleaned_data["start"]:
            return None
        start, end = self.cleaned_data["start"], self.cleaned_data["end"]
        return (start, end or max(start, self._now()))

    def query(self) -> str:
        """The valid filter as a query string for the export links ("" for none)."""
        period = self.quarters()
        return f"start={period[0]}&end={period[1]}" if period else ""


class YearForm(DkfdsForm):
    """The period of a suppressed scope: one completed calendar year (periods.py says why)."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.years = completed_years(timezone.localdate())
        field = cast(forms.TypedChoiceField, self.fields["year"])
        field.choices = [("", _("The last completed year"))] + [(y, str(y)) for y in self.years]
        field.help_text = _(
            "Figures with hidden cells are published for whole, completed calendar years only."
        )
        field.widget.attrs.update({"class": "form-select"})

    def quarters(self) -> tuple[str, str]:
        """The chosen year's quarters; with none (or bad input) the last completed year."""
        year = self.cleaned_data.get("year") if self.is_bound and self.is_valid() else None
        return year_quarters(year or self.years[0])

    def query(self) -> str:
        return f"year={self.quarters()[0][:4]}"


def period_form(suppressed: bool, data: Any) -> PeriodForm | YearForm:
    """The period filter a scope offers: one completed year when its cells are suppressed."""
    return YearForm(data) if suppressed else PeriodForm(data)
