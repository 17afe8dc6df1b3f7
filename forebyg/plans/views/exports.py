"""Downloads of a plan version: DOCX and PDF for the plan's readers (audited), and the PDF of the
published version for everyone, without login."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from forebyg.accounts.stepup import requires_recent_authentication
from forebyg.cases.views.common import acting_user
from forebyg.core.ratelimit import rate_limited
from forebyg.plans import permissions
from forebyg.plans.exports import services
from forebyg.plans.exports.content import plan_document
from forebyg.plans.exports.docx import render_docx
from forebyg.plans.exports.pdf import render_pdf
from forebyg.plans.models import PlanVersion
from forebyg.plans.workflow import VersionStatus

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _file_name(version: PlanVersion, extension: str) -> str:
    code = version.plan.municipality.code or version.plan.municipality_id
    return f"beredskab-{code}-v{version.number}.{extension}"


def _download(data: bytes, content_type: str, name: str, *, inline: bool) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


@login_required
@requires_recent_authentication
@rate_limited("export")
@never_cache
@require_safe
def version_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    version = permissions.get_version_for_view(user, pk)
    data = render_pdf(plan_document(version, today=timezone.localdate()))
    services.record_export(version, by=user, file_format="pdf")
    return _download(data, "application/pdf", _file_name(version, "pdf"), inline=True)


@login_required
@requires_recent_authentication
@rate_limited("export")
@never_cache
@require_safe
def version_docx(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    version = permissions.get_version_for_view(user, pk)
    data = render_docx(plan_document(version, today=timezone.localdate()))
    services.record_export(version, by=user, file_format="docx")
    return _download(data, DOCX, _file_name(version, "docx"), inline=False)


@require_safe
def public_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The municipality's published version as a PDF; 404 while none is published."""
    version = (
        PlanVersion.objects.select_related("plan__municipality")
        .filter(plan__municipality__code=code, status=VersionStatus.PUBLISHED)
        .first()
    )
    if version is None:
        raise Http404
    data = render_pdf(plan_document(version, today=timezone.localdate()))
    return _download(data, "application/pdf", _file_name(version, "pdf"), inline=True)
