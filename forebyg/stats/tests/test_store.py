"""Stored publications (decision 0013): the national statistics are built once and served from
the store until they are older than STATISTICS_REPUBLISH_SECONDS; `publish_statistics` builds
them ahead of the readers; the page, the exports and the API show the same stored figures and
when they were counted. A coordinator's own area is counted live."""

import csv
import datetime
import io
import zoneinfo
from unittest import mock

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db.models import F
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from forebyg.api.tests.conftest import bearer, issue
from forebyg.stats import store
from forebyg.stats.models import StoredPublication
from forebyg.stats.periods import completed_years
from forebyg.stats.scope import municipality_scope, national_scope
from forebyg.stats.tables import publication as publication_module
from forebyg.stats.tables.publication import publish
from forebyg.stats.tests.stats_data import make_cases
from forebyg.stats.tests.test_views import (
    NATIONAL,
    QUERY_CEILING,
    cases_in,
    row_cells,
    scope_url,
    section_html,
)

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
# A cold build also reads the stored row and writes the new one (a savepoint, a locking read
# and an insert): the page's own ceiling plus these.
STORE_QUERIES = 6


@pytest.fixture(autouse=True)
def in_2026():
    """June 2026: the last completed year, the one an analyst sees, is 2025 (the figures')."""
    with time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC)):
        yield


@pytest.fixture
def figures(aarhus, randers):
    """Eight cases in Aarhus and three in Randers, in 2025 (the year the analyst sees)."""
    cases_in(aarhus, 8)
    cases_in(randers, 3)


@pytest.fixture
def extracts():
    """Counts the extracts built (the expensive part of a publication), calling through."""
    counted = mock.Mock(wraps=publication_module.build_extract)
    with (
        mock.patch.object(publication_module, "build_extract", counted),
        mock.patch.object(store, "build_extract", counted),
    ):
        yield counted


def randers_on_page(client, randers) -> list[str]:
    html = client.get(scope_url(NATIONAL)).text
    return row_cells(section_html(html, "municipality"), randers.name)


def make_stale() -> None:
    age = datetime.timedelta(seconds=store.max_age().total_seconds() + 60)
    StoredPublication.objects.update(built_at=F("built_at") - age)


def test_the_second_reader_is_served_from_the_store_without_an_extract(
    client, analyst, figures, randers, extracts
):
    client.force_login(analyst)

    first = client.get(scope_url(NATIONAL))
    second = client.get(scope_url(NATIONAL))

    assert extracts.call_count == 1
    assert first.status_code == second.status_code == 200
    assert row_cells(section_html(second.text, "municipality"), randers.name) == ["&lt;5"]
    assert section_html(first.text, "municipality") == section_html(second.text, "municipality")
    assert StoredPublication.objects.get().period_key == "2025Q1-2025Q4"


def test_a_publication_older_than_the_maximum_age_is_republished(
    client, analyst, figures, extracts
):
    client.force_login(analyst)
    client.get(scope_url(NATIONAL))
    built = StoredPublication.objects.get().built_at

    make_stale()
    client.get(scope_url(NATIONAL))

    assert extracts.call_count == 2
    assert StoredPublication.objects.get().built_at > built


def test_a_change_to_a_case_shows_after_republication_and_not_before(
    client, analyst, figures, randers
):
    client.force_login(analyst)
    assert randers_on_page(client, randers) == ["&lt;5"]

    cases_in(randers, 5)  # eight in Randers now

    assert randers_on_page(client, randers) == ["&lt;5"]
    call_command("publish_statistics", "--force", stdout=io.StringIO())
    assert randers_on_page(client, randers) == ["8"]


def test_publish_statistics_builds_every_completed_year_once(figures, extracts):
    output = io.StringIO()

    call_command("publish_statistics", stdout=output)
    built = dict(StoredPublication.objects.values_list("period_key", "built_at"))
    call_command("publish_statistics", stdout=output)

    years = completed_years(timezone.localdate())
    assert sorted(built) == sorted(f"{year}Q1-{year}Q4" for year in years)
    assert dict(StoredPublication.objects.values_list("period_key", "built_at")) == built
    assert extracts.call_count == 1  # one extract for every year, none on the second run
    assert f"Published {len(years)} " in output.getvalue()
    assert f"Published 0 statistics publication(s), kept {len(years)}" in output.getvalue()


def test_publish_statistics_renews_half_aged_publications_and_force_renews_all(figures):
    call_command("publish_statistics", stdout=io.StringIO())
    half = store.max_age() / 2 + datetime.timedelta(seconds=60)
    StoredPublication.objects.filter(period_key="2025Q1-2025Q4").update(
        built_at=F("built_at") - half
    )
    before = dict(StoredPublication.objects.values_list("period_key", "built_at"))

    call_command("publish_statistics", stdout=io.StringIO())
    after = dict(StoredPublication.objects.values_list("period_key", "built_at"))
    call_command("publish_statistics", "--force", stdout=io.StringIO())
    forced = dict(StoredPublication.objects.values_list("period_key", "built_at"))

    assert after["2025Q1-2025Q4"] > before["2025Q1-2025Q4"]
    assert {k: v for k, v in after.items() if k != "2025Q1-2025Q4"} == {
        k: v for k, v in before.items() if k != "2025Q1-2025Q4"
    }
    assert all(forced[key] > after[key] for key in after)
    assert StoredPublication.objects.count() == len(before)


