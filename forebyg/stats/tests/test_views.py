"""The statistics pages and exports: who may open which scope, what the page shows (charts with
their tables, hidden cells as "<5"), the period filter, the audit trail and the query count."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from forebyg.audit.models import AuditEvent
from forebyg.cases.tests.factories import CaseFactory, PersonFactory
from forebyg.stats.extract import quarter_of
from forebyg.stats.forms import parse_quarter
from forebyg.stats.scope import municipality_scope, police_district_scope

NATIONAL = "national"
AARHUS = "municipality-751"
# Session, user, memberships, the scope, the extract (a few aggregate reads), the reference data
# and the audit event: 14 today, whatever the number of cases.
QUERY_CEILING = 16


def scope_url(slug: str, **query: str) -> str:
    url = reverse("stats:scope", args=[slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def municipality_slug(organisation) -> str:
    return municipality_scope(organisation).key


def district_slug(organisation) -> str:
    return police_district_scope(organisation).key


# -- Who may open which scope --------------------------------------------------------------


def test_the_analyst_sees_only_the_national_scope(client, analyst, aarhus):
    client.force_login(analyst)

    index = client.get(reverse("stats:index"))

    assert index.status_code == 200
    assert index.text.count(reverse("stats:scope", args=[NATIONAL])) == 1
    assert client.get(scope_url(NATIONAL)).status_code == 200
    assert client.get(scope_url(municipality_slug(aarhus))).status_code == 404


def test_a_municipal_coordinator_sees_only_their_own_municipality(
    client, municipal_coordinator, aarhus, randers
):
    client.force_login(municipal_coordinator)

    assert client.get(reverse("stats:index")).status_code == 200
    assert client.get(scope_url(municipality_slug(aarhus))).status_code == 200
    assert client.get(scope_url(municipality_slug(randers))).status_code == 404
    assert client.get(scope_url(NATIONAL)).status_code == 404


def test_a_police_coordinator_sees_only_their_own_district(
    client, police_coordinator, east_jutland_police, aarhus
):
    client.force_login(police_coordinator)

    assert client.get(scope_url(district_slug(east_jutland_police))).status_code == 200
    assert client.get(scope_url(municipality_slug(aarhus))).status_code == 404
    assert client.get(scope_url(NATIONAL)).status_code == 404


@pytest.mark.parametrize("persona", ["professional", "partner", "plan_owner", "dpo"])
def test_people_without_statistics_get_404_everywhere(client, request, persona, aarhus):
    client.force_login(request.getfixturevalue(persona))

    for name in ("stats:index",):
        assert client.get(reverse(name)).status_code == 404
    for name in ("stats:scope", "stats:export_csv", "stats:export_xlsx"):
        for slug in (NATIONAL, municipality_slug(aarhus)):
            assert client.get(reverse(name, args=[slug])).status_code == 404


def test_another_municipalitys_export_is_404(client, other_coordinator, aarhus):
    client.force_login(other_coordinator)

    for name in ("stats:export_csv", "stats:export_xlsx"):
        assert client.get(reverse(name, args=[municipality_slug(aarhus)])).status_code == 404
    assert not AuditEvent.objects.filter(verb="statistics.exported").exists()


# -- The period filter ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quarter"), [("2025Q1", "2025Q1"), ("2025-q3", "2025Q3"), (" 2024 K4 ", "2024Q4")]
)
def test_a_quarter_may_be_written_in_several_ways(text, quarter):
    assert parse_quarter(text) == quarter


@pytest.mark.parametrize(
    "query",
    [
        {"start": "2025"},
        {"start": "2025Q5"},
        {"end": "Q1-2025"},
        {"start": "1899Q1"},
        {"start": "2025Q1" * 3},
        {"start": "2025Q3", "end": "2025Q1"},
        {"end": "2025Q1"},
        {"start": "2000Q1", "end": "2020Q4"},
    ],
)
def test_a_bad_period_shows_a_message_and_no_figures(client, municipal_coordinator, query):
    client.force_login(municipal_coordinator)  # analysts choose a year instead

    response = client.get(scope_url(AARHUS, **query))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors
    assert 'class="alert alert-error"' in response.text
    assert "sections" not in response.context
    assert not AuditEvent.objects.filter(verb="statistics.viewed").exists()


# The figures are in 2025Q2; in June 2026 the last completed year is 2025.
IN_2026 = datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC)


@time_machine.travel(IN_2026)
def test_an_analyst_sees_the_last_completed_year_when_none_is_chosen(client, analyst, figures):
    client.force_login(analyst)

    response = client.get(scope_url(NATIONAL))

    assert response.status_code == 200
    assert "year" in response.context["form"].fields
    assert "2025Q1" in response.context["period"]
    event = AuditEvent.objects.get(verb="statistics.viewed")
    assert (event.after or {})["quarters"] == ["2025Q1", "2025Q4"]


@time_machine.travel(IN_2026)
@pytest.mark.parametrize("year", ["2026", "2027", "1999", "twenty"])
def test_an_analyst_cannot_choose_a_year_that_is_not_completed(client, analyst, year):
    client.force_login(analyst)

    response = client.get(scope_url(NATIONAL, year=year))

    assert response.context["form"].errors
    assert "sections" not in response.context  # the message, and no figures
    assert not AuditEvent.objects.filter(verb="statistics.viewed").exists()


@time_machine.travel(IN_2026)
def test_an_analyst_s_period_fields_are_ignored_so_periods_cannot_overlap(client, analyst):
    client.force_login(analyst)

    client.get(scope_url(NATIONAL, start="2024Q3", end="2025Q2"))

    event = AuditEvent.objects.get(verb="statistics.viewed")
    assert (event.after or {})["quarters"] == ["2025Q1", "2025Q4"]


def test_a_coordinator_s_empty_period_shows_every_quarter(client, municipal_coordinator, figures):
    client.force_login(municipal_coordinator)

    response = client.get(scope_url(AARHUS, start="", end=""))

    assert response.status_code == 200
    assert not response.context["form"].errors
    assert "2025Q2" in response.context["period"]
    assert (AuditEvent.objects.get(verb="statistics.viewed").after or {})["quarters"] is None


def test_a_start_alone_runs_until_this_quarter(client, municipal_coordinator):
    client.force_login(municipal_coordinator)

    client.get(scope_url(AARHUS, start="2024Q1"))

    quarters = (AuditEvent.objects.get(verb="statistics.viewed").after or {})["quarters"]
    assert quarters == ["2024Q1", quarter_of(timezone.localdate())]


def test_an_export_with_a_bad_period_goes_back_to_the_page(client, analyst):
    client.force_login(analyst)

    response = client.get(reverse("stats:export_csv", args=[NATIONAL]) + "?year=nonsense")

    assert response.status_code == 302
    assert response["Location"].startswith(scope_url(NATIONAL))
    assert not AuditEvent.objects.filter(verb="statistics.exported").exists()


@time_machine.travel(IN_2026)
def test_a_chosen_year_is_carried_to_the_export_links(client, analyst):
    client.force_login(analyst)

    response = client.get(scope_url(NATIONAL, year="2024"))

    assert response.status_code == 200
    csv_url = reverse("stats:export_csv", args=[NATIONAL])
    assert f'href="{csv_url}?year=2024"' in response.text
    event = AuditEvent.objects.get(verb="statistics.viewed")
    assert (event.after or {})["quarters"] == ["2024Q1", "2024Q4"]


def test_a_coordinator_s_period_is_carried_to_the_export_links(client, municipal_coordinator):
    client.force_login(municipal_coordinator)

    response = client.get(scope_url(AARHUS, start="2025-Q1", end="2025q4"))

    assert response.status_code == 200
    csv_url = reverse("stats:export_csv", args=[AARHUS])
    assert f'href="{csv_url}?start=2025Q1&amp;end=2025Q4"' in response.text


# -- What the page and the exports show --------------------------------------------------------

SMALL = {"1", "2", "3", "4"}  # every count from 1 to 4 is hidden from analysts
OPENED = timezone.make_aware(datetime.datetime(2025, 5, 12, 10, 0))


def cases_in(municipality, count: int) -> None:
    for _ in range(count):
        person = PersonFactory.create(municipality=municipality)
        CaseFactory.create(person=person, opened_at=OPENED)


@pytest.fixture
def figures(aarhus, randers):
    """Eight cases in Aarhus and three in Randers, all in 2025Q2: Randers is a small count."""
    cases_in(aarhus, 8)
    cases_in(randers, 3)


def section_html(html: str, key: str) -> str:
    match = re.search(rf'<section id="table-{key}".*?</section>', html, re.DOTALL)
    assert match is not None, f"no section for {key}"
    return match.group(0)


def row_cells(html: str, label: str) -> list[str]:
    """The data cells of the table row whose header is `label`."""
    match = re.search(rf"<th scope=\"row\"[^>]*>{re.escape(label)}</th>(.*?)</tr>", html, re.DOTALL)
    assert match is not None, f"no row {label}"
    return re.findall(r"<td[^>]*>(.*?)</td>", match.group(1), re.DOTALL)


@time_machine.travel(IN_2026)  # the figures are of 2025, the last completed year then
def test_a_small_count_shows_as_below_five_and_no_small_number_is_published(
    client, analyst, figures, randers
):
    client.force_login(analyst)

    html = client.get(scope_url(NATIONAL)).text

    municipalities = section_html(html, "municipality")
    assert row_cells(municipalities, randers.name) == ["&lt;5"]
    every_cell = re.findall(r"<td[^>]*>([^<]*)</td>", html)
    assert every_cell and not SMALL & {text.strip() for text in every_cell}
    # The chart labels the hidden bar as the table does, and states no small figure either.
    chart = re.search(r"<svg.*?</svg>", municipalities, re.DOTALL)
    assert chart is not None
    values = re.findall(r'class="stats-chart__value"[^>]*>([^<]*)</text>', chart.group(0))
    assert "&lt;5" in values and not SMALL & set(values)


@time_machine.travel(IN_2026)  # the figures are of 2025, the last completed year then
def test_the_csv_carries_the_same_suppression_as_the_page(client, analyst, figures, randers):
    client.force_login(analyst)

    response = client.get(reverse("stats:export_csv", args=[NATIONAL]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="statistik-national-' in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert any(analyst.username in cell for line in lines[:5] for cell in line)
    data = lines[lines.index([]) + 2 :]
    randers_line = [line for line in data if line[0] == "municipality" and line[3] == randers.name]
    assert [line[6] for line in randers_line] == ["<5"]
    assert not SMALL & {line[6] for line in data}


@time_machine.travel(IN_2026)  # the figures are of 2025, the last completed year then
def test_the_workbook_carries_the_same_suppression_as_the_page(client, analyst, figures, randers):
    client.force_login(analyst)

    response = client.get(reverse("stats:export_xlsx", args=[NATIONAL]))

    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert "municipality" in book.sheetnames and "trend_level" in book.sheetnames
    rows = list(book["municipality"].iter_rows(values_only=True))
    assert (randers.name, "<5") in rows
    numbers = {
        value
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if isinstance(value, int)
    }
    assert not numbers & {1, 2, 3, 4}
    about = [value for row in book.worksheets[0].iter_rows(values_only=True) for value in row]
    assert any(analyst.username in str(value) for value in about)


def test_a_coordinator_sees_their_own_small_counts(client, other_coordinator, figures, randers):
    client.force_login(other_coordinator)

    html = client.get(scope_url(municipality_slug(randers))).text

    assert row_cells(section_html(html, "municipality"), randers.name) == ["3"]


@time_machine.travel(IN_2026)  # the figures are of 2025, the last completed year then
def test_every_chart_is_followed_by_its_data_table(client, analyst, figures):
    client.force_login(analyst)

    html = client.get(scope_url(NATIONAL)).text

    assert " style=" not in html and "<script>" not in html  # the CSP allows neither
    sections = re.findall(r'<section id="table-.*?</section>', html, re.DOTALL)
    charted = [section for section in sections if "<svg" in section]
    assert len(charted) >= 5  # tables of nothing but zeros have no chart, only their table
    for section in charted:
        chart = re.search(r'<svg[^>]*role="img"[^>]*aria-describedby="([^"]+)"', section)
        assert chart is not None
        assert f'<caption id="{chart.group(1)}">' in section
        assert section.index("<svg") < section.index("<table")
    for section in sections:
        assert '<th scope="col"' in section and "<tfoot>" in section


@time_machine.travel(IN_2026)  # the figures are of 2025, the last completed year then
def test_viewing_and_exporting_are_audited_with_the_scope(client, analyst, figures):
    client.force_login(analyst)

    client.get(scope_url(NATIONAL))
    client.get(reverse("stats:export_xlsx", args=[NATIONAL]) + "?start=2025Q1&end=2025Q4")

    viewed = AuditEvent.objects.get(verb="statistics.viewed")
    exported = AuditEvent.objects.get(verb="statistics.exported")
    assert viewed.actor == analyst and (viewed.after or {})["scope"] == NATIONAL
    assert (exported.after or {})["format"] == "xlsx"
    assert (exported.after or {})["quarters"] == ["2025Q1", "2025Q4"]


def test_the_page_costs_the_same_few_queries_however_many_cases(
    client, analyst, aarhus, randers, django_assert_max_num_queries
):
    client.force_login(analyst)
    cases_in(randers, 2)
    client.get(scope_url(NATIONAL))  # warm the session
    cases_in(aarhus, 25)

    with django_assert_max_num_queries(QUERY_CEILING):
        response = client.get(scope_url(NATIONAL))

    assert response.status_code == 200
