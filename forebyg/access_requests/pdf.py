"""The access report as a PDF: WeasyPrint renders templates/access_requests/pdf.html offline (it
fetches nothing: every URL is refused), stamped with who generated it, when and why."""

from typing import Any, NoReturn

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from weasyprint import HTML  # type: ignore[import-untyped]

from forebyg.access_requests.items import day
from forebyg.access_requests.services import Generated
from forebyg.accounts.models import User
from forebyg.core.exports import user_stamp


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"The access report PDF fetches nothing: {url}")


def render_report(generated: Generated, *, by: User) -> bytes:
    """The PDF bytes of the report in its version."""
    request = generated.report.request
    stamp = user_stamp(
        by,
        purpose=_("Answering an access request (GDPR art. 15) received %(date)s")
        % {"date": day(request.received_on)},
        organisation=request.organisation,
        at=generated.at,
        details=[(_("Access request"), str(request.pk))],
    )
    html = render_to_string(
        "access_requests/pdf.html", {"report": generated.report, "stamp": stamp}
    )
    document: bytes = HTML(string=html, url_fetcher=_no_fetching).write_pdf()
    return document
