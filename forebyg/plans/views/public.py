"""The public pages of the plans, without login: the municipalities with a published plan, a
municipality's plan in force, and any version that was ever published at its own address (a
superseded one is marked as such, with a link to the current one)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from forebyg.plans import permissions, selectors
from forebyg.plans.models import PlanVersion
from forebyg.plans.workflow import VersionStatus

READ_ONLY = ["GET", "HEAD"]


@require_http_methods(READ_ONLY)
def public_index(request: HttpRequest) -> HttpResponse:
    municipalities = selectors.published_municipalities()
    return render(request, "plans/public_index.html", {"municipalities": municipalities})


@require_http_methods(READ_ONLY)
def public_plan(request: HttpRequest, code: str) -> HttpResponse:
    version = permissions.get_public_version(code)
    return _page(request, version)


@require_http_methods(READ_ONLY)
def public_version(request: HttpRequest, code: str, number: int) -> HttpResponse:
    version = permissions.get_public_version(code, number)
    return _page(request, version)


def _page(request: HttpRequest, version: PlanVersion) -> HttpResponse:
    plan = version.plan
    current = selectors.current_public_version(plan)
    context: dict[str, Any] = {
        "plan": plan,
        "version": version,
        "municipality": plan.municipality,
        "sections": selectors.sections_of(version),
        "current": current if current and current.pk != version.pk else None,
        "is_superseded": version.status == VersionStatus.SUPERSEDED,
        "revision_state": selectors.revision_state(version, timezone.localdate()),
        "other_versions": selectors.public_versions(plan).exclude(pk=version.pk),
    }
    return render(request, "plans/public.html", context)