@override_settings(STATISTICS_REPUBLISH_SECONDS=10 * 366 * 24 * 60 * 60)
def test_the_page_and_the_exports_say_when_the_figures_were_counted(
    client, analyst, figures, randers
):
    call_command("publish_statistics", stdout=io.StringIO())
    moment = datetime.datetime(2026, 5, 31, 3, 0, tzinfo=COPENHAGEN)
    StoredPublication.objects.update(built_at=moment)
    cases_in(randers, 5)  # not published yet: no reader may see it
    client.force_login(analyst)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(scope_url(NATIONAL)).text
    response = client.get(reverse("stats:export_csv", args=[NATIONAL]))

    assert "Figures as of 31 May 2026 03:00." in html
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    stamp = dict(line[:2] for line in lines[: lines.index([])] if len(line) >= 2)
    assert stamp["Figures as of"] == "31 May 2026 03:00"
    data = lines[lines.index([]) + 2 :]
    randers_line = [line for line in data if line[0] == "municipality" and line[3] == randers.name]
    assert [line[6] for line in randers_line] == ["<5"]  # the stored figure, as on the page
    assert row_cells(section_html(html, "municipality"), randers.name) == ["&lt;5"]


def test_the_exports_equal_the_stored_page(client, analyst, extracts):
    make_cases(120, seed=3, municipality_count=6, first_day=datetime.date(2025, 1, 1), days=360)
    client.force_login(analyst)
    client.get(scope_url(NATIONAL))

    response = client.get(reverse("stats:export_csv", args=[NATIONAL]))

    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    exported = {(line[0], line[3], line[5]): line[6] for line in lines[lines.index([]) + 2 :]}
    shown = store.published(national_scope())
    expected = {
        (table.key, label, column): cell.display
        for table in shown.tables()
        for label, row in zip(table.row_labels, table.cells, strict=True)
        for column, cell in zip(table.column_labels, row, strict=True)
    }
    assert expected.items() <= exported.items()
    assert extracts.call_count == 1  # the export read the stored publication


def test_a_stored_publication_reads_back_as_built_and_holds_no_hidden_count(db):
    make_cases(150, seed=2, municipality_count=5, first_day=datetime.date(2024, 1, 1), days=360)
    built = publish(national_scope(), quarters=("2024Q1", "2024Q4"))
    assert built.marks  # the data has small counts to hide

    data = store.serialise(built)
    restored = store.restore(national_scope(), data, built_at=built.built_at)

    assert restored.tables() == built.tables()
    assert restored.outcomes == built.outcomes
    assert restored.quarters == built.quarters
    stored = {store._key_in(key): value for key, value in data["values"]}
    assert all(stored[key] == 0 for key in built.marks)


def test_a_stored_publication_is_labelled_in_the_reader_s_language(db, aarhus):
    cases_in(aarhus, 6)
    with translation.override("en"):
        data = store.serialise(publish(national_scope(), quarters=("2025Q1", "2025Q4")))
    with translation.override("da"):
        danish = store.restore(national_scope(), data).tables(["gender"])[0]
        live = publish(national_scope(), quarters=("2025Q1", "2025Q4")).tables(["gender"])[0]

    assert danish.row_labels == live.row_labels
    assert danish.title == live.title


def test_a_coordinator_s_own_area_is_counted_live(client, other_coordinator, randers, extracts):
    client.force_login(other_coordinator)
    cases_in(randers, 3)
    slug = municipality_scope(randers).key

    first = client.get(scope_url(slug)).text
    cases_in(randers, 2)
    second = client.get(scope_url(slug)).text

    assert row_cells(section_html(first, "municipality"), randers.name) == ["3"]
    assert row_cells(section_html(second, "municipality"), randers.name) == ["5"]
    assert extracts.call_count == 2
    assert not StoredPublication.objects.exists()


def test_republishing_the_same_period_twice_leaves_one_whole_row(figures):
    period = ("2025Q1", "2025Q4")

    store.republish(national_scope(), period)
    store.republish(national_scope(), period)

    row = StoredPublication.objects.get()
    assert (
        store.restore(national_scope(), row.data).tables()
        == publish(national_scope(), quarters=period).tables()
    )


def test_a_cold_build_of_the_page_costs_a_few_queries_more_than_the_page(
    client, analyst, aarhus, randers, django_assert_max_num_queries
):
    client.force_login(analyst)
    cases_in(randers, 2)
    client.get(scope_url(NATIONAL))  # warm the session
    cases_in(aarhus, 25)
    make_stale()

    with django_assert_max_num_queries(QUERY_CEILING + STORE_QUERIES):
        response = client.get(scope_url(NATIONAL))

    assert response.status_code == 200


def test_a_national_token_reads_the_stored_publication_with_its_time(client, figures, extracts):
    from forebyg.actors.models import Organisation

    token = issue(Organisation.objects.get(key="cde"), "stats:read")
    client.get("/api/v1/statistics/municipality", **bearer(token))

    body = client.get("/api/v1/statistics/municipality", **bearer(token)).json()

    row = StoredPublication.objects.get()
    published_at = datetime.datetime.fromisoformat(body["published_at"])
    assert abs(published_at - row.built_at) < datetime.timedelta(milliseconds=1)  # JSON: ms
    assert extracts.call_count == 1
    page = store.restore(national_scope(), row.data).tables(["municipality"])[0]
    assert [r["total"]["display"] for r in body["rows"]] == [c.display for c in page.row_totals]
