"""Safe exports of the public tracker (issue 8, point 8): a visitor's file says where and when it
was downloaded and is not logged; a signed-in user's says who took it and why and is audited; a
formula stored in a note comes out as text in both files."""

import csv
import io

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from forebyg.audit.models import AuditEvent
from forebyg.core.exports import user_label
from forebyg.national.services import EXPORT_PURPOSE
from forebyg.national.tests.factories import StatusUpdateFactory

PAYLOAD = "=cmd|' /C calc'!A0"


def csv_lines(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def stamp_of(lines: list[list[str]]) -> dict[str, str]:
    return {line[0]: line[1] for line in lines[: lines.index([])]}


def workbook_cells(response) -> list:
    book = load_workbook(io.BytesIO(response.content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def test_a_visitors_csv_says_where_and_when_and_is_not_logged(client, initiative):
    with translation.override("da"):
        response = client.get(reverse("national:export_csv"))
        source, at = gettext("Downloaded from"), gettext("Downloaded at")

    stamp = stamp_of(csv_lines(response))
    assert stamp[source] == "testserver"
    assert stamp[at].startswith("20")
    assert not AuditEvent.objects.filter(verb="national.exported").exists()


def test_a_signed_in_users_files_say_who_and_why_and_are_audited(client, analyst, initiative):
    client.force_login(analyst)

    with translation.override("da"):
        lines = csv_lines(client.get(reverse("national:export_csv")))
        cells = workbook_cells(client.get(reverse("national:export_xlsx")))
        by, purpose = gettext("Exported by"), gettext("Purpose")
        stated = gettext(EXPORT_PURPOSE)

    stamp = stamp_of(lines)
    assert stamp[by] == user_label(analyst) and stamp[purpose] == stated
    assert user_label(analyst) in [cell.value for cell in cells]
    events = AuditEvent.objects.filter(verb="national.exported", actor=analyst)
    assert sorted((event.after or {})["format"] for event in events) == ["csv", "xlsx"]
    assert {event.purpose for event in events} == {EXPORT_PURPOSE}


def test_a_formula_in_a_status_note_comes_out_as_text(client, initiative):
    StatusUpdateFactory.create(initiative=initiative, note=PAYLOAD, source="@SUM(A1)")

    lines = csv_lines(client.get(reverse("national:export_csv")))
    cells = workbook_cells(client.get(reverse("national:export_xlsx")))

    assert any(f"'{PAYLOAD}" in line and "'@SUM(A1)" in line for line in lines)
    assert f"'{PAYLOAD}" in [cell.value for cell in cells]
    assert all(cell.data_type != "f" for cell in cells)
