"""What every page must pass: no console errors, no failed requests, axe-core's WCAG 2.1 AA."""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request, Response, expect

from tests.browser.support.actions import wait_for_htmx
from tests.browser.support.server import PROJECT_DIR

AXE_SOURCE = PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
# A request the browser cancels because the page navigated away is not a fault of the page.
IGNORED_NETWORK_ERRORS = ("net::ERR_ABORTED",)


@dataclass
class PageProblems:
    """What went wrong in one page (and its navigations) since the last clear()."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    favicon_errors: list[str] = field(default_factory=list)

    def clear(self) -> None:
        self.favicon_errors.clear()
        self.console_errors.clear()
        self.page_errors.clear()
        self.failed_requests.clear()

    def is_same_origin(self, url: str) -> bool:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}" == self.origin

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "")
        if urlsplit(url).path == "/favicon.ico":
            # Chromium asks for /favicon.ico by itself, when it likes; the answer comes at no fixed
            # time, so counting it here would make tests flaky. test_the_site_has_an_icon checks it.
            self.favicon_errors.append(message.text)
            return
        where = f" ({url}:{message.location['lineNumber']})" if url else ""
        self.console_errors.append(f"{message.text}{where}")

    def on_page_error(self, error: Exception) -> None:
        self.page_errors.append(str(error))

    def on_response(self, response: Response) -> None:
        if response.status >= 400 and self.is_same_origin(response.url):
            request = response.request
            self.failed_requests.append(f"{response.status} {request.method} {response.url}")

    def on_request_failed(self, request: Request) -> None:
        error = request.failure or "failed"
        if self.is_same_origin(request.url) and error not in IGNORED_NETWORK_ERRORS:
            self.failed_requests.append(f"{error} {request.method} {request.url}")

    def report(self, allow_statuses: frozenset[int] = frozenset()) -> list[str]:
        """Every problem as a line; responses with an allowed status (and their echo) pass."""
        lines = [
            f"console error: {text}"
            for text in self.console_errors
            if not _is_allowed_echo(text, allow_statuses)
        ]
        lines += [f"uncaught JavaScript error: {text}" for text in self.page_errors]
        lines += [
            f"failed request: {text}"
            for text in self.failed_requests
            if not any(text.startswith(f"{status} ") for status in allow_statuses)
        ]
        return lines


def _is_allowed_echo(text: str, allow_statuses: frozenset[int]) -> bool:
    # Chromium echoes every failed load to the console: "... responded with a status of 404 (...)".
    echoes = (f"the server responded with a status of {status} " for status in allow_statuses)
    return any(echo in text for echo in echoes)


_problems: weakref.WeakKeyDictionary[Page, PageProblems] = weakref.WeakKeyDictionary()


def watch_context(context: BrowserContext, origin: str) -> None:
    """Record the problems of every page the context opens (popups too), from its first request."""

    def on_page(page: Page) -> None:
        watch_page(page, origin)

    context.on("page", on_page)


def watch_page(page: Page, origin: str) -> PageProblems:
    if page in _problems:
        return _problems[page]
    problems = _problems[page] = PageProblems(origin.rstrip("/"))
    page.on("console", problems.on_console)
    page.on("pageerror", problems.on_page_error)
    page.on("response", problems.on_response)
    page.on("requestfailed", problems.on_request_failed)
    return problems


def page_problems(page: Page) -> PageProblems:
    """The problems recorded for PAGE; fails if the page was not opened by a watched context."""
    try:
        return _problems[page]
    except KeyError:
        raise AssertionError(
            "This page is not watched; open it with the `page` fixture or `new_page()`."
        ) from None


def assert_no_page_problems(page: Page, *, allow_statuses: tuple[int, ...] = ()) -> None:
    """No console errors (a CSP violation is one), no JavaScript errors, no failed same-origin
    requests. ALLOW_STATUSES lets a test that opens an error page on purpose (404, 403) pass."""
    __tracebackhide__ = True
    lines = page_problems(page).report(frozenset(allow_statuses))
    if lines:
        raise AssertionError(f"Problems on {page.url}:\n  " + "\n  ".join(lines))


# axe-core --------------------------------------------------------------------------------------


@functools.cache
def axe_source() -> str:
    if not AXE_SOURCE.exists():
        raise AssertionError(f"{AXE_SOURCE} is missing; run `npm ci` (make deps).")
    return AXE_SOURCE.read_text(encoding="utf-8")


def inject_axe(page: Page) -> None:
    """Load axe-core into the page through the devtools protocol, which the page's CSP allows."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            raise AssertionError("axe-core did not load into the page.")


