"""The shared pieces of every export: the stamp in each format and formula neutralising."""

import datetime
import io
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext

from forebyg.core import exports


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+45 12345678", "'+45 12345678"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("Aarhus = godt", "Aarhus = godt"),
        (None, ""),
        (7, "7"),
    ],
)
def test_neutralise_makes_a_formula_text(value, cell):
    assert exports.neutralise(value) == cell


def test_neutralise_cell_keeps_numbers_dates_and_empty_cells():
    day = datetime.date(2026, 1, 5)

    assert [exports.neutralise_cell(v) for v in (-5, 2.5, Decimal("1.5"), day, None)] == [
        -5,
        2.5,
        Decimal("1.5"),
        day,
        None,
    ]
    assert exports.neutralise_cell("-5") == "'-5"


def test_xlsx_safe_drops_control_characters_after_neutralising():
    assert exports.xlsx_safe("=a\x07b") == "'=ab"


def test_a_users_stamp_names_them_their_organisation_the_time_and_the_purpose(
    municipal_coordinator,
):
    municipal_coordinator.first_name, municipal_coordinator.last_name = "Anna", "Krogh"
    at = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)

    with translation.override("en"):
        stamp = exports.user_stamp(
            municipal_coordinator, purpose="Årsgennemgang", at=at, details=[("Version", "3")]
        )

    assert stamp.lines == (
        ("Exported by", "Anna Krogh (tovholder)"),
        ("Organisation", "Aarhus Municipality"),
        ("Exported at", "2026-01-05 10:00 CET"),
        ("Purpose", "Årsgennemgang"),
        ("Version", "3"),
    )


def test_a_visitors_stamp_says_where_and_when(municipal_coordinator):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()

    stamp = exports.request_stamp(request, purpose="ignored", details=[("Version", "2")])
    request.user = municipal_coordinator
    signed_in = exports.request_stamp(request, purpose="Plan work")

    assert [value for _label, value in stamp.lines][::2] == ["testserver", "2"]
    assert gettext("Downloaded at") in dict(stamp.lines)
    assert ("Plan work" in dict(signed_in.lines).values()) and "ignored" not in str(stamp)


def stamp() -> exports.Stamp:
    return exports.Stamp((("Exported by", "=Evil (x)"), ("Purpose", "Test")), "About")


def test_the_csv_stamp_is_neutralised_and_ends_with_an_empty_line():
    assert exports.csv_stamp_rows(stamp()) == [
        ["Exported by", "'=Evil (x)"],
        ["Purpose", "Test"],
        [],
    ]


@pytest.mark.parametrize("write_only", [False, True])
def test_the_sheet_stamp_is_text_in_both_kinds_of_workbook(write_only):
    book = openpyxl.Workbook(write_only=write_only)
    exports.write_xlsx_stamp(book.create_sheet("About"), stamp())
    buffer = io.BytesIO()
    book.save(buffer)

    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["About"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[:3] == [("About", None), ("Exported by", "'=Evil (x)"), ("Purpose", "Test")]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_the_docx_stamp_is_a_title_and_bold_labelled_lines():
    document = docx.Document()

    exports.add_docx_stamp(document, stamp())

    paragraphs = document.paragraphs
    assert [p.text for p in paragraphs] == ["About", "Exported by: =Evil (x)", "Purpose: Test"]
    assert paragraphs[1].runs[0].bold and not paragraphs[1].runs[1].bold
