"""The CSV and XLSX files: the cells of the page, stamped, and safe to open in a spreadsheet."""

import csv
import io

import openpyxl
from django.utils.translation import gettext

from forebyg.stats import exports
from forebyg.stats.outcomes import Outcome
from forebyg.stats.tables import Cell
from forebyg.stats.tests.test_charts import table

STAMP = exports.Stamp(
    exported_by="Anna Krogh (analytiker)",
    exported_at="2026-01-05 10:00 CET",
    scope="Danmark",
    period="2025Q1 – 2025Q4",
    suppressed=True,
)
OUTCOMES = [
    Outcome("closed_reduced", "Closed with the concern reduced", Cell(6), Cell(10), "60 %"),
    Outcome("repeat", "New concern within 12 months", Cell(None), Cell(9), None),
]


def publication():
    return [
        table({"Left": [17], "Right": [None], "Other": [None]}, key="by_category"),
        table({"=SUM(A1:A9)": [8, 9], "@evil": [6, 7]}, ["2025Q1", "2025Q2"], key="trend"),
    ]


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def data_lines(lines: list[list[str]]) -> list[list[str]]:
    return lines[lines.index([]) + 2 :]


def test_the_csv_starts_with_who_exported_which_scope_and_when():
    lines = read_csv(exports.csv_bytes(STAMP, publication(), OUTCOMES))

    stamp = dict(line for line in lines[: lines.index([])])
    assert "Anna Krogh (analytiker)" in stamp.values()
    assert {"Danmark", "2026-01-05 10:00 CET", "2025Q1 – 2025Q4"} <= set(stamp.values())


def test_the_csv_has_every_cell_with_its_table_key_and_suppressed_cells_as_below_five():
    lines = data_lines(read_csv(exports.csv_bytes(STAMP, publication(), OUTCOMES)))

    by_category = [line for line in lines if line[0] == "by_category"]
    assert [(line[3], line[6]) for line in by_category[:3]] == [
        ("Left", "17"),
        ("Right", "<5"),
        ("Other", "<5"),
    ]
    assert len(by_category) == 4  # three rows and the total: one column needs no row totals
    trend = [line for line in lines if line[0] == "trend"]
    assert len(trend) == 2 * 3 + 3  # two rows of two quarters and a total, then the totals row
    outcome_values = [line[6] for line in lines if line[0] == exports.OUTCOMES_KEY]
    assert outcome_values == ["6", "10", "60 %", "<5", "9", exports.HIDDEN_OUTCOME]


def test_formula_like_cells_are_neutralised_in_the_csv():
    lines = read_csv(exports.csv_bytes(STAMP, publication(), OUTCOMES))

    labels = {line[3] for line in data_lines(lines) if line[0] == "trend"}
    assert "'=SUM(A1:A9)" in labels and "'@evil" in labels
    assert not any(cell.startswith(("=", "+", "@")) for line in lines for cell in line)


def workbook(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def test_the_workbook_has_the_stamp_first_then_the_outcomes_and_a_sheet_per_table():
    book = workbook(exports.xlsx_bytes(STAMP, publication(), OUTCOMES))

    assert book.sheetnames[2:] == ["by_category", "trend"]
    about = [value for row in book.worksheets[0].iter_rows(values_only=True) for value in row]
    assert {"Anna Krogh (analytiker)", "Danmark", "2025Q1 – 2025Q4"} <= set(about)
    outcomes = list(book.worksheets[1].iter_rows(values_only=True))
    assert ("New concern within 12 months", "<5", 9, exports.HIDDEN_OUTCOME) in outcomes


def test_a_table_sheet_keeps_numbers_as_numbers_and_hidden_cells_as_below_five():
    book = workbook(exports.xlsx_bytes(STAMP, publication(), OUTCOMES))

    rows = list(book["by_category"].iter_rows(values_only=True))
    assert ("Left", 17) in rows
    assert ("Right", "<5") in rows
    assert rows[-1] == (gettext("Total"), "<5")  # hidden along with its parts


def test_formula_like_cells_are_text_in_the_workbook():
    book = workbook(exports.xlsx_bytes(STAMP, publication(), OUTCOMES))

    cells = [cell for row in book["trend"].iter_rows() for cell in row if cell.value is not None]
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert "'=SUM(A1:A9)" in [cell.value for cell in cells]


def test_sheet_names_are_valid_and_unique():
    taken = {"abc"}

    name = exports._sheet_name("a/very:long[key]" * 3, taken)
    again = exports._sheet_name("ABC", taken)

    assert len(name) <= 31 and not set("[]:*?/\\'") & set(name)
    assert again == "ABC_2"
