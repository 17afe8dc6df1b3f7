"""What a user does in the browser: open a page, follow a link, switch language, log in and out.

Paths come from Django's reverse() (URLs need no database, so this is safe in the test process).
"""

from __future__ import annotations

import time
from base64 import b32decode

from django.urls import reverse
from django_otp.oath import hotp
from playwright.sync_api import BrowserContext, Locator, Page, Response, expect

LANGUAGE_COOKIE = "django_language"  # settings.LANGUAGE_COOKIE_NAME (Django's default)
# The header's language switch names the other language, in that language.
SWITCH_LABELS = {"da": "English", "en": "Dansk"}


def open_page(page: Page, path: str, *, status: int = 200) -> Response:
    """Go to PATH (relative to the server) and check the answer's status."""
    __tracebackhide__ = True
    response = page.goto(path)
    assert response is not None, f"No response for {path}"
    assert response.status == status, f"{path} answered {response.status}, expected {status}"
    return response


def follow(page: Page, link: Locator, *, status: int = 200) -> Response:
    """Click LINK (or a submit button) and wait for the page it leads to; check its status."""
    __tracebackhide__ = True
    with page.expect_navigation() as navigation:
        link.click()
    response = navigation.value
    assert response is not None, f"No response after clicking {link}"
    assert response.status == status, f"{response.url} answered {response.status}, not {status}"
    return response


def link_to(page: Page, path: str, *, within: str = "main") -> Locator:
    """The first visible link to PATH inside WITHIN (a CSS selector); PATH from reverse()."""
    __tracebackhide__ = True
    links = page.locator(within).locator(f'a[href="{path}"]').filter(visible=True)
    expect(links.first, f"a link to {path} in {within}").to_be_visible()
    return links.first


HTMX_BUSY = ".htmx-request, .htmx-swapping, .htmx-settling"


def wait_for_htmx(page: Page) -> None:
    """Wait until htmx has no request, swap or settle under way (it marks elements meanwhile)."""
    expect(page.locator(HTMX_BUSY)).to_have_count(0)


def page_language(page: Page) -> str:
    return page.locator("html").get_attribute("lang") or ""


def switch_language(page: Page, language: str) -> Response:
    """Switch to LANGUAGE ("da" or "en") as a user does: the button in the header, which posts
    to Django's set_language and comes back to the same page."""
    __tracebackhide__ = True
    current = page_language(page)
    assert current != language, f"The page is in {language} already"
    header = page.get_by_role("banner")  # get_by_role skips the hidden copy in the mobile drawer
    response = follow(page, header.get_by_role("button", name=SWITCH_LABELS[current]))
    expect(page.locator("html")).to_have_attribute("lang", language)
    return response


def set_language_cookie(context: BrowserContext, base_url: str, language: str) -> None:
    """Choose LANGUAGE for every later request of CONTEXT, without a round-trip (faster)."""
    context.add_cookies([{"name": LANGUAGE_COOKIE, "value": language, "url": base_url}])


def logout_button(page: Page) -> Locator:
    """The header's "Log out" button (present only when logged in)."""
    form = page.locator(f'header form[action="{reverse("accounts:logout")}"]')
    return form.get_by_role("button").filter(visible=True)


def login(page: Page, username: str, password: str) -> Response:
    """Log in through the form at accounts:login (/log-ind/) and check that it worked."""
    __tracebackhide__ = True
    open_page(page, reverse("accounts:login"))
    form = page.locator("main form").filter(has=page.locator('input[name="password"]'))
    form.locator('input[name="username"]').fill(username)
    form.locator('input[name="password"]').fill(password)
    response = follow(page, form.locator('[type="submit"]'))
    response = complete_mfa(page, username, response)
    expect(logout_button(page), f"logged in as {username}").to_be_visible()
    return response


# MFA (forebyg/accounts/mfa/): the secret each user enrolled with, kept for the server's lifetime
# (one server per test run and worker), and the last time step used, since a code works once.
MFA_SECRETS: dict[str, str] = {}
MFA_LAST_STEP: dict[str, int] = {}
# The recovery codes shown at enrollment: a second login within the same 30-second step uses
# one (as a user without their phone would) instead of waiting for the next step.
MFA_RECOVERY_CODES: dict[str, list[str]] = {}
TOTP_PERIOD = 30


def totp_code(secret: str, step: int) -> str:
    """The code an authenticator app shows for time step `step` (RFC 6238, six digits)."""
    key = b32decode(secret + "=" * (-len(secret) % 8))
    return f"{hotp(key, step):06d}"


def fresh_code(username: str) -> str:
    """A code for a time step this user has not used yet; within a used step a recovery code
    while any is left, else the next step's code: the server accepts one step of clock drift
    (django-otp's tolerance), as from a phone whose clock runs a little ahead. Only when that
    one is used too does it wait for time to catch up."""
    now = int(time.time()) // TOTP_PERIOD
    last = MFA_LAST_STEP.get(username, -1)
    if now <= last and MFA_RECOVERY_CODES.get(username):
        return MFA_RECOVERY_CODES[username].pop()
    step = max(now, last + 1)
    if step > now + 1:
        time.sleep((step - 1) * TOTP_PERIOD - time.time() + 0.2)
    MFA_LAST_STEP[username] = step
    return totp_code(MFA_SECRETS[username], step)


def complete_mfa(page: Page, username: str, response: Response) -> Response:
    """After the password: enroll (first login) or give the code, as the user would."""
    __tracebackhide__ = True
    if page.url.split("?")[0].endswith(reverse("accounts:mfa_enroll")):
        MFA_SECRETS[username] = "".join(page.locator("#mfa-secret").inner_text().split())
        form = page.locator("#mfa-enroll-form")
        form.locator('input[name="code"]').fill(fresh_code(username))
        follow(page, form.locator('[type="submit"]'))
        codes = page.locator("#mfa-recovery-codes code").all_inner_texts()
        MFA_RECOVERY_CODES[username] = [code.strip() for code in codes]
        return follow(page, page.locator("#mfa-continue"))
    if page.url.split("?")[0].endswith(reverse("accounts:mfa_verify")):
        assert username in MFA_SECRETS, f"{username} enrolled before this server's tests began"
        form = page.locator("#mfa-verify-form")
        form.locator('input[name="code"]').fill(fresh_code(username))
        return follow(page, form.locator('[type="submit"]'))
    return response


def logout(page: Page) -> Response:
    """Log out with the header's button."""
    __tracebackhide__ = True
    response = follow(page, logout_button(page))
    expect(logout_button(page)).to_have_count(0)
    return response
