"""The browser-test foundation itself: the server, the problem watch and axe-core under our CSP."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from tests.browser.support.actions import login, logout, open_page
from tests.browser.support.checks import assert_no_page_problems, page_problems, run_axe
from tests.browser.support.demo import read_demo_passwords
from tests.browser.support.server import AppServer

pytestmark = pytest.mark.browser


def test_the_server_is_healthy_and_serves_static_files(page: Page, app_server: AppServer) -> None:
    open_page(page, "/healthz")
    assert '"status": "ok"' in page.content()
    open_page(page, "/static/app.css")
    assert_no_page_problems(page)


def test_problems_are_caught(page: Page) -> None:
    open_page(page, "/healthz")
    page.evaluate("() => fetch('/static/no-such-file.css')")
    page.evaluate("() => console.error('something broke')")
    # The content security policy refuses an inline script; Chromium reports it on the console.
    page.evaluate(
        """() => {
            const script = document.createElement('script');
            script.textContent = 'window.injected = true';
            document.body.appendChild(script);
        }"""
    )
    for _ in range(50):  # the browser's events may arrive a moment after evaluate() returns
        lines = page_problems(page).report()
        if len(lines) >= 4:
            break
        page.wait_for_timeout(100)
    assert any(
        line.startswith("failed request: ") and "GET" in line and "no-such-file.css" in line
        for line in lines
    ), lines
    assert any("something broke" in line for line in lines), lines
    assert any("Content Security Policy" in line for line in lines), lines
    assert page.evaluate("() => window.injected") is None
    with pytest.raises(AssertionError, match=r"no-such-file\.css"):
        assert_no_page_problems(page)
    page_problems(page).clear()
    assert_no_page_problems(page)


def test_axe_runs_under_the_content_security_policy(page: Page) -> None:
    response = open_page(page, "/healthz")
    assert "script-src" in response.headers["content-security-policy"]
    page.set_content("<html><body><img src='data:,'></body></html>")
    ids = {violation["id"] for violation in run_axe(page)}
    assert {"image-alt", "html-has-lang", "document-title"} <= ids
    assert_no_page_problems(page)


def test_a_demo_persona_logs_in_and_out(page: Page, demo_password: Callable[[str], str]) -> None:
    login(page, "laerer", demo_password("laerer"))
    assert_no_page_problems(page)
    logout(page)
    assert_no_page_problems(page)


def test_demo_passwords_are_read_from_load_demos_file(
    app_server: AppServer, demo_password: Callable[[str], str]
) -> None:
    passwords = read_demo_passwords(app_server.demo_passwords_file)
    assert {"laerer", "tovholder-aarhus", "tovholder-randers", "admin-aarhus"} <= passwords.keys()
    assert demo_password("laerer") == passwords["laerer"]
    with pytest.raises(AssertionError, match="No demo user"):
        demo_password("nobody")
