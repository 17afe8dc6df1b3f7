# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Break-glass (nødadgang): a coordinator opens one out-of-scope case by its reference, with a
written reason, to read it for a limited time (docs/decisions/0009-break-glass.md).

The grant reads only: cases.permissions lets the fetchers find the case while the grant runs,
but never lets it be changed. Every read under it is logged with the purpose "break-glass: <id>"
(services.record_case_view). An unknown reference and one the user may not see look the same
until a grant is made; the only thing that tells them apart is a grant, which is logged and
told to the data protection officers, so guessing costs the guesser their anonymity."""

import datetime
import logging
from typing import Any, NoReturn

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.models import Membership, Role, User
from forebyg.actors.models import Organisation
from forebyg.audit import services as audit
from forebyg.cases import permissions, references
from forebyg.cases.models import BreakGlassGrant, BreakGlassNotice, Case
from forebyg.cases.models.breakglass import REASON_MAX_LENGTH, REASON_MIN_LENGTH
from forebyg.cases.services.common import Errors

REFERENCE_MAX_LENGTH = 20
DEFAULT_MINUTES = 60
PURPOSE = "break-glass"

logger = logging.getLogger(__name__)


def grant_minutes() -> int:
    """How long a grant lasts (FOREBYG_BREAK_GLASS_MINUTES, default 60)."""
    return int(getattr(settings, "FOREBYG_BREAK_GLASS_MINUTES", DEFAULT_MINUTES))


# -- Services ----------------------------------------------------------------------------------


def grant_access(*, by: User, reference: str, reason: str) -> BreakGlassGrant:
    """Open one out-of-scope case to `by` for reading, for a limited time; logged, DPOs told.

    ValidationError for bad input, and one message for "no such case" and "a case you may not
    see"; a running grant of the same case is returned again (a double submit grants once)."""
    if not permissions.is_coordinator(by):
        raise PermissionDenied(_("Only coordinators may use emergency access."))
    reference, reason = _clean(reference=reference, reason=reason)
    case = Case.objects.filter(reference=reference).select_related("municipality").first()
    if case is None:
        _refuse(by, reference)
    if permissions.can_change_case(by, case):
        in_scope = _("This case is in your own scope: open it from your case list.")
        raise ValidationError({"reference": ValidationError(in_scope, code="in_scope")})
    return _grant(by, case, reason)


def _clean(*, reference: str, reason: str) -> tuple[str, str]:
    errors = Errors()
    reference = references.normalise(
        errors.text("reference", reference, max_length=REFERENCE_MAX_LENGTH)
    )
    reason = errors.text("reason", reason, max_length=REASON_MAX_LENGTH)
    if reason and len(reason) < REASON_MIN_LENGTH:
        errors.add(
            "reason",
            ValidationError(
                _("Explain the emergency in at least %(limit)d characters."),
                code="min_length",
                params={"limit": REASON_MIN_LENGTH},
            ),
        )
    errors.raise_if_any()
    return reference, reason


def _refuse(by: User, reference: str) -> NoReturn:
    """Log the miss (DPOs can spot someone guessing), then refuse like an out-of-scope case."""
    with transaction.atomic():
        audit.record(by, "break_glass.refused", None, purpose=PURPOSE, after={"typed": reference})
    raise ValidationError({"reference": ValidationError(NO_CASE, code="no_case")})


# One message for "no case has this reference" and "no grant for you": see the module docstring.
NO_CASE = _("No case can be opened with this reference. Check it and try again.")


@transaction.atomic
def _grant(by: User, case: Case, reason: str) -> BreakGlassGrant:
    # Lock the user's row so two submits at once cannot both create a grant.
    User.objects.select_for_update().filter(pk=by.pk).first()
    running = BreakGlassGrant.objects.active().filter(user=by, case=case).first()
    if running is not None:
        return running
    now = timezone.now()
    grant = BreakGlassGrant.objects.create(
        user=by,
        case=case,
        organisation=_acting_organisation(by, case),
        reason=reason,
        granted_at=now,
        expires_at=now + datetime.timedelta(minutes=grant_minutes()),
    )
    audit.record(
        by,
        "break_glass.granted",
        grant,
        organisation=grant.organisation,
        purpose=grant.purpose,
        after={"case": case.reference, "expires_at": grant.expires_at.isoformat()},
    )
    _notify(grant)
    return grant


def _acting_organisation(user: User, case: Case) -> Organisation:
    """The user's coordinator organisation nearest the case (its police district first)."""
    memberships = [m for m in user.active_memberships() if m.role in permissions.COORDINATOR_ROLES]
    for membership in memberships:
        if membership.organisation_id in (case.police_district_id, case.municipality_id):
            return membership.organisation
    return memberships[0].organisation


