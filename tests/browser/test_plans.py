"""Issue 5: a plan owner takes Aarhus' beredskab from draft to published, in a real browser.

The plan owner (planejer) opens "Beredskab" and creates Aarhus' plan from CDE's template, or, when
the demo already holds one, continues the version in work or starts a new one. She writes the
purpose section, pasting a <script> that is stripped with a warning, sends the version to
consultation, records the council's adoption (first without a date: the error is shown and the
reference she typed is kept), and publishes it. She then starts a new draft, changes the text and
compares the two versions. Logged out, the public page shows the plan without the script.

Every page answers without a 500, logs no console error (CSP included), loads every file it asks
for, and axe-core finds no WCAG 2.1 A/AA violation: the version page, the comparison and the
public page among them. Texts are named by their English msgid; `da()` gives what the page shows.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import Page, Response, expect

from tests.browser.support.actions import follow, login, logout, open_page
from tests.browser.support.checks import PageChecks, assert_accessible, assert_no_page_problems
from tests.browser.support.factories import PageFactory
from tests.browser.support.texts import da

pytestmark = pytest.mark.browser

PLAN_OWNER = "planejer"
AARHUS = "Aarhus Kommune"
AARHUS_CODE = "751"
VERSION_PATH = re.compile(r"/beredskab/versioner/(\d+)/$")
PURPOSE = "formaal"
PURPOSE_TEXT = "Aarhus Kommune forebygger ekstremisme i fællesskab."
PASTED = f"{PURPOSE_TEXT}<script>document.title='hacked'</script>\n\nVi samarbejder i infohuset."


def test_a_plan_owner_takes_the_plan_from_draft_to_published(
    new_page: PageFactory, demo_password: Callable[[str], str]
) -> None:
    checks = PageChecks("da")
    page = new_page()
    checks.check("plan owner: start page", page, login(page, PLAN_OWNER, demo_password(PLAN_OWNER)))
    response = open_page(page, reverse("plans:home"))
    checks.check("plans: home", page, response)

    version_pk = open_version_in_work(page, checks)
    write_purpose(page, checks, version_pk)

    send = page.get_by_role("button", name=da("Send to consultation"))
    if send.count():
        checks.check("version in consultation", page, follow(page, send))
    adopt(page, checks)
    response = follow(page, page.get_by_role("button", name=da("Publish")))
    checks.check("version published", page, response)
    expect(page.locator("main .badge").first).to_have_text(da("Published"))
    assert_accessible(page)
    assert_no_page_problems(page)

    compare_with_a_new_draft(page, checks)

    logout(page)
    response = open_page(page, reverse("plans:public_index"))
    checks.check("public: index", page, response)
    response = follow(page, page.get_by_role("main").get_by_role("link", name=AARHUS))
    checks.check("public: Aarhus' plan", page, response)
    expect(page.locator(f"#section-{PURPOSE}")).to_contain_text(PURPOSE_TEXT)
    expect(page.locator("main script")).to_have_count(0)
    assert page.title() != "hacked"
    assert_accessible(page)
    assert_no_page_problems(page)
    checks.assert_all_passed()


def open_version_in_work(page: Page, checks: PageChecks) -> int:
    """Create the plan, or open the version in work, or start a new one; its primary key."""
    create = page.get_by_role("button", name=da("Create the plan of %(name)s", name=AARHUS))
    if create.count():
        response = follow(page, create)
    else:
        plan_link = page.get_by_role("main").get_by_role("link", name=AARHUS, exact=True)
        checks.check("plans: Aarhus' plan", page, follow(page, plan_link))
        start = page.get_by_role("button", name=da("Start a new version"))
        if start.count():
            response = follow(page, start)
        else:
            in_work = page.get_by_role("row").filter(has_text=da("In work"))
            response = follow(page, in_work.get_by_role("link"))
    checks.check("the version in work", page, response)
    match = VERSION_PATH.search(page.url)
    assert match, f"not a version page: {page.url}"
    return int(match.group(1))


def write_purpose(page: Page, checks: PageChecks, version_pk: int) -> None:
    """Paste text with a script into the purpose section: saved without it, with a warning."""
    edit_path = reverse("plans:section_edit", args=[version_pk, PURPOSE])
    response = follow(page, page.locator(f'main a[href="{edit_path}"]'))
    checks.check("section editor", page, response)
    page.get_by_label(da("Text")).fill(PASTED)
    response = follow(page, page.get_by_role("button", name=da("Save the section")))
    checks.check("version page after saving", page, response)
    expect(page.locator('main .alert-warning[role="status"]')).to_contain_text("script")
    section = page.locator(f"#section-{PURPOSE}")
    expect(section).to_contain_text(PURPOSE_TEXT)
    expect(section).to_contain_text("Vi samarbejder i infohuset.")
    expect(section.locator("script")).to_have_count(0)


def adopt(page: Page, checks: PageChecks) -> Response:
    """Record the adoption, first forgetting the date: the error shows, the reference stays."""
    link = page.get_by_role("link", name=da("Record the council's adoption"))
    checks.check("adoption form", page, follow(page, link))
    reference = page.get_by_label(da("Reference of the council's decision"))
    reference.fill("Byrådet, sag 12/2026")
    submit = page.get_by_role("button", name=da("Record the adoption"))
    checks.check("adoption without a date", page, follow(page, submit))
    expect(page.get_by_role("alert")).to_be_visible()
    expect(reference).to_have_value("Byrådet, sag 12/2026")
    page.get_by_label(da("Date of the council's decision")).fill(datetime.date.today().isoformat())
    response = follow(page, submit)
    checks.check("version adopted", page, response)
    expect(page.locator("main .badge").first).to_have_text(da("Adopted"))
    return response


def compare_with_a_new_draft(page: Page, checks: PageChecks) -> None:
    """A new draft with a changed purpose, compared with the published version."""
    response = follow(page, page.get_by_role("button", name=da("Start a new draft version")))
    checks.check("new draft", page, response)
    match = VERSION_PATH.search(page.url)
    assert match
    edit_path = reverse("plans:section_edit", args=[int(match.group(1)), PURPOSE])
    follow(page, page.locator(f'main a[href="{edit_path}"]'))
    page.get_by_label(da("Text")).fill(f"{PURPOSE_TEXT} Nu også i fritidsklubberne.")
    follow(page, page.get_by_role("button", name=da("Save the section")))
    response = follow(page, page.get_by_role("link", name=da("Compare with another version")))
    checks.check("compare versions", page, response)
    added = page.locator(f"#diff-{PURPOSE} ins").filter(has_text="fritidsklubberne")
    expect(added).to_have_count(1)
    assert_accessible(page)
    assert_no_page_problems(page)
