"""The conference record as a PDF: WeasyPrint renders templates/conferences/pdf.html offline (it
fetches nothing: every URL is refused), so the document holds only what the template prints."""

from typing import Any, NoReturn

from django.template.loader import render_to_string
from weasyprint import HTML  # type: ignore[import-untyped]

from forebyg.conferences import selectors
from forebyg.conferences.models import Conference
from forebyg.conferences.services import Export
from forebyg.core.exports import user_stamp


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"The conference PDF fetches nothing: {url}")


def render_conference(conference: Conference, export: Export) -> bytes:
    """The PDF bytes of the conference record, stamped with who exported it, when and why."""
    html = render_to_string(
        "conferences/pdf.html",
        {
            "conference": conference,
            "participants": selectors.participants(conference),
            "rows": selectors.agenda(conference),
            "export": export,
            "stamp": user_stamp(export.by, purpose=export.purpose, at=export.at),
        },
    )
    document: bytes = HTML(string=html, url_fetcher=_no_fetching).write_pdf()
    return document
