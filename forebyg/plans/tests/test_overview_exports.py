"""Safe exports of the national overview (issue 8, point 8): both files state who exported them,
when, why and with which filters, every export is audited, and no cell runs as a formula."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from forebyg.audit.models import AuditEvent
from forebyg.core.exports import user_label
from forebyg.plans.exports.services import OVERVIEW_PURPOSE
from forebyg.plans.tests.factories import PlanFactory, VersionFactory
from forebyg.plans.workflow import VersionStatus

PAYLOAD = "=cmd|' /C calc'!A0"


@pytest.fixture
def adopted(aarhus):
    return VersionFactory.create(
        plan=PlanFactory.create(municipality=aarhus),
        status=VersionStatus.ADOPTED,
        council_reference=PAYLOAD,
    )


def csv_lines(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_starts_with_who_when_why_and_the_filters_and_is_audited(
    client, analyst, adopted, east_jutland_police
):
    client.force_login(analyst)

    with translation.override("da"):
        response = client.get(
            reverse("plans:overview_csv"), {"police_district": east_jutland_police.pk}
        )
        purpose = gettext(OVERVIEW_PURPOSE)

    lines = csv_lines(response)
    stamp = dict(line for line in lines[: lines.index([])])
    assert user_label(analyst) in stamp.values()
    assert {purpose, str(east_jutland_police)} <= set(stamp.values())
    event = AuditEvent.objects.get(verb="plan.overview_exported")
    assert event.actor == analyst and event.purpose == OVERVIEW_PURPOSE
    assert (event.after or {})["format"] == "csv"
    assert (event.after or {})["filters"] == {"police_district": str(east_jutland_police)}


def test_the_workbook_has_a_sheet_with_the_stamp_and_the_export_is_audited(
    client, analyst, adopted
):
    client.force_login(analyst)

    response = client.get(reverse("plans:overview_xlsx"))

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    about = [value for row in book.worksheets[1].iter_rows(values_only=True) for value in row]
    assert user_label(analyst) in about
    event = AuditEvent.objects.get(verb="plan.overview_exported")
    assert (event.after or {})["format"] == "xlsx" and (event.after or {})["count"] == 98


def test_a_formula_in_a_council_reference_comes_out_as_text(client, analyst, adopted):
    client.force_login(analyst)

    lines = csv_lines(client.get(reverse("plans:overview_csv")))
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("plans:overview_xlsx")).content))

    assert any(f"'{PAYLOAD}" in line for line in lines)
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert f"'{PAYLOAD}" in [cell.value for cell in cells]
    assert all(cell.data_type != "f" for cell in cells)
    assert not any(cell.startswith(("=", "+", "-", "@")) for line in lines for cell in line)


def test_a_refused_filter_exports_nothing_and_audits_nothing(client, analyst):
    client.force_login(analyst)

    response = client.get(reverse("plans:overview_csv"), {"region": "x"})

    assert response.status_code == 400
    assert not AuditEvent.objects.filter(verb="plan.overview_exported").exists()
