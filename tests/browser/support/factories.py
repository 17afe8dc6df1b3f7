"""The types of the `new_context` and `new_page` fixtures, for annotating tests."""

from typing import Any, Protocol

from playwright.sync_api import BrowserContext, Page


class ContextFactory(Protocol):
    def __call__(self, *, language: str = "da", **options: Any) -> BrowserContext: ...


class PageFactory(Protocol):
    def __call__(self, *, language: str = "da", **options: Any) -> Page: ...
