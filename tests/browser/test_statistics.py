"""Issue 6: the national statistics in a real browser, in Danish, as the demo analyst sees them.

A case opened last year (a count below 5) is in the database; the analyst (analytiker-cde)
logs in, opens the statistics from their index and reads the national page: the count shows as
"<5", every chart is an image followed by its data table, and the page answers without
a 500, logs no console error (CSP included: the charts are server-side SVG with no inline style),
loads every file it asks for, and axe-core finds no WCAG 2.1 A/AA violation. A bad quarter in the
period form gives a clear message on an accessible page, and the CSV export downloads.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.support.actions import follow, link_to, login, open_page, page_language
from tests.browser.support.checks import assert_accessible, assert_no_page_problems
from tests.browser.support.server import AppServer

pytestmark = pytest.mark.browser

ANALYST = "analytiker-cde"
NATIONAL = "national"


# The national scope publishes the last completed calendar year only (forebyg/stats/periods.py),
# so the case it counts is opened last year, directly in the server's database.
CASE_LAST_YEAR = (
    "import datetime; from django.utils import timezone; "
    "from forebyg.actors.models import Organisation; "
    "from forebyg.cases.tests.factories import CaseFactory, PersonFactory; "
    "aarhus = Organisation.objects.get(key='aarhus-kommune'); "
    "opened = timezone.now().replace(year=timezone.now().year - 1, month=5, day=12); "
    "CaseFactory.create(person=PersonFactory.create(municipality=aarhus), opened_at=opened)"
)


def test_the_analyst_reads_the_national_statistics_in_danish(
    page: Page, demo_password: Callable[[str], str], app_server: AppServer
) -> None:
    app_server.manage("shell", "-c", CASE_LAST_YEAR)

    login(page, ANALYST, demo_password(ANALYST))
    open_page(page, reverse("stats:index"))
    follow(page, link_to(page, reverse("stats:scope", args=[NATIONAL])))

    assert page_language(page) == "da"
    expect(page.locator("h1")).to_have_count(1)
    # Every chart is followed, in its section, by the table it is drawn from.
    with_charts = page.locator("main section.stats-section").filter(
        has=page.locator("svg[role='img']")
    )
    assert with_charts.count() > 0
    expect(page.locator("main td.stats-suppressed").first).to_have_text("<5")
    for index in range(with_charts.count()):
        section = with_charts.nth(index)
        expect(section.locator("table caption")).to_have_count(1)
        expect(section.locator("figure.stats-figure ~ div table")).to_have_count(1)
    expect(page.locator("main table caption").first).to_be_visible()
    assert_no_page_problems(page)
    assert_accessible(page)


def test_a_year_that_is_not_completed_gives_a_clear_message_on_an_accessible_page(
    page: Page, demo_password: Callable[[str], str]
) -> None:
    login(page, ANALYST, demo_password(ANALYST))
    # The form offers completed years only; a hand-made address asks for the year running now.
    open_page(page, reverse("stats:scope", args=[NATIONAL]) + "?year=2999")

    expect(page.locator("main .alert-error")).to_be_visible()
    expect(page.locator("select[name='year']")).to_have_attribute("aria-invalid", "true")
    assert_no_page_problems(page)
    assert_accessible(page)


def test_the_analyst_downloads_the_national_csv(
    page: Page, demo_password: Callable[[str], str]
) -> None:
    login(page, ANALYST, demo_password(ANALYST))
    open_page(page, reverse("stats:scope", args=[NATIONAL]))

    with page.expect_download() as download_info:
        # The link carries the year shown (?year=…): match the address's start.
        csv_url = reverse("stats:export_csv", args=[NATIONAL])
        page.locator(f"main a[href^='{csv_url}']").click()

    download = download_info.value
    assert download.suggested_filename.startswith("statistik-national-")
    assert download.suggested_filename.endswith(".csv")
