"""Issue 9, point 7: the concern form and the case flow work with the keyboard alone.

After logging in (the login helper, not part of what is tested here), the user only presses keys:
Tab and Shift+Tab to move, typing into fields, the arrow keys in drop-downs and radio groups,
Space on check boxes, Enter on links and buttons. Locators only look: is this the focused
element, what does the page say. Every element Tab stops at must show that it has focus, and
the skip link ("Go to the page's content") must be the first stop and move focus into main.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.support.actions import login, open_page
from tests.browser.support.checks import assert_accessible, assert_no_page_problems
from tests.browser.support.factories import PageFactory
from tests.browser.support.keyboard import KeyboardUser
from tests.browser.support.texts import da
from tests.browser.test_case_flow import (
    AARHUS,
    CASE_REFERENCE,
    CATEGORY,
    SIGNS,
    Person,
    fill_and_send_report,
    new_person,
)

pytestmark = pytest.mark.browser

TEACHER = "laerer"
COORDINATOR = "tovholder-aarhus"


def press_enter_and_wait(user: KeyboardUser) -> None:
    """Enter on the focused link or button, and wait for the page it leads to."""
    with user.page.expect_navigation():
        user.page.keyboard.press("Enter")
    user.page.wait_for_load_state()


def use_skip_link(user: KeyboardUser) -> None:
    """The first Tab stop is the skip link, visibly; Enter on it puts the next stop in main."""
    __tracebackhide__ = True
    page = user.page
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=da("Go to the page's content"))
    assert user.has_focus(skip), "the first Tab stop is not the skip link"
    user.check_focus()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main-content$"))
    page.keyboard.press("Tab")
    inside = page.locator("#main-content").evaluate("main => main.contains(document.activeElement)")
    assert inside, "after the skip link, Tab does not go on inside the page's content"


def test_a_concern_is_reported_with_the_keyboard_alone(
    page: Page, demo_password: Callable[[str], str]
) -> None:
    login(page, TEACHER, demo_password(TEACHER))
    user = KeyboardUser(page)
    use_skip_link(user)
    main = page.get_by_role("main")
    user.tab_to(main.get_by_role("link", name=da("Report a concern"), exact=True))
    press_enter_and_wait(user)
    expect(page.locator("main h1")).to_have_text(da("Report a concern"))

    person = new_person()
    fill_report_with_keyboard(user, person)
    user.tab_to(main.get_by_role("button", name=da("Send the concern")))
    press_enter_and_wait(user)

    expect(page.locator("main h1")).to_have_text(da("Your concern has been received"))
    expect(main).to_contain_text(AARHUS)
    assert_no_page_problems(page)
    assert_accessible(page)
    assert not user.invisible_focus, "focus cannot be seen on:\n  " + "\n  ".join(
        user.invisible_focus
    )


def fill_report_with_keyboard(user: KeyboardUser, person: Person) -> None:
    form = user.page.get_by_role("main")
    user.type_into(form.get_by_label(da("The person's full name")), person.name)
    user.type_into(form.get_by_label(da("CPR number")), person.cpr)
    user.choose(form.get_by_label(da("Municipality where the person lives")), AARHUS)
    question = "If the person is under 18: do the custody holders know about the concern?"
    custody = form.get_by_role("group", name=da(question))
    yes = custody.get_by_role("radio", name=da("Yes"), exact=True)
    user.choose_radio(custody.get_by_role("radio"), yes)
    user.type_into(
        form.get_by_label(da("What worries you?")),
        "Eleven deler voldsforherligende videoer i klassens chat og taler om at gøre det samme.",
    )
    for sign in SIGNS:
        user.tick(form.get_by_role("checkbox", name=sign))
    user.choose(form.get_by_label(da("Kind of extremism")), CATEGORY)
    user.type_into(form.get_by_label(da("How can the municipality reach you?")), "Lærke Holm")


def test_a_coordinator_moves_a_case_on_with_the_keyboard_alone(
    new_page: PageFactory, demo_password: Callable[[str], str]
) -> None:
    person = new_person()
    teacher = new_page()
    login(teacher, TEACHER, demo_password(TEACHER))
    open_page(teacher, reverse("concerns:report"))
    fill_and_send_report(teacher, person)  # the case to work on (not what is tested here)

    page = new_page()
    login(page, COORDINATOR, demo_password(COORDINATOR))
    user = KeyboardUser(page)
    main = page.get_by_role("main")
    use_skip_link(user)
    user.tab_to(main.get_by_role("link", name=da("Cases: overview and deadlines"), exact=True))
    press_enter_and_wait(user)
    search = da("Search for a person by name or CPR number")
    user.tab_to(main.get_by_role("link", name=search, exact=True))
    press_enter_and_wait(user)

    form = page.get_by_role("form", name=da("Who are you looking for?"))
    user.type_into(form.get_by_label(da("CPR number")), person.cpr)
    user.type_into(form.get_by_label(da("Purpose of the search")), "Ny bekymringshenvendelse")
    user.tab_to(form.get_by_role("button", name=da("Search")))
    press_enter_and_wait(user)
    user.tab_to(main.get_by_role("link", name=re.compile(re.escape(person.name))))
    press_enter_and_wait(user)
    user.tab_to(main.get_by_role("link", name=CASE_REFERENCE))
    press_enter_and_wait(user)
    expect(page.locator("main h1")).to_contain_text(re.compile(CASE_REFERENCE.pattern))

    change_status_with_keyboard(user, da("Police screening"), "Sendt til screening.")
    assert_no_page_problems(page)
    assert_accessible(page)
    assert not user.invisible_focus, "focus cannot be seen on:\n  " + "\n  ".join(
        user.invisible_focus
    )


def change_status_with_keyboard(user: KeyboardUser, status: str, note: str) -> None:
    page = user.page
    panel = page.locator("#status-panel")
    form = panel.get_by_role("form", name=da("Change the status"))
    group = form.get_by_role("group", name=da("New status"))
    user.choose_radio(group.get_by_role("radio"), group.get_by_role("radio", name=status))
    user.type_into(form.get_by_label(da("Note")), note)
    user.tab_to(form.get_by_role("button", name=da("Change the status")))
    page.keyboard.press("Enter")
    done = da("The case's status is now “%(status)s”.", status=status)
    expect(page.get_by_role("status").filter(has_text=done)).to_be_visible()
    page.wait_for_load_state()
    status_cell = panel.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=da("Status"))
    )
    expect(status_cell).to_contain_text(status)


def test_a_focus_that_cannot_be_seen_is_caught(page: Page) -> None:
    """The focus check itself: with the outline of links taken away, the skip link is reported."""
    open_page(page, reverse("prevention:home"))
    page.locator("a").evaluate_all(
        """links => links.forEach(link => {
            link.style.setProperty('outline', 'none', 'important');
            link.style.setProperty('box-shadow', 'none', 'important');
        })"""
    )
    user = KeyboardUser(page)
    page.keyboard.press("Tab")
    user.check_focus()
    assert len(user.invisible_focus) == 1, user.invisible_focus
    assert user.invisible_focus[0].endswith(da("Go to the page's content"))
