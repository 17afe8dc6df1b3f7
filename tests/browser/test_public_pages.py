"""Issue 2: the public pages work in a real browser, in Danish and in English, and are accessible.

A visitor opens the home page, follows its link to the anticipatory level of the prevention
triangle, goes to "Hvem gør hvad" (the directory) through the main menu, searches it for Aarhus
and opens Aarhus Kommune. Every page answers 200 in the chosen language, has an h1, logs no
console error, loads every file it asks for, and axe-core finds no WCAG 2.1 A/AA violation.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, Response, expect

from tests.browser.support.actions import (
    follow,
    link_to,
    open_page,
    switch_language,
    wait_for_htmx,
)
from tests.browser.support.checks import PageChecks, assert_no_page_problems
from tests.browser.support.factories import PageFactory

pytestmark = pytest.mark.browser

LEVEL_KEY = "anticipatory"
ORGANISATION_KEY = "aarhus-kommune"


@pytest.mark.parametrize("language", ["da", "en"])
def test_public_pages_work_and_are_accessible(page: Page, language: str) -> None:
    checks = PageChecks(language)

    response: Response | None = open_page(page, "/")
    if language == "en":
        response = switch_language(page, "en")  # as a visitor does: the button in the header
    checks.check("home page", page, response)

    level_path = reverse("prevention:level", kwargs={"key": LEVEL_KEY})
    response = follow(page, link_to(page, level_path))
    checks.check("triangle level (anticipatory)", page, response)

    response = follow(page, link_to(page, reverse("actors:directory"), within="header nav"))
    checks.check("directory", page, response)

    # Search as a visitor does; htmx replaces the results and puts the search in the address.
    page.get_by_role("searchbox").fill("Aarhus")
    page.get_by_role("searchbox").press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]q=Aarhus(&|$)"))
    wait_for_htmx(page)
    organisation_path = reverse("actors:organisation", kwargs={"key": ORGANISATION_KEY})
    results = page.locator("#directory-results")
    expect(results.locator(f'a[href="{organisation_path}"]')).to_be_visible()
    checks.check("directory, searched for Aarhus", page, response)

    response = follow(page, link_to(page, organisation_path, within="#directory-results"))
    checks.check("organisation (Aarhus Kommune)", page, response)

    checks.assert_all_passed()


def test_the_language_switch_changes_the_visible_text(new_page: PageFactory) -> None:
    """Danish to English with the header's button and back, on the same page each time."""
    page = new_page()
    level_path = reverse("prevention:level", kwargs={"key": LEVEL_KEY})
    for path in ("/", level_path, reverse("actors:directory")):
        open_page(page, path)
        danish = _visible_texts(page)

        switch_language(page, "en")
        assert page.url.endswith(path), f"the switch left {path} for {page.url}"
        english = _visible_texts(page)
        for part, text in danish.items():
            assert english[part] != text, f"{path}: the {part} reads {text!r} in both languages"

        switch_language(page, "da")
        assert page.url.endswith(path)
        assert _visible_texts(page) == danish
    assert_no_page_problems(page)


def test_english_chosen_before_the_visit_sticks(new_page: PageFactory) -> None:
    """A visitor who chose English earlier (the language cookie) gets English on every page."""
    page = new_page(language="en")
    open_page(page, "/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    follow(page, link_to(page, reverse("actors:directory"), within="header nav"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_no_page_problems(page)


def test_the_site_has_an_icon(page: Page) -> None:
    """Browsers ask every site for its icon (/favicon.ico unless the page names one): a missing
    icon is a failed request, and a console error, on every page a visitor opens."""
    open_page(page, "/")
    declared = page.locator("head link[rel~='icon']")
    href = declared.first.get_attribute("href") if declared.count() else None
    response = page.request.get(href or "/favicon.ico")
    assert response.status == 200, (
        f"The site icon {href or '/favicon.ico'} answered {response.status}: name one in "
        "templates/base.html (<link rel=icon href=...>) or serve /favicon.ico."
    )


def _visible_texts(page: Page) -> dict[str, str]:
    header = page.get_by_role("banner")
    return {
        "h1": page.locator("main h1").inner_text().strip(),
        "main menu": header.get_by_role("navigation").first.inner_text().strip(),
        "language switch": header.locator("form.language-switch").first.inner_text().strip(),
    }
