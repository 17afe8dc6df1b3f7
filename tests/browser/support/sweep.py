"""The sweep's walks, several users at once: each worker thread drives a Chromium of its own.

Playwright's sync API is bound to the thread that started it, so a worker starts its own
Playwright and browser and walks, one user after the other, for the users it takes from a
shared queue. Each user logs in once and walks in every language, switching with the language
cookie. The walks share one AxeVerdicts, so a page structure is checked by axe-core once.
"""

from __future__ import annotations

import queue
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from playwright.sync_api import Browser, sync_playwright

from tests.browser.support.actions import login, set_language_cookie
from tests.browser.support.checks import watch_context
from tests.browser.support.crawl import AxeVerdicts, Walk, crawl

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
TIMEOUT_MS = 20_000
# A failure of a page of the Django admin: its label starts with the URL name or the path.
ADMIN_FAILURE = re.compile(r"^\[\w+\] (admin:|(dead link|download) /admin/)")


def is_admin_failure(failure: str) -> bool:
    return bool(ADMIN_FAILURE.match(failure))


@dataclass
class UserSweep:
    """One user's walks, one per language, or the error that stopped them."""

    username: str
    walks: list[Walk] = field(default_factory=list)
    error: str = ""
    seconds: float = 0.0


@dataclass
class Sweep:
    base_url: str
    password: Callable[[str], str]
    languages: tuple[str, ...]
    axe: AxeVerdicts = field(default_factory=AxeVerdicts)
    results: dict[str, UserSweep] = field(default_factory=dict)

    def run(self, usernames: list[str], *, workers: int) -> dict[str, UserSweep]:
        todo: queue.Queue[str] = queue.Queue()
        for username in usernames:
            todo.put(username)
        threads = [threading.Thread(target=self._work, args=(todo,)) for _ in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return self.results

    def _work(self, todo: queue.Queue[str]) -> None:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                while True:
                    try:
                        username = todo.get_nowait()
                    except queue.Empty:
                        return
                    self.results[username] = self._sweep_user(browser, username)
            finally:
                browser.close()

    def _sweep_user(self, browser: Browser, username: str) -> UserSweep:
        result = UserSweep(username)
        started = time.monotonic()
        context = browser.new_context(
            base_url=self.base_url, locale="da-DK", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        watch_context(context, self.base_url)
        try:
            page = context.new_page()
            login(page, username, self.password(username))
            for language in self.languages:
                set_language_cookie(context, self.base_url, language)
                start = reverse("accounts:start")
                result.walks.append(crawl(page, self.base_url, start, language, axe=self.axe))
        except Exception as error:  # reported by the user's test, with what was walked so far
            result.error = f"{type(error).__name__}: {error}"
        finally:
            context.close()
        result.seconds = time.monotonic() - started
        return result
