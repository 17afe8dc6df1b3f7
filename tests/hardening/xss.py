"""The XSS corpus, how it is stored in every writable text field, and how a page is searched for
a payload that came out as markup instead of text."""

import html
import itertools
from html.parser import HTMLParser
from pathlib import Path

from django.apps import apps
from django.db import models

CORPUS = [
    line
    for line in (Path(__file__).parent / "xss_payloads.txt").read_text("utf-8").splitlines()
    if line
]
# What a template engine would make of "{{7777*7}}" or "${7777*7}" if it evaluated the text.
EVALUATED = "54439"

# Fields that hold no user text, or must keep their form for the page to work at all: keys and
# codes in URLs, hashes, identifiers, blind indexes, e-mail addresses and phone numbers (which
# the services validate), and the audit trail (hash-chained; its own tests cover it).
SKIPPED_FIELDS = {
    "key", "code", "slug", "seed_key", "rule_key", "natural_key", "dataset", "fingerprint",
    "reference", "reporter_reference", "idempotency_key", "pseudonym", "cpr", "cpr_index",
    "sha256", "content_type", "prefix", "key_hash", "hash", "previous_hash", "password",
    "username", "oidc_subject", "confidence", "failed_condition", "phone", "item_key",
}  # fmt: skip
SKIPPED_APPS = {"audit", "synthetic"}
# Stored only through its sanitiser (nh3), so it is written through the service instead.
SANITISED = {("plans", "Section", "body")}


def writable_text_fields() -> list[models.Field]:
    """Every free-text field of the project's models, as the tests fill them."""
    found: list[models.Field] = []
    for model in apps.get_models():
        meta = model._meta
        if not meta.app_config.name.startswith("forebyg.") or meta.app_label in SKIPPED_APPS:
            continue
        for field in meta.concrete_fields:
            if (
                isinstance(field, models.CharField | models.TextField)
                and not isinstance(field, models.EmailField | models.SlugField)
                and not field.choices
                and not field.unique
                and field.name not in SKIPPED_FIELDS
                and (meta.app_label, model.__name__, field.name) not in SANITISED
            ):
                found.append(field)
    return found


def fill_every_field() -> dict[str, str]:
    """Store a payload in every writable text field of every row (encrypted fields encrypt it
    on the way in); which payload went where, by "app.Model.field"."""
    stored = {}
    payloads = itertools.cycle(CORPUS)
    for field in writable_text_fields():
        payload = next(payloads)
        if field.max_length is not None and len(payload) > field.max_length:
            payload = next(p for p in CORPUS if len(p) <= field.max_length)
        field.model._default_manager.update(**{field.name: payload})
        stored[f"{field.model._meta.label}.{field.name}"] = payload
    return stored


class _MarkupFinder(HTMLParser):
    """Collects elements and attributes a payload would have created, had it not been escaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_code = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = (value or "").strip()
            compact = "".join(value.split()).lower()
            if name.startswith("on") and "alert(" in value:
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in {"href", "src", "action", "formaction", "data", "content"} and (
                compact.startswith("javascript:") or "url=javascript:" in compact
            ):
                self.found.append(f"<{tag} {name}={value!r}>")
        kind = dict(attrs).get("type") or ""
        self._in_code = tag == "script" and kind in {"", "text/javascript", "module"}

    def handle_endtag(self, tag: str) -> None:
        self._in_code = False

    def handle_data(self, data: str) -> None:
        if self._in_code and "alert(1)" in data:
            self.found.append(f"<script>{data[:80]}</script>")


def unescaped_payloads(body: str) -> list[str]:
    """What in an HTML page shows a payload that is markup rather than text."""
    problems = [f"raw payload {p!r}" for p in CORPUS if "<" in p and p in body]
    if EVALUATED in body:
        problems.append("a template expression was evaluated")
    finder = _MarkupFinder()
    finder.feed(body)
    return problems + finder.found


def shown_as_text(body: str) -> set[str]:
    """The payloads that appear in the page's text (escaped in the markup)."""
    text = html.unescape(body)
    return {p for p in CORPUS if p in text}