def _notify(grant: BreakGlassGrant) -> None:
    """A notice for every DPO of the user's organisation and of the case's municipality (the
    controller of the case); an e-mail after commit to those with an address."""
    organisation_ids = {grant.organisation_id, grant.case.municipality_id}
    dpos = list(
        User.objects.filter(
            is_active=True,
            memberships__role=Role.DATA_PROTECTION_OFFICER,
            memberships__organisation_id__in=organisation_ids,
        ).distinct()
    )
    BreakGlassNotice.objects.bulk_create(
        [BreakGlassNotice(grant=grant, recipient=dpo, created_at=grant.granted_at) for dpo in dpos]
    )
    addresses = sorted({dpo.email for dpo in dpos if dpo.email})
    if addresses:
        transaction.on_commit(lambda: _send_mail(grant, addresses))


def _send_mail(grant: BreakGlassGrant, addresses: list[str]) -> None:
    """The e-mail names no person and no reason: it points to the DPO's page in Forebyg."""
    with translation.override(settings.LANGUAGE_CODE):
        local = timezone.localtime(grant.granted_at)
        subject = gettext("Forebyg: emergency access to case %(reference)s") % {
            "reference": grant.case.reference
        }
        body = gettext(
            "%(user)s (%(organisation)s) used emergency access to case %(reference)s at "
            "%(time)s. Read the reason on the page “Emergency access” in Forebyg."
        ) % {
            "user": grant.user.get_username(),
            "organisation": grant.organisation.name,
            "reference": grant.case.reference,
            "time": local.strftime("%d-%m-%Y %H:%M"),
        }
    try:
        send_mail(subject, body, None, addresses)
    except Exception:  # the in-app notice is already saved; a mail failure must not hide it
        logger.exception("break-glass notice e-mail failed for grant %s", grant.pk)


@transaction.atomic
def end_access(grant: BreakGlassGrant, *, by: User) -> BreakGlassGrant:
    """End one's own grant early; a grant that has already run out is left as it is."""
    if grant.user_id != by.pk:
        raise PermissionDenied(_("You may end only your own emergency access."))
    locked = BreakGlassGrant.objects.select_for_update().get(pk=grant.pk)
    if not locked.is_active():
        return locked
    locked.ended_at = timezone.now()
    locked.save(update_fields=["ended_at"])
    audit.record(
        by,
        "break_glass.ended",
        locked,
        organisation=locked.organisation,
        purpose=locked.purpose,
        after={"case": locked.case.reference, "ended_at": locked.ended_at.isoformat()},
    )
    return locked


@transaction.atomic
def review_notices(by: User) -> list[BreakGlassNotice]:
    """A DPO's notices, newest first; opening the list marks them seen and is logged (the
    reasons may name people)."""
    if not dpo_organisation_ids(by):
        raise PermissionDenied(_("Only data protection officers see emergency access notices."))
    notices = list(
        BreakGlassNotice.objects.filter(recipient=by).select_related(
            "grant__user", "grant__organisation", "grant__case__municipality"
        )
    )
    unseen = [notice.pk for notice in notices if notice.seen_at is None]
    if unseen:
        BreakGlassNotice.objects.filter(pk__in=unseen).update(seen_at=timezone.now())
    audit.record(
        by,
        "break_glass.reviewed",
        None,
        purpose="supervision",
        after={"grants": [notice.grant_id for notice in notices]},
    )
    return notices


# -- Selectors and the banner ------------------------------------------------------------------


def dpo_organisation_ids(user: Any) -> set[int]:
    """The organisations `user` is the data protection officer of."""
    if not isinstance(user, User) or not user.is_authenticated or not user.is_active:
        return set()
    return {
        m.organisation_id
        for m in user.active_memberships()
        if m.role == Role.DATA_PROTECTION_OFFICER
    }


def active_grants(user: Any) -> QuerySet[BreakGlassGrant]:
    """The user's running grants, soonest to expire first (none once the role is gone)."""
    if not permissions.is_coordinator(user):
        return BreakGlassGrant.objects.none()
    return (
        BreakGlassGrant.objects.active()
        .filter(user=user)
        .select_related("case")
        .order_by("expires_at", "pk")
    )


def get_own_grant(user: User, pk: int) -> BreakGlassGrant | None:
    """One of the user's own grants (running or not); None for anyone else's."""
    return BreakGlassGrant.objects.filter(user=user, pk=pk).select_related("case").first()


def _is_coordinator_member(user: Any) -> bool:
    # Cheap: memberships are cached per request, so non-coordinators cost no query at all.
    memberships: list[Membership] = user.active_memberships()
    return any(m.role in permissions.COORDINATOR_ROLES for m in memberships)


def banner(request: HttpRequest) -> dict[str, Any]:
    """Context processor: the user's running grants for the banner on every page (queried only
    when a page shows it, and only for coordinators)."""
    user = getattr(request, "user", None)

    def grants() -> list[BreakGlassGrant]:
        if not isinstance(user, User) or not user.is_authenticated:
            return []
        if not _is_coordinator_member(user):
            return []
        return list(active_grants(user))

    return {"break_glass_grants": SimpleLazyObject(grants)}
