"""A breadth-first walk over every same-origin link a logged-in user can reach (the sweep).

One visit per URL *name* (resolve() of the path), so that a list of 50 cases costs one case page:
the walk stays bounded and still reaches every kind of page, including pages added later. Every
page visited passes PageChecks (status, <html lang>, one h1, no console error, axe-core).
Downloads (PDF, DOCX, CSV, XLSX, anything not HTML) are not opened as pages: they must answer 200
to a GET through the context's request API, which shares the user's cookies.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from tests.browser.support.actions import wait_for_htmx
from tests.browser.support.checks import PageChecks, format_violations, page_problems, run_axe

DOWNLOAD_SUFFIXES = (".pdf", ".docx", ".csv", ".xlsx", ".zip", ".json")
# GET would log out or leave the site (MitID), or the view takes no GET.
SKIPPED_VIEWS = frozenset(
    {
        "accounts:logout",
        "accounts:oidc_authenticate",
        "accounts:oidc_callback",
        "set_language",
        "admin:logout",
    }
)
LINKS_SCRIPT = """() => [...document.querySelectorAll('a[href]')]
    .filter(a => a instanceof HTMLAnchorElement)
    .map(a => [a.href, a.hasAttribute('download')])"""


# The page's structure without its words: every element with its attributes, but of text (text
# nodes and attributes that hold words, addresses or tokens) only whether there is any. axe-core's
# WCAG rules read structure, roles, names' presence and styles, not the words, so two pages with
# the same structure get the same verdict: the Danish and the English rendering of a page, or two
# coordinators' dashboards. <html lang> is checked on every page by PageChecks itself.
STRUCTURE_SCRIPT = """() => {
    const words = new Set(['href', 'action', 'value', 'title', 'alt', 'placeholder',
        'aria-label', 'aria-valuetext', 'content', 'datetime', 'src', 'srcset', 'lang',
        'nonce', 'download']);
    const wordy = (name) => words.has(name) || /^(hx|data)-/.test(name);
    const out = [];
    const walk = (node) => {
        if (node.nodeType === Node.TEXT_NODE) {
            if (node.data.trim()) out.push('T');
            return;
        }
        if (node.nodeType !== Node.ELEMENT_NODE) return;
        const attributes = [...node.attributes].map(a => a.name + '=' + (
            wordy(a.name) ? (a.value.trim() ? 'T' : '') : a.value)).sort();
        out.push('<' + node.localName + ' ' + attributes.join(' ') + '>');
        for (const child of node.childNodes) walk(child);
        out.push('</>');
    };
    walk(document.documentElement);
    return out.join('');
}"""


@dataclass
class AxeVerdicts:
    """axe-core's verdict per page structure (see STRUCTURE_SCRIPT), shared by every walk."""

    verdicts: dict[str, tuple[str, str]] = field(default_factory=dict)  # -> (page, violations)
    runs: int = 0
    reused: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)  # walks may run in threads

    def check(self, page: Page, label: str) -> str:
        """The violations on PAGE as text ("" for none), from an earlier page of its structure."""
        wait_for_htmx(page)  # what axe-core would see
        structure = page.evaluate(STRUCTURE_SCRIPT)
        key = hashlib.sha256(structure.encode()).hexdigest()
        with self.lock:
            known = self.verdicts.get(key)
            self.reused += known is not None
            self.runs += known is None
        if known is not None:
            first, violations = known
            return f"(the same structure as {first})\n{violations}" if violations else ""
        found = run_axe(page)
        violations = format_violations(found) if found else ""
        with self.lock:
            self.verdicts[key] = (label, violations)
        return violations


@dataclass
class Walk:
    """What one user saw in one language: pages by URL name, downloads, and what failed."""

    language: str
    checks: PageChecks
    pages: dict[str, str] = field(default_factory=dict)  # URL name -> the path visited
    downloads: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def failures(self) -> list[str]:
        return self.checks.failures

    def summary(self, who: str) -> str:
        return (
            f"sweep {who} [{self.language}]: {len(self.pages)} pages, "
            f"{len(self.downloads)} downloads, {len(self.failures)} failures, {self.seconds:.1f} s"
        )


