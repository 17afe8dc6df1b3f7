"""Pages of a version's roles matrix, initiatives and indicators, under /beredskab/versioner/.

Readers of the plan (its owners, the coordinators, analysts) see the pages; only the
municipality's plan owners change them (others who read get a 403, anyone else a 404), and only
while the version is in work: an adopted version answers with a notice that offers a new draft
version. Every form is a plain POST that works without JavaScript (PRG on success)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from forebyg.accounts.models import User
from forebyg.accounts.stepup import step_up_needed
from forebyg.actors.models import Organisation
from forebyg.cases.views.common import acting_user
from forebyg.plans import figures, permissions
from forebyg.plans.forms import content as forms
from forebyg.plans.models import Indicator, PlanInitiative, PlanTask, PlanVersion, RoleAssignment
from forebyg.plans.services import content as services

GET_OR_POST = ["GET", "HEAD", "POST"]


# -- Fetching and the shared context --------------------------------------------------------------


def page_context(user: User, version: PlanVersion) -> dict[str, Any]:
    """What every content page needs: the version, and whether this user may change it now."""
    can_edit = permissions.can_edit_plan(user, version.plan)
    editable = permissions.is_editable(version)
    return {
        "version": version,
        "plan": version.plan,
        "can_edit": can_edit,
        "editable": editable,
        "may_change": can_edit and editable,
    }


def locked(request: HttpRequest, version: PlanVersion) -> HttpResponse:
    """The answer to a change of an adopted version: a notice offering a new draft version."""
    context = page_context(acting_user(request), version)
    return render(request, "plans/initiatives_locked.html", context, status=409)


def change_fetch(user: User, model: Any, pk: int, version_path: str) -> Any:
    """An object of a version `user` may edit; 404 out of scope, 403 for readers."""
    scope = {f"{version_path}plan__in": permissions.visible_plans(user)}
    obj = get_object_or_404(
        model.objects.select_related(f"{version_path}plan__municipality"), pk=pk, **scope
    )
    version = _version_of(obj)
    if not permissions.can_edit_plan(user, version.plan):
        raise PermissionDenied
    return obj


def _version_of(obj: Any) -> PlanVersion:
    if isinstance(obj, Indicator):
        return obj.initiative.version
    return obj.version  # type: ignore[no-any-return]


# -- Roles matrix -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixRow:
    task: PlanTask
    cells: list[tuple[Organisation, str]]  # (actor, letter or "") per column


def matrix(version: PlanVersion) -> tuple[list[Organisation], list[MatrixRow]]:
    """The columns (actors with a role in the version) and the rows (tasks) of the matrix."""
    cells = RoleAssignment.objects.select_related("actor")
    tasks = list(version.tasks.prefetch_related(Prefetch("assignments", queryset=cells)))
    actors: dict[int, Organisation] = {}
    for task in tasks:
        for cell in task.assignments.all():
            actors[cell.actor_id] = cell.actor
    columns = sorted(actors.values(), key=lambda actor: actor.name_da)
    rows = []
    for task in tasks:
        letters = {cell.actor_id: cell.responsibility for cell in task.assignments.all()}
        rows.append(MatrixRow(task, [(actor, letters.get(actor.pk, "")) for actor in columns]))
    return columns, rows


MATRIX_ACTIONS = ("add_task", "rename_task", "remove_task", "add_actor", "remove_actor", "cells")


@login_required
@never_cache
@require_http_methods(GET_OR_POST)
def matrix_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    if request.method != "POST":
        version = permissions.get_version_for_view(user, pk)
        return _matrix_render(request, user, version)
    version = permissions.get_version_for_change(user, pk)
    if not permissions.is_editable(version):
        return locked(request, version)
    action = request.POST.get("action", "")
    if action not in MATRIX_ACTIONS:
        raise Http404
    if action.startswith("remove_") and (step_up := step_up_needed(request)) is not None:
        return step_up  # deletions need step-up
    return _MATRIX_HANDLERS[action](request, user, version)


def _matrix_render(
    request: HttpRequest, user: User, version: PlanVersion, status: int = 200, **bound: Any
) -> HttpResponse:
    columns, rows = matrix(version)
    context = page_context(user, version) | {
        "columns": columns,
        "rows": rows,
        "letters": forms.LETTER_CHOICES,
        "task_form": bound.get("task_form") or forms.TaskForm(prefix="task"),
        "actor_form": bound.get("actor_form") or forms.ActorForm(version=version),
        "error": bound.get("error", ""),
    }
    return render(request, "plans/matrix.html", context, status=status)


def _to_matrix(version: PlanVersion, anchor: str = "") -> HttpResponse:
    return redirect(reverse("plans:matrix", args=[version.pk]) + anchor)


def _task_of(request: HttpRequest, version: PlanVersion) -> PlanTask:
    task_id = request.POST.get("task", "")
    if not task_id.isdigit():
        raise Http404
    return get_object_or_404(PlanTask, pk=int(task_id), version=version)


def _add_task(request: HttpRequest, user: User, version: PlanVersion) -> HttpResponse:
    form = forms.TaskForm(request.POST, prefix="task")
    if form.is_valid():
        try:
            services.add_task(version, by=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The task is added."))
            return _to_matrix(version, "#tasks")
    return _matrix_render(request, user, version, status=400, task_form=form)


def _rename_task(request: HttpRequest, user: User, version: PlanVersion) -> HttpResponse:
    task = _task_of(request, version)
    try:
        services.rename_task(task, title=request.POST.get("title", ""), by=user)
    except ValidationError as error:
        return _matrix_render(request, user, version, status=400, error=" ".join(error.messages))
    messages.success(request, _("The task is renamed."))
    return _to_matrix(version, "#tasks")


def _remove_task(request: HttpRequest, user: User, version: PlanVersion) -> HttpResponse:
    services.remove_task(_task_of(request, version), by=user)
    messages.success(request, _("The task is removed."))
    return _to_matrix(version, "#tasks")


def _add_actor(request: HttpRequest, user: User, version: PlanVersion) -> HttpResponse:
    form = forms.ActorForm(request.POST, version=version)
    if form.is_valid():
        try:
            services.add_actor(version, by=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The actor is added to the matrix."))
            return _to_matrix(version)
    return _matrix_render(request, user, version, status=400, actor_form=form)


def _remove_actor(request: HttpRequest, user: User, version: PlanVersion) -> HttpResponse:
    actor_id = request.POST.get("actor", "")
    if not actor_id.isdigit():
        raise Http404
    actor = get_object_or_404(Organisation, pk=int(actor_id))
    services.remove_actor(version, actor=actor, by=user)
    messages.success(request, _("The actor's column is removed."))
    return _to_matrix(version)


def _cells(request: HttpRequest, user: User, version: PlanVersion) -> HttpResponse:
    cells: dict[tuple[int, int], str] = {}
    for name in request.POST:
        parts = name.split("-")
        if len(parts) == 3 and parts[0] == "cell" and parts[1].isdigit() and parts[2].isdigit():
            cells[(int(parts[1]), int(parts[2]))] = request.POST.get(name, "")
    try:
        changed = services.set_cells(version, cells=cells, by=user)
    except ValidationError as error:
        return _matrix_render(request, user, version, status=400, error=" ".join(error.messages))
    messages.success(request, _("The matrix is saved (%(n)d cells changed).") % {"n": changed})
    return _to_matrix(version)


_MATRIX_HANDLERS = {
    "add_task": _add_task,
    "rename_task": _rename_task,
    "remove_task": _remove_task,
    "add_actor": _add_actor,
    "remove_actor": _remove_actor,
    "cells": _cells,
}


# -- Initiatives ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    value: Decimal | None
    period: figures.Quarter | None


def initiatives_of(version: PlanVersion) -> QuerySet[PlanInitiative]:
    """The version's initiatives with everything the list shows, in a fixed number of queries."""
    return version.initiatives.select_related("level", "responsible").prefetch_related(
        "partners", "legal_bases", "indicators"
    )


