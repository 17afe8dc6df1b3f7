"""Pages of the plans and their versions, under /beredskab/: the list, a plan, a version (the
hub), a section's editor, the workflow steps and the comparison of two versions.

Every form is a plain POST that works without JavaScript: on success back to the version page
(PRG), on an error the page again with the input kept. Out of scope is a 404; someone who may
read a plan but not change it gets a 403."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from forebyg.accounts.models import User
from forebyg.actors.models import Organisation
from forebyg.cases.permissions import is_coordinator
from forebyg.cases.views.common import acting_user
from forebyg.plans import compare as comparing
from forebyg.plans import coverage, permissions, richtext, selectors, template, workflow
from forebyg.plans.forms.versions import AdoptForm, CompareForm, MoveForm, SectionForm
from forebyg.plans.models import PlanVersion, Section
from forebyg.plans.services import versions as services
from forebyg.plans.services.versions import PlanError

GET_OR_POST = ["GET", "HEAD", "POST"]


def _to(version: PlanVersion, anchor: str = "") -> HttpResponse:
    return redirect(reverse("plans:version", args=[version.pk]) + anchor)


def _error_messages(request: HttpRequest, error: PlanError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _reads_plans(user: User) -> bool:
    """Plan owners, coordinators and analysts have a plans page; others get a 404."""
    return bool(
        permissions.owned_municipality_ids(user)
        or permissions.is_analyst(user)
        or is_coordinator(user)
    )


@login_required
@never_cache
@require_http_methods(GET_OR_POST)
def home(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not _reads_plans(user):
        raise Http404
    if request.method == "POST":
        return _create_plan(request, user)
    rows = selectors.plan_rows(user, timezone.localdate())
    with_plan = {row.plan.municipality_id for row in rows}
    missing = Organisation.objects.filter(
        pk__in=permissions.owned_municipality_ids(user) - with_plan
    ).order_by("name_da")
    context = {"rows": rows, "missing": missing, "is_analyst": permissions.is_analyst(user)}
    return render(request, "plans/home.html", context)


def _create_plan(request: HttpRequest, user: User) -> HttpResponse:
    owned = permissions.owned_municipality_ids(user)
    municipality = get_object_or_404(
        Organisation, pk__in=owned, pk=request.POST.get("municipality") or 0
    )
    try:
        plan = services.create_plan(municipality=municipality, by=user)
    except PlanError as error:
        _error_messages(request, error)
        return redirect("plans:home")
    messages.success(request, _("The plan is created as a draft from CDE's template."))
    return _to(plan.versions.get())


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def plan_detail(request: HttpRequest, plan_pk: int) -> HttpResponse:
    user = acting_user(request)
    plan = permissions.get_plan_for_view(user, plan_pk)
    versions = list(selectors.versions_of(plan))
    in_force = next((v for v in versions if v.status in workflow.IN_FORCE), None)
    context = {
        "plan": plan,
        "versions": versions,
        "in_force": in_force,
        "in_work": next((v for v in versions if v.status in workflow.EDITABLE), None),
        "revision_state": selectors.revision_state(in_force, timezone.localdate()),
        "can_edit": permissions.can_edit_plan(user, plan),
    }
    return render(request, "plans/plan.html", context)


@login_required
@never_cache
@require_POST
def version_new(request: HttpRequest, plan_pk: int) -> HttpResponse:
    user = acting_user(request)
    plan = permissions.get_plan_for_change(user, plan_pk)
    try:
        version = services.start_new_version(plan, by=user)
    except PlanError as error:
        _error_messages(request, error)
        in_work = services.version_in_work(plan)
        return _to(in_work) if in_work else redirect("plans:plan", plan_pk=plan.pk)
    messages.success(request, _("A new draft version is started with all the content."))
    return _to(version)


def _hub_context(user: User, version: PlanVersion, **extra: Any) -> dict[str, Any]:
    today = timezone.localdate()
    plan = version.plan
    can_edit = permissions.can_edit_plan(user, plan)
    return {
        "plan": plan,
        "version": version,
        "sections": selectors.sections_of(version),
        "editable": can_edit and permissions.is_editable(version),
        "can_edit": can_edit,
        "in_work": services.version_in_work(plan),
        "revision_state": selectors.revision_state(version, today),
        "gaps": coverage.check(version, today=today),
        "counts": selectors.content_counts(version),
        "has_other_versions": plan.versions.exclude(pk=version.pk).exists(),
        "adopt_form": extra.get("adopt_form"),
        **extra,
    }


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    version = permissions.get_version_for_view(user, pk)
    return render(request, "plans/version.html", _hub_context(user, version))


def _section(version: PlanVersion, key: str) -> Section:
    return get_object_or_404(Section, version=version, key=key)


@login_required
@never_cache
@require_http_methods(GET_OR_POST)
def section_edit(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    user = acting_user(request)
    version = permissions.get_version_for_change(user, pk)
    section = _section(version, key)
    if request.method != "POST":
        form = SectionForm(
            initial={"body": richtext.to_editor(section.body), "revision": version.revision}
        )
        return _section_page(request, version, section, form)
    form = SectionForm(request.POST)
    if not form.is_valid():
        return _section_page(request, version, section, form)
    if not permissions.is_editable(version):
        return _save_in_new_draft(request, user, section, form)
    try:
        result = services.update_section(section, by=user, **form.cleaned_data)
    except PlanError as error:
        form.add_service_error(error)
        version.refresh_from_db()
        form.set_value("revision", version.revision)  # saving again overwrites, knowingly
        section.refresh_from_db()
        return _section_page(request, version, section, form, current=section.body)
    if result.removed:
        messages.warning(request, _removed_message(result.removed))
    messages.success(request, _("The section is saved."))
    return _to(version, f"#section-{section.key}")


def _removed_message(removed: list[str]) -> str:
    return _(
        "Some of the text was removed because it is not allowed in a plan: %(removed)s. "
        "The rest is saved."
    ) % {"removed": ", ".join(removed)}


def _section_page(
    request: HttpRequest, version: PlanVersion, section: Section, form: SectionForm, **extra: Any
) -> HttpResponse:
    context = {
        "version": version,
        "plan": version.plan,
        "section": section,
        "form": form,
        "guidance": template.GUIDANCE.get(section.key, ""),
        "editable": permissions.is_editable(version),
        "in_work": services.version_in_work(version.plan),
        **extra,
    }
    return render(request, "plans/section_form.html", context)


def _save_in_new_draft(
    request: HttpRequest, user: User, section: Section, form: SectionForm
) -> HttpResponse:
    """An adopted version cannot change: the text goes into a new draft instead, so nothing
    typed is lost. With a draft already in work, the form comes back with the text kept."""
    version = section.version
    if services.version_in_work(version.plan) is not None:
        form.add_error(
            None,
            _(
                "This version is adopted and cannot change. Your text is kept "
                "below: copy it into the version in work."
            ),
        )
        return _section_page(request, version, section, form)
    draft = services.start_new_version(version.plan, by=user)
    target = Section.objects.filter(version=draft, key=section.key).first()
    if target is None:
        target = Section.objects.create(
            version=draft,
            key=section.key,
            order=section.order,
            heading=section.heading,
            pillar=section.pillar,
        )
    result = services.update_section(
        target, body=form.cleaned_data["body"], revision=draft.revision, by=user
    )
    if result.removed:
        messages.warning(request, _removed_message(result.removed))
    messages.success(
        request,
        _(
            "Version %(old)d is adopted and cannot change, so your text is saved in the new draft "
            "version %(new)d."
        )
        % {"old": version.number, "new": draft.number},
    )
    return redirect("plans:section_edit", pk=draft.pk, key=target.key)


@login_required
@never_cache
@require_POST
def version_move(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    version = permissions.get_version_for_change(user, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose draft or consultation."))
        return _to(version)
    try:
        version = services.move_version(version, by=user, **form.cleaned_data)
    except PlanError as error:
        _error_messages(request, error)
    else:
        messages.success(
            request, _("The version is now: %(status)s.") % {"status": version.get_status_display()}
        )
    return _to(version)


@login_required
@never_cache
@require_http_methods(GET_OR_POST)
def version_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    version = permissions.get_version_for_change(user, pk)
    form = AdoptForm(request.POST or None, initial={"revision": version.revision})
    if request.method == "POST" and form.is_valid():
        try:
            version = services.adopt_version(version, by=user, **form.cleaned_data)
        except PlanError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The version is adopted. Publish it to make it public."))
            return _to(version)
    if not permissions.is_editable(version) and not form.errors:
        messages.info(request, _("This version is already adopted."))
        return _to(version)
    return render(
        request, "plans/adopt.html", {"version": version, "plan": version.plan, "form": form}
    )


@login_required
@never_cache
@require_POST
def version_publish(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    version = permissions.get_version_for_change(user, pk)
    try:
        version = services.publish_version(version, by=user)
    except PlanError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("The version is published on the plan's public page."))
    return _to(version)


def _compare_data(request: HttpRequest, numbers: list[int]) -> dict[str, str]:
    """The two numbers asked for; by default the newest version and the one before it (or
    before the version given as b)."""
    data = request.GET.dict()
    b = data.setdefault("b", str(numbers[-1]))
    earlier = [n for n in numbers if str(n) != b and (not b.isdigit() or n < int(b))]
    data.setdefault("a", str(earlier[-1] if earlier else numbers[0]))
    return data


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def compare(request: HttpRequest, plan_pk: int) -> HttpResponse:
    user = acting_user(request)
    plan = permissions.get_plan_for_view(user, plan_pk)
    versions = {v.number: v for v in selectors.versions_of(plan)}
    numbers = sorted(versions)
    form = CompareForm(_compare_data(request, numbers), versions=list(versions.values()))
    context: dict[str, Any] = {"plan": plan, "form": form, "diffs": None}
    if len(numbers) > 1 and form.is_valid():
        old, new = versions[form.cleaned_data["a"]], versions[form.cleaned_data["b"]]
        context.update(
            old=old,
            new=new,
            diffs=comparing.compare_versions(old, new),
            old_counts=selectors.content_counts(old),
            new_counts=selectors.content_counts(new),
        )
    return render(request, "plans/compare.html", context)
