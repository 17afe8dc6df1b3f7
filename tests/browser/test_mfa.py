"""Issue 7: TOTP MFA for local accounts, in a real browser.

The demo DPO (a role that reaches personal data) logs in with the password and is sent to set
up an authenticator: the QR code is inline SVG and the secret is shown as text; a wrong code is
refused with a message; the right one (computed here from the secret, RFC 6238) shows the
recovery codes once. Logging in again asks for the code. Every MFA page passes axe-core's
WCAG 2.1 A/AA checks, logs no console error and loads every file it asks for.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.support.actions import (
    MFA_SECRETS,
    follow,
    fresh_code,
    logout,
    logout_button,
    open_page,
)
from tests.browser.support.checks import assert_accessible, assert_no_page_problems

pytestmark = pytest.mark.browser

DPO = "dpo-aarhus"


def _check(page: Page) -> None:
    expect(page.locator("h1")).to_have_count(1)
    assert_no_page_problems(page)
    assert_accessible(page)


def _password_step(page: Page, password: str) -> None:
    open_page(page, reverse("accounts:login"))
    form = page.locator("main form").filter(has=page.locator('input[name="password"]'))
    form.locator('input[name="username"]').fill(DPO)
    form.locator('input[name="password"]').fill(password)
    follow(page, form.locator('[type="submit"]'))


def test_the_dpo_sets_up_two_factor_login_and_then_uses_it(
    page: Page, demo_password: Callable[[str], str]
) -> None:
    _password_step(page, demo_password(DPO))
    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:mfa_enroll"))))
    expect(page.locator("#mfa-qr svg")).to_be_visible()
    _check(page)

    form = page.locator("#mfa-enroll-form")
    form.locator('input[name="code"]').fill("12")
    follow(page, form.locator('[type="submit"]'))
    expect(page.locator("main .alert-error")).to_be_visible()
    expect(page.locator('input[name="code"]')).to_have_attribute("aria-invalid", "true")
    _check(page)

    MFA_SECRETS[DPO] = "".join(page.locator("#mfa-secret").inner_text().split())
    page.wait_for_timeout(1100)  # after a wrong code the device waits a second (throttling)
    form.locator('input[name="code"]').fill(fresh_code(DPO))
    follow(page, form.locator('[type="submit"]'))
    expect(page.locator("#mfa-recovery-codes li")).to_have_count(10)
    _check(page)

    follow(page, page.locator("#mfa-continue"))
    expect(logout_button(page)).to_be_visible()
    logout(page)

    _password_step(page, demo_password(DPO))
    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:mfa_verify"))))
    _check(page)
    form = page.locator("#mfa-verify-form")
    form.locator('input[name="code"]').fill(fresh_code(DPO))
    follow(page, form.locator('[type="submit"]'))
    expect(logout_button(page)).to_be_visible()
    _check(page)
