"""Issue 5, points 3-5 in a real browser: the roles matrix, initiatives and action cards.

The plan owner (planejer) reads the content pages of Aarhus' published version (read-only, with
the offer of a new draft version), goes to the version in work through that offer, adds a task to
the matrix, and makes an action card: first without a phone number for the coordinator (the error
is shown and nothing is lost), then complete. Logged out, anyone reads the published version's
action card. Every page passes PageChecks (status, one h1, no console error, axe-core).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.support.actions import follow, login, logout, open_page
from tests.browser.support.checks import PageChecks
from tests.browser.support.factories import PageFactory
from tests.browser.support.server import AppServer
from tests.browser.support.texts import da

pytestmark = pytest.mark.browser

PLAN_OWNER = "planejer"
AARHUS_CODE = "751"
VERSION_PATH = re.compile(r"/beredskab/versioner/(\d+)/$")
CARD_PATH = re.compile(r"/beredskab/handlekort/(\d+)/$")
# The published Aarhus version (the demo publishes one) and one of its action cards.
FIND_PUBLISHED = (
    "from forebyg.plans.models import ActionCard; "
    "card = ActionCard.objects.filter(version__plan__municipality__code='751', "
    "version__status='published').order_by('pk').first(); "
    "print(card.version_id, card.pk)"
)


def test_a_plan_owner_edits_the_matrix_and_makes_an_action_card(
    new_page: PageFactory, demo_password: Callable[[str], str], app_server: AppServer
) -> None:
    # `shell` may print how many objects it imported first: the answer is the last line.
    answer = app_server.manage("shell", "-c", FIND_PUBLISHED).strip().splitlines()[-1]
    version_pk, card_pk = (int(number) for number in answer.split())
    checks = PageChecks("da")
    page = new_page()
    checks.check("plan owner: start page", page, login(page, PLAN_OWNER, demo_password(PLAN_OWNER)))
    for name, pk in (("matrix", version_pk), ("initiatives", version_pk), ("cards", version_pk)):
        checks.check(
            f"published: {name}", page, open_page(page, reverse(f"plans:{name}", args=[pk]))
        )
    checks.check("published: card", page, open_page(page, reverse("plans:card", args=[card_pk])))

    new_draft = page.get_by_role("button", name=da("Start a new draft version"))
    checks.check("the version in work", page, follow(page, new_draft))
    match = VERSION_PATH.search(page.url)
    assert match, f"not a version page: {page.url}"
    draft_pk = int(match.group(1))

    add_a_task(page, checks, draft_pk)
    make_a_card(page, checks, draft_pk)

    logout(page)
    public = reverse("plans:public_card", args=[AARHUS_CODE, card_pk])
    checks.check("public: action card", page, open_page(page, public))
    expect(page.locator("main ol li").first).to_be_visible()
    checks.assert_all_passed()


def add_a_task(page: Page, checks: PageChecks, version_pk: int) -> None:
    link = page.locator(f'main a[href="{reverse("plans:matrix", args=[version_pk])}"]')
    checks.check("draft: matrix", page, follow(page, link))
    page.get_by_role("textbox", name=da("Task"), exact=True).fill("Browsertest: opfølgning")
    checks.check(
        "task added", page, follow(page, page.get_by_role("button", name=da("Add the task")))
    )
    expect(page.get_by_role("row", name=re.compile("Browsertest: opfølgning"))).to_have_count(1)
    expect(page.locator('input[value="Browsertest: opfølgning"]')).to_have_count(1)


def make_a_card(page: Page, checks: PageChecks, version_pk: int) -> None:
    open_page(page, reverse("plans:cards", args=[version_pk]))
    new = page.get_by_role("link", name=da("Make an action card"))
    checks.check("new card", page, follow(page, new))
    page.get_by_label(da("Audience")).select_option("club")
    page.get_by_label(da("Title")).fill("Handlekort for klubmedarbejdere")
    page.locator("main input[type=checkbox]").first.check()
    save = page.get_by_role("button", name=da("Save the action card"))
    # The coordinator's row has no phone yet: the error shows, and the typed title stays.
    checks.check(
        "card without the coordinator's phone", page, follow(page, save, status=400), status=400
    )
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.get_by_label(da("Title"))).to_have_value("Handlekort for klubmedarbejdere")
    page.locator("#id_contacts-0-phone").fill("89 40 20 00")
    checks.check("card saved", page, follow(page, save))
    assert CARD_PATH.search(page.url), page.url
    expect(page.locator("main h1")).to_have_text("Handlekort for klubmedarbejdere")
