"""A version as a PDF to publish (WeasyPrint): the same content as the DOCX, with a table of
contents (page numbers by CSS target-counter), "page X of Y" in the footer and the municipality's
name in the header. Rendered offline: every URL is refused, so nothing is fetched, and only
system fonts are used (fast, and the same on every machine)."""

from typing import Any, NoReturn

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from weasyprint import HTML  # type: ignore[import-untyped]

from forebyg.core.exports import Stamp
from forebyg.plans.exports.content import PlanDocument


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"The plan PDF fetches nothing: {url}")


def css_string(text: str) -> str:
    """`text` as a quoted CSS string (for @page content)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    escaped = escaped.replace("<", "\\3c ")  # the value sits in a <style> block
    return f'"{escaped}"'


def page_counter_css() -> str:
    """The footer's "page X of Y" as CSS content, in the active language."""
    text = _("Page {page} of {pages}")
    parts: list[str] = []
    for piece in text.replace("{pages}", "\0pages\0").replace("{page}", "\0page\0").split("\0"):
        if piece in ("page", "pages"):
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts)


def render_pdf(plan: PlanDocument, stamp: Stamp) -> bytes:
    """The PDF bytes of the plan document, its title page stamped with who took it, when, why."""
    html = render_to_string(
        "plans/pdf.html",
        {
            "plan": plan,
            "version": plan.version,
            "page_counter": page_counter_css(),
            "header": css_string(plan.municipality.name),
            "stamp": stamp,
        },
    )
    document: bytes = HTML(string=html, url_fetcher=_no_fetching).write_pdf()
    return document
