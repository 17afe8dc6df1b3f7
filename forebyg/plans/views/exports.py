"""Downloads of a plan version: DOCX and PDF for the plan's readers (audited), and the PDF of the
published version for everyone, without login."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from forebyg.accounts.models import User
from forebyg.accounts.stepup import requires_recent_authentication
from forebyg.cases.views.common import acting_user
from forebyg.core.exports import Stamp, request_stamp, user_stamp
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


def version_details(version: PlanVersion) -> tuple[tuple[str, str], ...]:
    """What the stamp says about the version taken: its number and status."""
    status = str(version.get_status_display())
    return ((_("Version"), f"{version.number} ({status})"),)


def _stamp(user: User, version: PlanVersion) -> Stamp:
    return user_stamp(
        user,
        purpose=services.export_purpose(),
        details=version_details(version),
    )


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
    data = render_pdf(plan_document(version, today=timezone.localdate()), _stamp(user, version))
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
    data = render_docx(plan_document(version, today=timezone.localdate()), _stamp(user, version))
    services.record_export(version, by=user, file_format="docx")
    return _download(data, DOCX, _file_name(version, "docx"), inline=False)


@require_safe
def public_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The municipality's published version as a PDF; 404 while none is published. A visitor's
    copy says where and when it was downloaded; a signed-in user's is stamped and audited."""
    version = (
        PlanVersion.objects.select_related("plan__municipality")
        .filter(plan__municipality__code=code, status=VersionStatus.PUBLISHED)
        .first()
    )
    if version is None:
        raise Http404
    published = ((_("Published version"), str(version.number)),)
    stamp = request_stamp(
        request,
        purpose=services.export_purpose(),
        details=published,
    )
    data = render_pdf(plan_document(version, today=timezone.localdate()), stamp)
    if request.user.is_authenticated:
        services.record_export(version, by=acting_user(request), file_format="pdf", public=True)
    return _download(data, "application/pdf", _file_name(version, "pdf"), inline=True)
