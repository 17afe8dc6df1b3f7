"""The national overview for CDE's analysts (issue 5, point 9), as a page, CSV and XLSX."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forebyg.actors.models import Organisation
from forebyg.plans import overview
from forebyg.plans.tests import exports_data
from forebyg.plans.tests.factories import PlanFactory, VersionFactory
from forebyg.plans.workflow import VersionStatus


def _municipality(name: str) -> Organisation:
    return Organisation.objects.get(kind="municipality", name_da=name)


@pytest.fixture
def plans(aarhus, randers, east_jutland_police):
    """Plans in every state, spread over several municipalities and police districts."""
    today = timezone.localdate()
    published = VersionFactory.create(
        plan=PlanFactory.create(municipality=aarhus), status=VersionStatus.PUBLISHED
    )
    exports_data.complete_version(published, [aarhus, east_jutland_police])
    VersionFactory.create(plan=published.plan)  # the next version in work
    VersionFactory.create(plan=PlanFactory.create(municipality=randers), status="adopted")
    VersionFactory.create(
        plan=PlanFactory.create(municipality=_municipality("Odense Kommune")),
        status=VersionStatus.CONSULTATION,
    )
    VersionFactory.create(plan=PlanFactory.create(municipality=_municipality("Københavns Kommune")))
    VersionFactory.create(
        plan=PlanFactory.create(municipality=_municipality("Aalborg Kommune")),
        status=VersionStatus.PUBLISHED,
        council_decision_date=today.replace(year=today.year - 5),
        council_reference="KB 2021",
    )
    return published


def _states(client) -> dict[str, str]:
    response = client.get(reverse("plans:overview"))
    return {row.municipality.name_da: row.state for row in response.context["overview"].rows}


def test_all_98_municipalities_are_listed_with_their_status(client, analyst, plans):
    client.force_login(analyst)

    states = _states(client)

    assert len(states) == 98
    assert states["Aarhus Kommune"] == "published"
    assert states["Randers Kommune"] == "adopted"
    assert states["Odense Kommune"] == "consultation"
    assert states["Københavns Kommune"] == "draft"
    assert states["Aalborg Kommune"] == "published"
    assert list(states.values()).count("none") == 93


def test_the_counts_on_top_add_up_per_status(client, analyst, plans):
    client.force_login(analyst)

    counts = {
        s: n for s, _label, n in client.get(reverse("plans:overview")).context["overview"].counts
    }

    assert counts == {"none": 93, "draft": 1, "consultation": 1, "adopted": 1, "published": 2}


def test_rows_show_revision_coverage_and_a_version_in_work(analyst, plans):
    rows = {
        r.municipality.name_da: r
        for r in overview.national_overview(today=timezone.localdate()).rows
    }

    assert rows["Aalborg Kommune"].revision == "overdue"
    assert rows["Aarhus Kommune"].gaps == []
    assert rows["Aarhus Kommune"].in_work is not None
    assert rows["Randers Kommune"].gaps[0].code == "not_published"


def _queries_of_the_page(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("plans:overview"))
    assert response.status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_for_98_plans(client, analyst, plans):
    client.force_login(analyst)
    with_six_plans = _queries_of_the_page(client)
    for municipality in Organisation.objects.filter(kind="municipality", action_plan__isnull=True):
        version = VersionFactory.create(plan=PlanFactory.create(municipality=municipality))
        exports_data.add_card(version, contacts=0)
        exports_data.add_initiatives(version, municipality)

    with_98_plans = _queries_of_the_page(client)

    assert with_98_plans == with_six_plans <= 16


def test_the_filters_narrow_the_rows_by_police_district_and_region(
    client, analyst, plans, east_jutland_police
):
    client.force_login(analyst)
    region = Organisation.objects.get(region_municipalities__code="751")

    by_district = client.get(reverse("plans:overview"), {"police_district": east_jutland_police.pk})
    by_both = client.get(
        reverse("plans:overview"), {"police_district": east_jutland_police.pk, "region": region.pk}
    )

    rows = by_district.context["overview"].rows
    assert rows and {row.municipality.police_district_id for row in rows} == {
        east_jutland_police.pk
    }
    assert len(rows) < 98
    assert all(row.municipality.region_id == region.pk for row in by_both.context["overview"].rows)


def test_an_unknown_filter_shows_an_error_and_exports_nothing(client, analyst, plans):
    client.force_login(analyst)

    page = client.get(reverse("plans:overview"), {"region": "999999"})
    export = client.get(reverse("plans:overview_csv"), {"region": "x"})

    assert page.status_code == 200 and page.context["overview"] is None
    assert page.context["form"].errors
    assert export.status_code == 400


def test_the_csv_has_a_bom_semicolons_and_the_same_rows(client, analyst, plans):
    client.force_login(analyst)

    response = client.get(reverse("plans:overview_csv"))

    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    rows = rows[rows.index([]) + 1 :]  # after the stamp (test_overview_exports.py)
    assert len(rows) == 99
    aarhus_row = next(row for row in rows if row[0] == "Aarhus Kommune")
    assert aarhus_row[1] == "751"


def test_the_xlsx_has_the_same_rows_and_filters(client, analyst, plans, east_jutland_police):
    client.force_login(analyst)

    response = client.get(
        reverse("plans:overview_xlsx"), {"police_district": east_jutland_police.pk}
    )

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    expected = Organisation.objects.filter(kind="municipality", police_district=east_jutland_police)
    assert len(rows) == 1 + expected.count()
    assert "Randers Kommune" in [row[0] for row in rows]


def test_formula_like_cells_are_neutralised_in_both_exports(client, analyst, plans):
    plans.council_reference = "=1+1"
    plans.save(update_fields=["council_reference"])
    client.force_login(analyst)

    csv_text = client.get(reverse("plans:overview_csv")).content.decode("utf-8")
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("plans:overview_xlsx")).content)
    )

    assert ";'=1+1;" in csv_text
    cells = [cell for row in workbook.active.iter_rows(values_only=True) for cell in row]
    assert "'=1+1" in cells
    assert overview.neutralise(-5) == -5 and overview.neutralise("@SUM") == "'@SUM"


@pytest.mark.parametrize(
    "persona", ["plan_owner", "municipal_coordinator", "police_coordinator", "dpo", "professional"]
)
@pytest.mark.parametrize("route", ["plans:overview", "plans:overview_csv", "plans:overview_xlsx"])
def test_only_analysts_reach_the_overview(client, request, persona, route):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse(route)).status_code == 404


def test_a_version_adopted_five_years_ago_is_overdue_in_the_export(client, analyst, plans):
    client.force_login(analyst)

    rows = list(
        csv.reader(
            io.StringIO(client.get(reverse("plans:overview_csv")).content.decode()[1:]),
            delimiter=";",
        )
    )

    aalborg = next(row for row in rows if row and row[0] == "Aalborg Kommune")  # past the stamp
    assert aalborg[9] < datetime.date.today().isoformat()
    assert aalborg[10] == str(overview.REVISION_LABELS["overdue"])
