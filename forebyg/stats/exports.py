"""CSV and XLSX files of one scope's whole publication: every table and the outcomes, with
exactly the cells the page shows (a suppressed cell is its display, "<5", never a number).

Both start with a stamp (who exported, when, which scope and period, how cells are suppressed).
The CSV is long: one line per cell with the table's key, so every table fits one file; the
workbook has the stamp on its first sheet, then one sheet per table laid out as on the page.
Every text cell is neutralised so that a spreadsheet never runs it as a formula."""

import csv
import datetime
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from forebyg.core.exports import Stamp as ExportStamp
from forebyg.core.exports import csv_stamp_rows, neutralise
from forebyg.stats.outcomes import Outcome
from forebyg.stats.tables import Cell, StatTable

OUTCOMES_KEY = "outcomes"
SHEET_NAME_MAX = 31  # Excel's limit
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\']")
# An outcome whose share or median is hidden (too few cases): a dash, since "<5" would read as
# "under 5 %" or "under 5 days".
HIDDEN_OUTCOME = "–"


# Why statistics are exported: the figures are suppressed counts, no personal data, so the
# analyst is not asked; the purpose is the statistics' own. The audit log keeps it in English.
STATISTICS_PURPOSE = gettext_noop("Statistics about the prevention of extremism")


@dataclass(frozen=True)
class Stamp:
    """Who exported which figures, for which organisation, when and why: the first lines of
    every file (forebyg.core.exports' stamp, with the scope, period and suppression)."""

    exported_by: str
    exported_at: str
    scope: str
    period: str
    suppressed: bool
    organisation: str = ""
    purpose: str = ""
    figures_as_of: str = ""  # when the figures were counted (figures_as_of)

    def lines(self) -> list[tuple[str, str]]:
        who = [(_("Exported by"), self.exported_by)]
        if self.organisation:
            who.append((_("Organisation"), self.organisation))
        who.append((_("Exported at"), self.exported_at))
        who.append((_("Purpose"), self.purpose or _(STATISTICS_PURPOSE)))
        return [
            *who,
            (_("Scope"), self.scope),
            (_("Period"), self.period),
            *([(_("Figures as of"), self.figures_as_of)] if self.figures_as_of else []),
            (_("Suppression"), suppression_note(self.suppressed)),
        ]

    def as_export_stamp(self) -> ExportStamp:
        return ExportStamp(tuple(self.lines()), _("Statistics export"))


def figures_as_of(moment: datetime.datetime | None) -> str:
    """When a publication's figures were counted, in local time: "26 November 2026 03:00"."""
    if moment is None:
        return ""
    return date_format(timezone.localtime(moment), "j F Y H:i")


def suppression_note(suppressed: bool) -> str:
    """What the reader must know about the hidden cells (the same words as on the page)."""
    if suppressed:
        return _(
            "Counts from 1 to 4, and zeros where needed, are hidden and shown as <5. Some "
            "counts of 5 or more are hidden as well and shown as x, so that no hidden count "
            "can be worked out from the totals."
        )
    return _("Your own organisation's figures, not suppressed. Do not pass them on as they are.")


def _value(cell: Cell) -> str:
    return cell.display


def outcome_value(outcome: Outcome) -> str:
    """The outcome's share or median as published, or a dash when it is hidden."""
    return outcome.value if outcome.value is not None else HIDDEN_OUTCOME


# -- CSV -------------------------------------------------------------------------------------


def csv_rows(
    stamp: Stamp, tables: Sequence[StatTable], outcomes: Sequence[Outcome]
) -> Iterator[list[str]]:
    """The stamp, an empty line, the header, then one line per published cell."""
    yield from csv_stamp_rows(stamp.as_export_stamp())
    header = [_("Table key"), _("Table"), _("Row heading"), _("Row"), _("Column heading")]
    yield [neutralise(title) for title in [*header, _("Column"), _("Value")]]
    for table in tables:
        for line in _table_lines(table):
            yield [neutralise(part) for part in line]
    for outcome in outcomes:
        for column, cell_text in _outcome_parts(outcome):
            line = [OUTCOMES_KEY, _("Outcomes"), _("Outcome"), outcome.label, "", column, cell_text]
            yield [neutralise(part) for part in line]


def _table_lines(table: StatTable) -> Iterator[list[object]]:
    """(key, title, row heading, row, column heading, column, value) for every cell, then the
    totals; a table of one column has no separate row totals."""
    start = [table.key, table.title, table.row_heading]
    column_heading = table.column_heading or ""
    wide = len(table.column_labels) > 1
    for label, row, row_total in zip(table.row_labels, table.cells, table.row_totals, strict=True):
        for column, cell in zip(table.column_labels, row, strict=True):
            yield [*start, label, column_heading, column, _value(cell)]
        if wide:
            yield [*start, label, column_heading, _("Total"), _value(row_total)]
    for column, cell in zip(table.column_labels, table.column_totals, strict=True):
        yield [*start, _("Total"), column_heading, column, _value(cell)]
    if wide:
        yield [*start, _("Total"), column_heading, _("Total"), _value(table.total)]


