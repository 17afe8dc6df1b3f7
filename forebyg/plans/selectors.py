"""Reads of plans and versions: the revision state, the version in force, the lists of the
plans pages and the public pages. Scoping to a user is permissions.visible_plans' job."""

import calendar
import datetime
from dataclasses import dataclass
from typing import Literal

from django.db.models import Count, Prefetch, QuerySet

from forebyg.actors.models import Organisation
from forebyg.plans import permissions, workflow
from forebyg.plans.models import (
    REVISION_WARNING_MONTHS,
    ActionPlan,
    PlanVersion,
    Section,
)
from forebyg.plans.permissions import UserLike
from forebyg.plans.workflow import VersionStatus

RevisionState = Literal["none", "ok", "due_soon", "overdue"]


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier, clamped to the month's last day."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last_day))


def revision_state(version: PlanVersion | None, today: datetime.date) -> RevisionState:
    """ "none" before adoption or once superseded; then "ok", "due_soon" (6 months before the
    revision date) or "overdue" (after it)."""
    if version is None or version.status not in workflow.IN_FORCE:
        return "none"
    due = version.revision_due
    if due is None:
        return "none"
    if today > due:
        return "overdue"
    if today >= months_before(due, REVISION_WARNING_MONTHS):
        return "due_soon"
    return "ok"


def version_in_force(plan: ActionPlan) -> PlanVersion | None:
    """The adopted or published version of the plan (at most one)."""
    return plan.versions.filter(status__in=workflow.IN_FORCE).first()


def newest_version(plan: ActionPlan) -> PlanVersion | None:
    """The version with the highest number."""
    return plan.versions.order_by("-number").first()


def versions_of(plan: ActionPlan) -> QuerySet[PlanVersion]:
    """Every version of the plan, newest first, with who created it."""
    return plan.versions.select_related("created_by").order_by("-number")


@dataclass(frozen=True)
class PlanRow:
    plan: ActionPlan
    newest: PlanVersion | None
    in_force: PlanVersion | None
    revision: RevisionState


def plan_rows(user: UserLike, today: datetime.date) -> list[PlanRow]:
    """The plans `user` may read, by municipality, with their newest version and the one in
    force (two queries, whatever the number of plans)."""
    plans = (
        permissions.visible_plans(user)
        .prefetch_related(Prefetch("versions", queryset=PlanVersion.objects.order_by("-number")))
        .order_by("municipality__name_da")
    )
    rows = []
    for plan in plans:
        versions = list(plan.versions.all())
        in_force = next((v for v in versions if v.status in workflow.IN_FORCE), None)
        rows.append(
            PlanRow(
                plan, versions[0] if versions else None, in_force, revision_state(in_force, today)
            )
        )
    return rows


def sections_of(version: PlanVersion) -> QuerySet[Section]:
    """The version's sections in the template's order."""
    return version.sections.order_by("order", "id")


def content_counts(version: PlanVersion) -> dict[str, int]:
    """How many initiatives and action cards the version holds."""
    counts = PlanVersion.objects.filter(pk=version.pk).aggregate(
        initiatives=Count("initiatives", distinct=True),
        cards=Count("action_cards", distinct=True),
    )
    return {"initiatives": counts["initiatives"], "cards": counts["cards"]}


def published_municipalities() -> QuerySet[Organisation]:
    """Municipalities with a version that was ever published, by name."""
    return (
        Organisation.objects.filter(action_plan__versions__published_at__isnull=False)
        .distinct()
        .order_by("name_da")
    )


def public_versions(plan: ActionPlan) -> QuerySet[PlanVersion]:
    """The plan's versions that were ever published, newest first."""
    return plan.versions.filter(published_at__isnull=False).order_by("-number")


def current_public_version(plan: ActionPlan) -> PlanVersion | None:
    """The newest published version the public reads today (not superseded), if any."""
    return plan.versions.filter(status=VersionStatus.PUBLISHED).first()
