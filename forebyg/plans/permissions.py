"""Who may read and change a municipality's beredskab (issue 5, DESIGN.md §2).

- A plan owner of the municipality edits its plan (every version still in work).
- The municipality's coordinators, and the police coordinators of its police district, read it.
- National analysts (CDE) read every plan.
- Everyone, without login, reads versions that were published (the public pages).
Out of scope is a 404; someone who may read but not change gets a 403."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from forebyg.accounts.models import Membership, Role, User
from forebyg.actors.models import OrganisationKind
from forebyg.cases.permissions import case_scope
from forebyg.plans import workflow
from forebyg.plans.models import ActionPlan, PlanVersion

UserLike = AbstractBaseUser | AnonymousUser


def _memberships(user: UserLike) -> list[Membership]:
    if not isinstance(user, User) or not user.is_authenticated or not user.is_active:
        return []
    return user.active_memberships()


def owned_municipality_ids(user: UserLike) -> frozenset[int]:
    """The municipalities whose plan `user` may edit, as a plan owner."""
    return frozenset(
        m.organisation_id
        for m in _memberships(user)
        if m.role == Role.PLAN_OWNER and m.organisation.kind == OrganisationKind.MUNICIPALITY
    )


def is_analyst(user: UserLike) -> bool:
    """National analysts read every plan and the national overview."""
    return any(m.role == Role.ANALYST for m in _memberships(user))


def plan_filter(user: UserLike, prefix: str = "") -> Q:
    """A Q for the plans `user` may read; `prefix` reaches them from another model ("plan__")."""
    if is_analyst(user):
        return Q()
    scope = case_scope(user)  # coordinators read their municipality's or district's plans
    municipalities = owned_municipality_ids(user) | scope.municipality_ids
    return Q(**{f"{prefix}municipality__in": municipalities}) | Q(
        **{f"{prefix}municipality__police_district__in": scope.police_district_ids}
    )


def visible_plans(user: UserLike) -> QuerySet[ActionPlan]:
    """The plans `user` may read (none for users without a plan role)."""
    if not _memberships(user):
        return ActionPlan.objects.none()
    return ActionPlan.objects.filter(plan_filter(user)).select_related("municipality")


def can_view_plan(user: UserLike, plan: ActionPlan) -> bool:
    """Plan owners, the municipality's and district's coordinators, and analysts read a plan."""
    return visible_plans(user).filter(pk=plan.pk).exists()


def can_edit_plan(user: UserLike, plan: ActionPlan) -> bool:
    """Only the municipality's own plan owners change its plan."""
    return plan.municipality_id in owned_municipality_ids(user)


def is_editable(version: PlanVersion) -> bool:
    """A version's content changes only while it is a draft or in consultation."""
    return version.status in workflow.EDITABLE


def get_plan_for_view(user: UserLike, pk: int) -> ActionPlan:
    """The plan if `user` may read it, else 404."""
    try:
        return visible_plans(user).get(pk=pk)
    except ActionPlan.DoesNotExist:
        raise Http404 from None


def get_plan_for_change(user: UserLike, pk: int) -> ActionPlan:
    """The plan if `user` may edit it; 404 out of scope, 403 for those who only read it."""
    plan = get_plan_for_view(user, pk)
    if not can_edit_plan(user, plan):
        raise PermissionDenied
    return plan


def get_version_for_view(user: UserLike, pk: int) -> PlanVersion:
    """The version if `user` may read its plan, else 404."""
    try:
        return PlanVersion.objects.select_related("plan__municipality").get(
            pk=pk, plan__in=visible_plans(user)
        )
    except PlanVersion.DoesNotExist:
        raise Http404 from None


def get_version_for_change(user: UserLike, pk: int) -> PlanVersion:
    """The version if `user` may edit its plan; 404 out of scope, 403 for readers. Whether the
    version is still editable is the caller's check (`is_editable`), answered with a message."""
    version = get_version_for_view(user, pk)
    if not can_edit_plan(user, version.plan):
        raise PermissionDenied
    return version


def get_public_version(municipality_code: str, number: int | None = None) -> PlanVersion:
    """A version that was ever published (public pages): the newest, or `number`; else 404."""
    versions = PlanVersion.objects.select_related("plan__municipality").filter(
        plan__municipality__code=municipality_code, published_at__isnull=False
    )
    version = (
        versions.filter(number=number).first()
        if number is not None
        else versions.order_by("-number").first()
    )
    if version is None:
        raise Http404
    return version
