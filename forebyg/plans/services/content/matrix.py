"""The roles matrix: tasks (rows) x actors from the registry (columns), each cell R/A/C/I."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.models import User
from forebyg.actors.models import Organisation
from forebyg.plans.models import PlanTask, PlanVersion, Responsibility, RoleAssignment
from forebyg.plans.services.content.common import (
    TITLE_MAX_LENGTH,
    ContentError,
    locked,
    record,
    text,
)


@transaction.atomic
def add_task(version: PlanVersion, *, title: str, by: User) -> PlanTask:
    """A new row at the bottom of the roles matrix."""
    version = locked(version, by)
    title = text("title", title, TITLE_MAX_LENGTH, required=_("Name the task."))
    # A double submit (or the same task twice) would only make an ambiguous matrix.
    if version.tasks.filter(title__iexact=title).exists():
        raise ContentError({"title": _("The matrix has this task already.")})
    last = version.tasks.aggregate(n=Max("order"))["n"]
    task = PlanTask.objects.create(version=version, title=title, order=(last or 0) + 1)
    record(by, "plan_task.created", task, version, after={"title": title})
    return task


@transaction.atomic
def rename_task(task: PlanTask, *, title: str, by: User) -> PlanTask:
    """Give a row of the matrix a new name."""
    version = locked(task.version, by)
    title = text("title", title, TITLE_MAX_LENGTH, required=_("Name the task."))
    if version.tasks.filter(title__iexact=title).exclude(pk=task.pk).exists():
        raise ContentError({"title": _("The matrix has this task already.")})
    before, task.title = task.title, title
    task.save(update_fields=["title"])
    record(by, "plan_task.renamed", task, version, before={"title": before}, after={"title": title})
    return task


@transaction.atomic
def remove_task(task: PlanTask, *, by: User) -> None:
    """Remove a row of the matrix with its cells."""
    version = locked(task.version, by)
    cells = {a.actor.key: a.responsibility for a in task.assignments.select_related("actor")}
    record(by, "plan_task.removed", task, version, before={"title": task.title, "cells": cells})
    task.delete()


def _check_letter(letter: str) -> str:
    if letter and letter not in Responsibility.values:
        raise ContentError({"responsibility": _("Choose R, A, C or I, or leave the cell empty.")})
    return letter


@transaction.atomic
def add_actor(
    version: PlanVersion, *, actor: Organisation, task: PlanTask, responsibility: str, by: User
) -> RoleAssignment:
    """A new column: an actor from the registry with its first role in one task."""
    version = locked(version, by)
    if task.version_id != version.pk:
        raise ContentError({"task": _("Choose a task of this version.")})
    if not _check_letter(responsibility):
        raise ContentError({"responsibility": _("Choose the actor's role in the task.")})
    if RoleAssignment.objects.filter(task__version=version, actor=actor).exists():
        raise ContentError({"actor": _("The actor has a column in the matrix already.")})
    cell = RoleAssignment.objects.create(task=task, actor=actor, responsibility=responsibility)
    record(
        by,
        "plan_actor.added",
        version,
        version,
        after={"actor": actor.key, "task": task.title, "responsibility": responsibility},
    )
    return cell


@transaction.atomic
def remove_actor(version: PlanVersion, *, actor: Organisation, by: User) -> int:
    """Remove an actor's column: all its cells in the version. Returns how many were removed."""
    version = locked(version, by)
    cells = RoleAssignment.objects.filter(task__version=version, actor=actor)
    before = {c.task.title: c.responsibility for c in cells.select_related("task")}
    removed, _by_model = cells.delete()
    record(by, "plan_actor.removed", version, version, before={"actor": actor.key, **before})
    return removed


@transaction.atomic
def set_cells(version: PlanVersion, *, cells: dict[tuple[int, int], str], by: User) -> int:
    """Set cells of the matrix, (task id, actor id) -> R/A/C/I or "" to empty it. Returns how
    many cells changed. Cells of tasks outside the version are refused."""
    version = locked(version, by)
    task_ids = set(version.tasks.values_list("id", flat=True))
    if any(task_id not in task_ids for task_id, _actor in cells):
        raise ContentError(_("The matrix changed meanwhile. Reload the page and try again."))
    existing = {
        (a.task_id, a.actor_id): a
        for a in RoleAssignment.objects.filter(task__version=version, task_id__in=task_ids)
    }
    changes: dict[str, str] = {}
    for (task_id, actor_id), letter in sorted(cells.items()):
        current = existing.get((task_id, actor_id))
        if _apply_cell(current, task_id, actor_id, _check_letter(letter)):
            changes[f"{task_id}:{actor_id}"] = letter
    if changes:
        record(by, "plan_matrix.updated", version, version, after=changes)
    return len(changes)


def _apply_cell(current: RoleAssignment | None, task_id: int, actor_id: int, letter: str) -> bool:
    if current is None:
        if letter:
            RoleAssignment.objects.create(task_id=task_id, actor_id=actor_id, responsibility=letter)
        return bool(letter)
    if not letter:
        current.delete()
        return True
    if current.responsibility == letter:
        return False
    current.responsibility = letter
    current.save(update_fields=["responsibility"])
    return True