def _outcome_parts(outcome: Outcome) -> list[tuple[str, str]]:
    return [
        (_("Numerator"), outcome.numerator.display),
        (_("Denominator"), outcome.denominator.display),
        (_("Value"), outcome_value(outcome)),
    ]


def csv_bytes(stamp: Stamp, tables: Sequence[StatTable], outcomes: Sequence[Outcome]) -> bytes:
    """The CSV file, UTF-8 with a byte order mark so that Excel reads the Danish letters."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(csv_rows(stamp, tables, outcomes))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# -- XLSX ------------------------------------------------------------------------------------


def xlsx_bytes(stamp: Stamp, tables: Sequence[StatTable], outcomes: Sequence[Outcome]) -> bytes:
    """The workbook: the stamp and a list of the sheets first, the outcomes, then a sheet per
    table."""
    workbook = Workbook()
    about = workbook.active
    assert about is not None  # a new workbook always has one sheet  # noqa: S101
    about.title = _sheet_name(_("About the export"), set())
    names = {about.title}
    sheets: list[tuple[str, str]] = []
    outcome_sheet = workbook.create_sheet(_sheet_name(_("Outcomes"), names))
    names.add(outcome_sheet.title)
    _write_outcomes(outcome_sheet, outcomes)
    sheets.append((outcome_sheet.title, _("Outcomes")))
    for table in tables:
        sheet = workbook.create_sheet(_sheet_name(table.key, names))
        names.add(sheet.title)
        _write_table(sheet, table)
        sheets.append((sheet.title, str(table.title)))
    _write_about(about, stamp, sheets)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_name(wanted: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\'), unique in the workbook."""
    base = SHEET_NAME_FORBIDDEN.sub("_", wanted)[:SHEET_NAME_MAX] or "_"
    name, number = base, 2
    while name.lower() in {taken_name.lower() for taken_name in taken}:
        suffix = f"_{number}"
        name, number = base[: SHEET_NAME_MAX - len(suffix)] + suffix, number + 1
    return name


def _text(value: object) -> str:
    return neutralise(value)


def _cell(cell: Cell) -> int | str:
    # Published numbers stay numbers, so the analyst can sum them; a hidden one is its "<5".
    return cell.value if cell.value is not None else cell.display


def _append(sheet: Worksheet, values: Sequence[object], *, bold: bool = False) -> None:
    sheet.append([value if isinstance(value, int) else _text(value) for value in values])
    if bold:
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)


def _write_about(sheet: Worksheet, stamp: Stamp, sheets: list[tuple[str, str]]) -> None:
    _append(sheet, [_("Statistics export")], bold=True)
    for label, value in stamp.lines():
        _append(sheet, [label, value])
    sheet.append([])
    _append(sheet, [_("Sheet"), _("Contents")], bold=True)
    for name, title in sheets:
        _append(sheet, [name, title])
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 80


def _write_table(sheet: Worksheet, table: StatTable) -> None:
    wide = len(table.column_labels) > 1
    _append(sheet, [table.title], bold=True)
    if table.column_heading:
        _append(sheet, [_("Rows: %(rows)s. Columns: %(columns)s.") % {
            "rows": table.row_heading, "columns": table.column_heading}])  # fmt: skip
    sheet.append([])
    total_column = [_("Total")] if wide else []
    _append(sheet, [table.row_heading, *table.column_labels, *total_column], bold=True)
    for label, row, row_total in zip(table.row_labels, table.cells, table.row_totals, strict=True):
        totals = [_cell(row_total)] if wide else []
        _append(sheet, [label, *[_cell(cell) for cell in row], *totals])
    grand = [_cell(table.total)] if wide else []
    _append(sheet, [_("Total"), *[_cell(c) for c in table.column_totals], *grand], bold=True)
    sheet.column_dimensions["A"].width = 32


def _write_outcomes(sheet: Worksheet, outcomes: Sequence[Outcome]) -> None:
    _append(sheet, [_("Outcomes")], bold=True)
    sheet.append([])
    header = [_("Outcome"), _("Numerator"), _("Denominator"), _("Value")]
    _append(sheet, header, bold=True)
    for outcome in outcomes:
        values = [_cell(outcome.numerator), _cell(outcome.denominator), outcome_value(outcome)]
        _append(sheet, [outcome.label, *values])
    sheet.column_dimensions["A"].width = 60