def indicator_rows(
    initiative: PlanInitiative, version: PlanVersion, today: datetime.date, cache: dict[str, Any]
) -> list[IndicatorRow]:
    """The indicators with their values; a figure is computed once per page (`cache`)."""
    rows = []
    for indicator in initiative.indicators.all():
        value = indicator.measured
        if indicator.figure:
            if indicator.figure not in cache:
                municipality = version.plan.municipality
                cache[indicator.figure] = figures.value(
                    indicator.figure, municipality, today, version=version
                )
            value = cache[indicator.figure]
        rows.append(IndicatorRow(indicator, value, figures.period_of(indicator.figure, today)))
    return rows


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def initiative_list(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    version = permissions.get_version_for_view(user, pk)
    cache: dict[str, Any] = {}
    today = timezone.localdate()
    items = [(i, indicator_rows(i, version, today, cache)) for i in initiatives_of(version)]
    context = page_context(user, version) | {"items": items}
    return render(request, "plans/initiatives.html", context)


def _initiative_form_page(
    request: HttpRequest, user: User, version: PlanVersion, form: Any, initiative: Any = None
) -> HttpResponse:
    context = page_context(user, version) | {"form": form, "initiative": initiative}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "plans/initiative_form.html", context, status=status)


@login_required
@never_cache
@require_http_methods(GET_OR_POST)
def initiative_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    version = permissions.get_version_for_change(user, pk)
    if not permissions.is_editable(version):
        return locked(request, version)
    form = forms.InitiativeForm(request.POST or None, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_initiative(version, data=form.data_for_service(), by=user)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The initiative is added."))
            return redirect("plans:initiatives", version.pk)
    return _initiative_form_page(request, user, version, form)


@login_required
@never_cache
@require_http_methods(GET_OR_POST)
def initiative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    initiative = change_fetch(user, PlanInitiative, pk, "version__")
    version = initiative.version
    if not permissions.is_editable(version):
        return locked(request, version)
    if request.method == "POST" and request.POST.get("action") == "delete":
        if (step_up := step_up_needed(request)) is not None:  # deletions need step-up
            return step_up
        services.delete_initiative(initiative, by=user)
        messages.success(request, _("The initiative is removed."))
        return redirect("plans:initiatives", version.pk)
    initial = {
        **{f: getattr(initiative, f) for f in ("title", "level", "pillar", "target_group")},
        **{f: getattr(initiative, f) for f in ("responsible", "rationale", "start", "end")},
        "status": initiative.status,
        "partners": list(initiative.partners.all()),
        "legal_bases": list(initiative.legal_bases.all()),
    }
    form = forms.InitiativeForm(request.POST or None, version=version, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_initiative(initiative, data=form.data_for_service(), by=user)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The initiative is saved."))
            return redirect("plans:initiatives", version.pk)
    return _initiative_form_page(request, user, version, form, initiative)


# -- Indicators -----------------------------------------------------------------------------------


def _indicator_form_page(
    request: HttpRequest, user: User, initiative: PlanInitiative, form: Any, indicator: Any = None
) -> HttpResponse:
    context = page_context(user, initiative.version) | {
        "form": form,
        "initiative": initiative,
        "indicator": indicator,
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "plans/indicator_form.html", context, status=status)


@login_required
@never_cache
@require_http_methods(GET_OR_POST)
def indicator_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    initiative = change_fetch(user, PlanInitiative, pk, "version__")
    if not permissions.is_editable(initiative.version):
        return locked(request, initiative.version)
    form = forms.IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_indicator(initiative, data=form.data_for_service(), by=user)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The indicator is added."))
            return redirect(
                reverse("plans:initiatives", args=[initiative.version_id])
                + f"#initiative-{initiative.pk}"
            )
    return _indicator_form_page(request, user, initiative, form)


@login_required
@never_cache
@require_http_methods(GET_OR_POST)
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    indicator = change_fetch(user, Indicator, pk, "initiative__version__")
    initiative = indicator.initiative
    back = (
        reverse("plans:initiatives", args=[initiative.version_id]) + f"#initiative-{initiative.pk}"
    )
    if not permissions.is_editable(initiative.version):
        return locked(request, initiative.version)
    if request.method == "POST" and request.POST.get("action") == "delete":
        if (step_up := step_up_needed(request)) is not None:  # deletions need step-up
            return step_up
        services.delete_indicator(indicator, by=user)
        messages.success(request, _("The indicator is removed."))
        return redirect(back)
    initial = {f: getattr(indicator, f) for f in ("name", "unit", "target", "measured", "figure")}
    form = forms.IndicatorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_indicator(indicator, data=form.data_for_service(), by=user)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The indicator is saved."))
            return redirect(back)
    return _indicator_form_page(request, user, initiative, form, indicator)
