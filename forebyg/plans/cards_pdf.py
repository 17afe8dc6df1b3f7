"""An action card as a one-page A4 PDF: WeasyPrint renders templates/plans/card_pdf.html offline
(it fetches nothing: every URL is refused), so the document holds only what the template prints."""

from typing import Any, NoReturn

from django.template.loader import render_to_string
from weasyprint import HTML  # type: ignore[import-untyped]

from forebyg.core.exports import Stamp
from forebyg.plans.models import ActionCard


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"The action card PDF fetches nothing: {url}")


def render_card(
    card: ActionCard, *, sign_groups: list[Any], contacts: list[Any], stamp: Stamp
) -> bytes:
    """The PDF bytes of the card, with its signs grouped, its contacts in order and, in the
    footer, the stamp of who took it and when."""
    context = {"card": card, "sign_groups": sign_groups, "contacts": contacts, "stamp": stamp}
    html = render_to_string("plans/card_pdf.html", context)
    document: bytes = HTML(string=html, url_fetcher=_no_fetching).write_pdf()
    return document
