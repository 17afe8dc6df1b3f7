"""Safe exports of the statistics (issue 8, point 8): both files state who exported them, for
which organisation, when and why; the export is audited with that purpose; a name that looks
like a formula is text in the file."""

import csv
import io

import openpyxl
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from forebyg.audit.models import AuditEvent
from forebyg.core.exports import user_label
from forebyg.stats.exports import STATISTICS_PURPOSE

AARHUS = "municipality-751"


def stamp_of(response) -> dict[str, str]:
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return {line[0]: line[1] for line in lines[: lines.index([])]}


def test_the_csv_states_who_for_which_organisation_when_and_why(client, municipal_coordinator):
    client.force_login(municipal_coordinator)

    with translation.override("da"):
        response = client.get(reverse("stats:export_csv", args=[AARHUS]))
        labels = [gettext(label) for label in ("Exported by", "Organisation", "Purpose")]
        purpose = gettext(STATISTICS_PURPOSE)

    stamp = stamp_of(response)
    assert [stamp[label] for label in labels] == [
        user_label(municipal_coordinator),
        "Aarhus Kommune",
        purpose,
    ]
    event = AuditEvent.objects.get(verb="statistics.exported")
    assert event.purpose == STATISTICS_PURPOSE and event.actor == municipal_coordinator


def test_the_workbook_states_the_purpose_on_its_first_sheet(client, analyst):
    client.force_login(analyst)

    with translation.override("da"):
        response = client.get(reverse("stats:export_xlsx", args=["national"]))
        purpose = gettext(STATISTICS_PURPOSE)

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    about = [value for row in book.worksheets[0].iter_rows(values_only=True) for value in row]
    assert purpose in about and user_label(analyst) in about


def test_a_name_that_looks_like_a_formula_is_text_in_both_files(client, analyst):
    analyst.first_name, analyst.last_name = "=cmd|' /C calc'!A0", "@SUM"
    analyst.save(update_fields=["first_name", "last_name"])
    client.force_login(analyst)

    stamp = stamp_of(client.get(reverse("stats:export_csv", args=["national"])))
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("stats:export_xlsx", args=["national"])).content)
    )

    assert f"'{user_label(analyst)}" in stamp.values()
    cells = [cell for row in book.worksheets[0].iter_rows() for cell in row]
    assert f"'{user_label(analyst)}" in [cell.value for cell in cells]
    assert all(cell.data_type != "f" for cell in cells)
