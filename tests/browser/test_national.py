"""Issue 6: the 2016 national plan tracker and the infohus network notes, in a real browser.

A visitor (not logged in) reads the tracker's index, a focus area and an initiative. The demo
analyst records a status on an initiative, first without a note (a clear message, nothing saved)
and then with one. The East Jutland police coordinator writes a network note holding a CPR
number: it is refused with the typed text kept; without the number it is saved and shown. Every
page answers without a 500, logs no console error, loads every file it asks for, and axe-core
finds no WCAG 2.1 A/AA violation on it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.support.actions import follow, link_to, login, open_page
from tests.browser.support.checks import assert_accessible, assert_no_page_problems

pytestmark = pytest.mark.browser

ANALYST = "analytiker-cde"
POLICE = "politi-oestjylland"


def _check(page: Page) -> None:
    expect(page.locator("h1")).to_have_count(1)
    assert_no_page_problems(page)
    assert_accessible(page)


def test_a_visitor_reads_the_tracker(page: Page) -> None:
    open_page(page, reverse("national:index"))
    _check(page)

    follow(page, link_to(page, reverse("national:focus_area", args=[1])))
    _check(page)

    follow(page, page.locator("main table tbody a").first)
    _check(page)


def test_the_analyst_records_a_status(page: Page, demo_password: Callable[[str], str]) -> None:
    login(page, ANALYST, demo_password(ANALYST))
    open_page(page, reverse("national:focus_area", args=[2]))
    follow(page, page.locator("main table tbody a").first)
    follow(page, page.locator("main a[href$='/status/']"))
    _check(page)

    page.locator("select[name='status']").select_option("in_progress")
    page.locator("input[name='date']").fill("2018-03-01")
    follow(page, page.locator("main form [type='submit']"))
    expect(page.locator("main .alert-error")).to_be_visible()
    expect(page.locator("textarea[name='note']")).to_have_attribute("aria-invalid", "true")
    _check(page)

    page.locator("textarea[name='note']").fill("Vejledningen er under udarbejdelse.")
    follow(page, page.locator("main form [type='submit']"))
    expect(page.locator("main table")).to_contain_text("Vejledningen er under udarbejdelse.")
    _check(page)


def test_a_member_s_note_with_a_cpr_number_is_refused_and_kept(
    page: Page, demo_password: Callable[[str], str]
) -> None:
    login(page, POLICE, demo_password(POLICE))
    open_page(page, reverse("networks:list"))
    _check(page)
    follow(page, link_to(page, reverse("networks:note_new")))

    text = "Drøftet: 010190-1234 er flyttet."
    page.locator("select[name='kind']").select_option("trend")
    page.locator("input[name='date']").fill("2026-01-10")
    page.locator("input[name='title']").fill("Tendenser i januar")
    page.locator("textarea[name='text']").fill(text)
    follow(page, page.locator("main form [type='submit']"))
    expect(page.locator("main .alert-error")).to_contain_text("010190-xxxx")
    expect(page.locator("textarea[name='text']")).to_have_value(text)
    _check(page)

    page.locator("textarea[name='text']").fill("Flere unge deler propaganda i lukkede grupper.")
    follow(page, page.locator("main form [type='submit']"))
    expect(page.locator("h1")).to_have_text("Tendenser i januar")
    _check(page)