def run_axe(
    page: Page,
    *,
    tags: tuple[str, ...] = WCAG_TAGS,
    exclude: tuple[str, ...] = (),
) -> list[dict[str, Any]]:
    """Run axe-core's rules with TAGS on the page (minus the EXCLUDE selectors); the violations."""
    page.wait_for_load_state("load")
    wait_for_htmx(page)
    inject_axe(page)
    context: dict[str, Any] = {"include": [["html"]]}
    if exclude:
        context["exclude"] = [[selector] for selector in exclude]
    results = page.evaluate(
        "([context, options]) => axe.run(context, options)",
        [
            context,
            {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]},
        ],
    )
    return list(results["violations"])


def format_violations(violations: list[dict[str, Any]], *, max_nodes: int = 3) -> str:
    lines = []
    for violation in violations:
        nodes = violation["nodes"]
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']} "
            f"[{len(nodes)} element(s)] {violation.get('helpUrl', '')}"
        )
        for node in nodes[:max_nodes]:
            target = " ".join(str(part) for part in node.get("target", []))
            html = " ".join(node.get("html", "").split())
            lines.append(f"    at {target}: {html[:300]}")
            summary = " ".join(node.get("failureSummary", "").split())
            if summary:
                lines.append(f"       {summary[:300]}")
        if len(nodes) > max_nodes:
            lines.append(f"    ... and {len(nodes) - max_nodes} more")
    return "\n".join(lines)


def assert_accessible(page: Page, *, exclude: tuple[str, ...] = ()) -> None:
    """axe-core finds no WCAG 2.0/2.1 A or AA violation on the page as it is now."""
    __tracebackhide__ = True
    violations = run_axe(page, exclude=exclude)
    if violations:
        raise AssertionError(
            f"axe-core: {len(violations)} accessibility violation(s) on {page.url}:\n"
            + format_violations(violations)
        )


class PageChecks:
    """What every page of a walk must pass, collected so that one run reports every failure.

        checks = PageChecks("en")
        checks.check("home page", page, open_page(page, "/"))
        ...
        checks.assert_all_passed()

    Per page: the status (when a response is given), <html lang> (when a language is given), one
    visible, non-empty h1 in main, no console error or failed request, and axe-core's rules.
    """

    def __init__(self, language: str | None = None) -> None:
        self.language = language
        self.failures: list[str] = []
        self.headings: dict[str, str] = {}  # page name -> its h1

    def check(
        self,
        name: str,
        page: Page,
        response: Response | None = None,
        *,
        status: int = 200,
        exclude: tuple[str, ...] = (),
        accessibility: bool = True,
    ) -> None:
        """ACCESSIBILITY=False leaves axe-core out, for a caller that runs it itself."""
        if response is not None:
            self._soft(name, lambda: _check_status(response, status))
        if self.language:
            html = page.locator("html")
            self._soft(name, lambda: expect(html).to_have_attribute("lang", str(self.language)))
        self._soft(name, lambda: self._check_heading(name, page))
        allowed = (status,) if status >= 400 else ()
        self._soft(name, lambda: assert_no_page_problems(page, allow_statuses=allowed))
        if accessibility:
            self._soft(name, lambda: assert_accessible(page, exclude=exclude))
        page_problems(page).clear()  # the next page reports its own problems only

    def _check_heading(self, name: str, page: Page) -> None:
        heading = page.locator("main h1")
        expect(heading).to_have_count(1)
        expect(heading).to_be_visible()
        text = heading.inner_text().strip()
        assert text, "the h1 is empty"
        self.headings[name] = text

    def _soft(self, name: str, check: Callable[[], None]) -> None:
        try:
            check()
        except AssertionError as error:
            where = f"[{self.language}] {name}" if self.language else name
            self.failures.append(f"{where}: {error}")

    def assert_all_passed(self) -> None:
        __tracebackhide__ = True
        if self.failures:
            raise AssertionError(
                f"{len(self.failures)} failed check(s):\n\n" + "\n\n".join(self.failures)
            )


def _check_status(response: Response, status: int) -> None:
    assert response.status == status, f"{response.url} answered {response.status}, not {status}"


def write_failure_artifacts(page: Page, directory: Path, name: str) -> list[Path]:
    """A screenshot and the HTML of PAGE, for a failed test; never raises."""
    written = []
    try:
        directory.mkdir(parents=True, exist_ok=True)
        screenshot = directory / f"{name}.png"
        page.screenshot(path=str(screenshot), full_page=True, timeout=5000)
        written.append(screenshot)
        html = directory / f"{name}.html"
        html.write_text(page.content(), encoding="utf-8")
        written.append(html)
    except Exception:  # noqa: S110 - artifacts are a courtesy; the test failure is what counts
        pass
    return written
