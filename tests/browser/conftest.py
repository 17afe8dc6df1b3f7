"""Fixtures of the browser tests: one app server and one Chromium per run, a fresh context per test.

A test takes `page` (a Danish page whose relative URLs go to the server, watched for problems), or
`new_page(language="en")` for as many users (contexts with their own cookies) as it needs, and
checks with the helpers of support/: open_page, follow, link_to, switch_language, login, logout,
assert_no_page_problems, assert_accessible. `demo_password(username)` gives a demo persona's
password. When a test fails, its report shows the server's log of that test and the screenshots
saved in test-results/browser/.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from tests.browser.support.actions import set_language_cookie
from tests.browser.support.checks import watch_context, watch_page, write_failure_artifacts
from tests.browser.support.demo import read_demo_passwords
from tests.browser.support.factories import ContextFactory, PageFactory
from tests.browser.support.server import PROJECT_DIR, AppServer, ServerError, start_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# How the server's database is filled before it serves: the same steps as `make run`.
SETUP_COMMANDS = [
    ["migrate", "--noinput", "-v0"],
    ["load_reference_data"],
    ["load_demo"],
]
DEFAULT_TIMEOUT_MS = 10_000
NAVIGATION_TIMEOUT_MS = 20_000
ARTIFACTS_DIR = PROJECT_DIR / "test-results" / "browser"  # screenshots of failed tests (gitignored)
BROWSER_DIR = Path(__file__).parent


# The app server, started as soon as we know browser tests will run ---------------------------


class _ServerStarter:
    """Starts the app server once, in a background thread, and stops it at the end of the run.

    In a whole-suite run the server is migrated and filled while the other tests run, so the
    browser tests do not wait for it. Its files live in a temporary directory removed at the end;
    a failing test's report shows the server's log instead.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._future: Future[AppServer] | None = None
        self._var_dir: Path | None = None

    def start(self) -> Future[AppServer]:
        with self._lock:
            if self._future is None:
                self._var_dir = Path(tempfile.mkdtemp(prefix="forebyg-browser-"))
                future: Future[AppServer] = Future()
                worker = os.environ.get("PYTEST_XDIST_WORKER", "")
                args = (self._var_dir, worker, future)
                threading.Thread(target=self._run, args=args, daemon=True).start()
                self._future = future
            return self._future

    @staticmethod
    def _run(var_dir: Path, worker: str, future: Future[AppServer]) -> None:
        try:
            future.set_result(start_server(var_dir, setup_commands=SETUP_COMMANDS, worker=worker))
        except BaseException as error:  # handed to the fixture, which fails the tests with it
            future.set_exception(error)

    def stop(self) -> None:
        with self._lock:
            future, self._future = self._future, None
            var_dir, self._var_dir = self._var_dir, None
        if future is not None:
            # A start under way finishes first; a failed start has been reported by the tests.
            with contextlib.suppress(Exception):
                future.result(timeout=600).stop()
        if var_dir is not None:
            shutil.rmtree(var_dir, ignore_errors=True)


_server = _ServerStarter()


# Collection: mark, run last, start the server early ----------------------------------------------


def _is_browser_test(item: pytest.Item) -> bool:
    return BROWSER_DIR in Path(str(item.path)).parents


@pytest.hookimpl(tryfirst=True)  # before -m deselects
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test here `browser`, so that `-m "not browser"` leaves it out."""
    for item in items:
        if _is_browser_test(item):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(tryfirst=True)  # -m and -k have deselected; xdist has not yet sent the order
def pytest_collection_finish(session: pytest.Session) -> None:
    """Run the browser tests after all others, and start their server now.

    Playwright's sync API marks an asyncio loop as running in the test thread for as long as the
    browser lives, and Django's ORM refuses to run then; the other tests must be done by then.
    """
    browser_items = [item for item in session.items if _is_browser_test(item)]
    if not browser_items:
        return
    session.items[:] = [item for item in session.items if not _is_browser_test(item)]
    session.items += browser_items
    # Under xdist every worker collects every test: start only when a test asks (the fixture).
    early = "PYTEST_XDIST_WORKER" not in os.environ and not session.config.option.collectonly
    if early:
        _server.start()


def pytest_configure(config: pytest.Config) -> None:
    config.add_cleanup(_server.stop)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    item.stash.setdefault(_reports_key, {})[report.when] = report
    return report


_reports_key = pytest.StashKey[dict[str, pytest.TestReport]]()


def _failed(request: pytest.FixtureRequest) -> bool:
    reports = request.node.stash.get(_reports_key, {})
    return any(report.failed for report in reports.values())


# The app -------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def app_server() -> AppServer:
    """The real app, migrated, with reference and demo data, served by gunicorn on a free port."""
    try:
        return _server.start().result()
    except ServerError as error:
        pytest.fail(f"The app for the browser tests did not start:\n{error}", pytrace=False)


@pytest.fixture(scope="session")
def base_url(app_server: AppServer) -> str:
    """http://127.0.0.1:<port>, without a trailing slash; pages take paths relative to it."""
    return app_server.base_url