def url_name(path: str) -> str | None:
    """The URL name of PATH ("cases:detail"), or None when no route matches."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def is_download(path: str, has_download_attribute: bool) -> bool:
    return has_download_attribute or path.lower().endswith(DOWNLOAD_SUFFIXES)


class Crawler:
    """Walks from START as the user of PAGE, in LANGUAGE (the page's context chose it)."""

    def __init__(
        self,
        page: Page,
        base_url: str,
        language: str,
        *,
        axe: AxeVerdicts | None = None,
        max_pages: int = 150,
    ) -> None:
        self.page = page
        self.axe = axe or AxeVerdicts()
        self.origin = base_url.rstrip("/")
        self.max_pages = max_pages
        self.walk = Walk(language, PageChecks(language))
        self.seen: set[str] = set()  # URL names queued or visited; "?path" for unknown paths
        self.queue: deque[tuple[str, str]] = deque()  # (path, where it was linked from)

    def run(self, start: str) -> Walk:
        started = time.monotonic()
        self._enqueue(start, "the start", download=False)
        while self.queue and len(self.walk.pages) < self.max_pages:
            path, source = self.queue.popleft()
            self._visit(path, source)
        if self.queue:
            self.walk.failures.append(
                f"[{self.walk.language}] the walk stopped at {self.max_pages} pages with "
                f"{len(self.queue)} left: raise max_pages or dedupe better"
            )
        self.walk.seconds = time.monotonic() - started
        return self.walk

    def _enqueue(self, path: str, source: str, *, download: bool) -> None:
        name = url_name(urlsplit(path).path)
        key = name or f"?{urlsplit(path).path}"
        if key in self.seen or name in SKIPPED_VIEWS:
            return
        self.seen.add(key)
        if name is None:
            self.walk.failures.append(f"[{self.walk.language}] dead link {path} on {source}")
        elif download:
            self._download(path, name, source)
        else:
            self.queue.append((path, source))

    def _download(self, path: str, name: str, source: str) -> None:
        response = self.page.request.get(path, max_redirects=0)
        self.walk.downloads[name] = path
        if response.status != 200:
            self.walk.failures.append(
                f"[{self.walk.language}] download {path} (linked on {source}) "
                f"answered {response.status}"
            )

    def _visit(self, path: str, source: str) -> None:
        name = url_name(urlsplit(path).path) or path
        label = f"{name} {path} (linked on {source})"
        try:
            response = self.page.goto(path)
        except PlaywrightError as error:
            if "Download is starting" in str(error):  # not a page: check it as a download
                self._download(path, name, source)
                return
            self.walk.failures.append(f"[{self.walk.language}] {label}: {error}")
            return
        self.walk.pages[name] = path
        if response is None or "html" not in (response.headers.get("content-type") or ""):
            page_problems(self.page).clear()  # JSON and the like: the status is all there is
            self._check_status_only(label, response)
            return
        self._mark_final_page(path)
        self.walk.checks.check(label, self.page, response, accessibility=False)
        violations = self.axe.check(self.page, f"[{self.walk.language}] {label}")
        if violations:
            self.walk.failures.append(f"[{self.walk.language}] {label}: axe-core:\n{violations}")
        self._collect_links(path)

    def _check_status_only(self, label: str, response: object) -> None:
        status = getattr(response, "status", None)
        if status != 200:
            self.walk.failures.append(f"[{self.walk.language}] {label}: answered {status}")

    def _mark_final_page(self, path: str) -> None:
        """A redirect (to the step-up page, say) visits another URL name: count it as seen."""
        final = urlsplit(self.page.url)
        if final.path != urlsplit(path).path and (name := url_name(final.path)):
            self.seen.add(name)

    def _collect_links(self, source: str) -> None:
        for href, download in self.page.evaluate(LINKS_SCRIPT):
            parts = urlsplit(href)
            if f"{parts.scheme}://{parts.netloc}" != self.origin:
                continue  # external, mailto:, tel:, javascript:
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            self._enqueue(path, source, download=download)


def crawl(
    page: Page, base_url: str, start: str, language: str, *, axe: AxeVerdicts | None = None
) -> Walk:
    return Crawler(page, base_url, language, axe=axe).run(start)
