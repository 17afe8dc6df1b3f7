"""What every export (PDF, DOCX, CSV, XLSX) says about itself, and how its cells are kept from
running as spreadsheet formulas.

A file that leaves Forebyg no longer has the page around it, so it carries a stamp: who exported
it, for which organisation, when and for what purpose (a published plan downloaded by an anonymous
visitor carries where and when it was downloaded instead). The stamp is a list of translated
(label, value) lines, written the same way into each format by the helpers below; the PDF
templates include templates/components/export_stamp.html."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from docx.document import Document
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection, OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """The cell as text, with a leading apostrophe if a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def neutralise_cell(value: object) -> object:
    """A cell for a workbook or CSV: numbers, dates and empty cells stay what they are (so they
    can be summed and sorted), anything else becomes neutralised text."""
    if value is None or isinstance(value, int | float | Decimal | date):
        return value  # bool is an int: it stays a bool
    return neutralise(value)


def xlsx_safe(value: object) -> object:
    """A neutralised cell without the control characters openpyxl refuses to write."""
    cell = neutralise_cell(value)
    return ILLEGAL_CHARACTERS_RE.sub("", cell) if isinstance(cell, str) else cell


@dataclass(frozen=True)
class Stamp:
    """The lines a file states about itself, first in every export."""

    lines: tuple[tuple[str, str], ...]
    title: str = ""


def user_label(user: Any) -> str:
    """The exporting user as "Full Name (username)", or the username alone."""
    full_name = (user.get_full_name() or "").strip()
    username = user.get_username()
    return f"{full_name} ({username})" if full_name else username


def organisation_names(user: Any) -> str:
    """The names of the organisations the user works for, in alphabetical order."""
    names = sorted({str(membership.organisation.name) for membership in user.active_memberships()})
    return ", ".join(names)


def _moment(at: datetime | None) -> str:
    return f"{timezone.localtime(at or timezone.now()):%Y-%m-%d %H:%M %Z}"


def user_stamp(
    user: Any,
    *,
    purpose: str,
    organisation: Any = None,
    at: datetime | None = None,
    details: Iterable[tuple[str, str]] = (),
) -> Stamp:
    """Who exported the file and for which organisation (the user's own, or the one named),
    when and for what purpose; then any details of the export itself."""
    lines = (
        (_("Exported by"), user_label(user)),
        (_("Organisation"), str(organisation.name) if organisation else organisation_names(user)),
        (_("Exported at"), _moment(at)),
        (_("Purpose"), purpose),
    )
    return Stamp((*lines, *details), _("About this export"))


def public_stamp(request: HttpRequest, *, details: Iterable[tuple[str, str]] = ()) -> Stamp:
    """For a public download by a visitor who is not signed in: where and when it was taken."""
    lines = (
        (_("Downloaded from"), request.get_host()),
        (_("Downloaded at"), _moment(None)),
    )
    return Stamp((*lines, *details), _("About this download"))


def request_stamp(
    request: HttpRequest,
    *,
    purpose: str,
    organisation: Any = None,
    details: Iterable[tuple[str, str]] = (),
) -> Stamp:
    """The stamp of a public download: a signed-in user's own, otherwise the visitor's."""
    details = tuple(details)
    if getattr(request.user, "is_authenticated", False):
        return user_stamp(request.user, purpose=purpose, organisation=organisation, details=details)
    return public_stamp(request, details=details)


# -- Writing the stamp -----------------------------------------------------------------------


def csv_stamp_rows(stamp: Stamp) -> list[list[str]]:
    """The stamp as CSV lines (label, value), then an empty line before the data."""
    rows = [[neutralise(label), neutralise(value)] for label, value in stamp.lines]
    return [*rows, []]


def write_xlsx_stamp(sheet: Worksheet, stamp: Stamp) -> None:
    """The stamp at the top of a sheet (title in bold), then an empty row."""
    if stamp.title:
        sheet.append([xlsx_safe(stamp.title)])
        if not getattr(sheet.parent, "write_only", False):
            sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    for label, value in stamp.lines:
        sheet.append([xlsx_safe(label), xlsx_safe(value)])
    sheet.append([])


def add_docx_stamp(document: Document, stamp: Stamp) -> None:
    """The stamp where the document is now: the title, then "label: value" lines, label in bold
    (paragraphs, not a table, so the document's own tables keep their places)."""
    if stamp.title:
        document.add_paragraph().add_run(stamp.title).bold = True
    for label, value in stamp.lines:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