@pytest.fixture(scope="session")
def demo_password(app_server: AppServer) -> Callable[[str], str]:
    """demo_password(username): the password load_demo gave that demo user."""
    passwords: dict[str, str] = {}

    def lookup(username: str) -> str:
        if not passwords:
            passwords.update(read_demo_passwords(app_server.demo_passwords_file))
        try:
            return passwords[username]
        except KeyError:
            known = ", ".join(sorted(passwords)) or "none"
            raise AssertionError(f"No demo user {username!r} (known: {known})") from None

    return lookup


# The browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    runner = sync_playwright().start()
    yield runner
    runner.stop()


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, headless. Never `playwright install`: CI installs the Debian package."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"The browser tests need Debian's Chromium at {CHROMIUM}. Install it with:\n"
            "    apt-get install -y --no-install-recommends chromium\n"
            "(never `playwright install`).",
            pytrace=False,
        )
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def new_context(
    browser: Browser, app_server: AppServer, request: pytest.FixtureRequest
) -> Iterator[ContextFactory]:
    """new_context(language="da"|"en", **playwright_options): a fresh context (own cookies),
    with the server as base URL, watched for problems; closed after the test.

    The browser is a Danish one (locale da-DK); language="en" chooses English the way the header's
    language switch does, with Django's language cookie (see switch_language for the real click).
    """
    base_url = app_server.base_url
    contexts: list[BrowserContext] = []
    log_start = app_server.log_path.stat().st_size if app_server.log_path.exists() else 0

    def make(*, language: str = "da", **options: Any) -> BrowserContext:
        options.setdefault("locale", "da-DK")
        options.setdefault("timezone_id", "Europe/Copenhagen")
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(base_url=base_url, **options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        watch_context(context, base_url)
        if language != "da":
            set_language_cookie(context, base_url, language)
        contexts.append(context)
        return context

    yield make
    if _failed(request):
        _save_artifacts(request, contexts)
        _add_server_log(request, app_server, log_start)
    for context in contexts:
        context.close()


@pytest.fixture
def new_page(new_context: ContextFactory, base_url: str) -> PageFactory:
    """new_page(language="da"|"en", **context_options): a page in a context of its own."""

    def make(*, language: str = "da", **options: Any) -> Page:
        page = new_context(language=language, **options).new_page()
        watch_page(page, base_url)  # already watched through the context; makes it explicit
        return page

    return make


@pytest.fixture
def context(new_context: ContextFactory) -> BrowserContext:
    """A fresh Danish context for this test."""
    return new_context()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    """A page in a fresh Danish context, with the server as base URL: page.goto("/")."""
    return context.new_page()


def _save_artifacts(request: pytest.FixtureRequest, contexts: list[BrowserContext]) -> None:
    name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1])[:120]
    written: list[Path] = []
    for c, context in enumerate(contexts):
        for p, page in enumerate(context.pages):
            written += write_failure_artifacts(page, ARTIFACTS_DIR, f"{name}-{c}-{p}")
    if written:
        shown = ", ".join(str(path.relative_to(PROJECT_DIR)) for path in written)
        request.node.add_report_section("teardown", "browser artifacts", shown)


def _add_server_log(request: pytest.FixtureRequest, app_server: AppServer, start: int) -> None:
    """The server's log lines written during the test (tracebacks of 500s), in its report."""
    try:
        with app_server.log_path.open("rb") as log:
            log.seek(start)
            text = log.read().decode("utf-8", errors="replace").strip()
    except OSError:
        return
    if text:
        lines = text.splitlines()[-120:]
        request.node.add_report_section("teardown", "server log", "\n".join(lines))


@pytest.fixture(scope="session", autouse=True)
def _clean_artifacts() -> None:
    """Remove the last run's screenshots (not under xdist: the workers would race)."""
    if ARTIFACTS_DIR.exists() and "PYTEST_XDIST_WORKER" not in os.environ:
        shutil.rmtree(ARTIFACTS_DIR, ignore_errors=True)
