# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Setting and clearing an organisation's own retention periods."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.models import User
from forebyg.actors.models import Organisation
from forebyg.audit import services as audit
from forebyg.legal.models import LegalBasis
from forebyg.retention import periods, permissions
from forebyg.retention.models import RetentionPeriod

PURPOSE = "retention"


def _check(by: User, organisation: Organisation, outcome: str) -> None:
    if not permissions.can_manage_retention(by, organisation):
        raise PermissionDenied(_("Only the organisation's data protection officer sets periods."))
    if outcome not in periods.Outcome.values:
        raise ValidationError({"outcome": _("Choose how the case ended.")}, code="outcome")


def _describe(outcome: str, basis: LegalBasis | None, months: int | None) -> dict[str, object]:
    return {"outcome": outcome, "legal_basis": basis.key if basis else None, "months": months}


@transaction.atomic
def set_period(
    organisation: Organisation,
    *,
    by: User,
    outcome: str,
    legal_basis: LegalBasis | None,
    months: int,
) -> RetentionPeriod:
    """Set the organisation's period (0 to MAX_MONTHS months) for an outcome, or for an outcome
    and one legal basis; it replaces the default or the earlier setting."""
    _check(by, organisation, outcome)
    if not isinstance(months, int) or not 0 <= months <= periods.MAX_MONTHS:
        raise ValidationError(
            {"months": _("Give a whole number of months from 0 to %(max)d.")},
            code="months",
            params={"max": periods.MAX_MONTHS},
        )
    period = (
        RetentionPeriod.objects.select_for_update()
        .order_by()
        .filter(organisation=organisation, outcome=outcome, legal_basis=legal_basis)
        .first()
    )
    before = _describe(outcome, legal_basis, period.months if period else None)
    if period is None:
        period = RetentionPeriod(
            organisation=organisation, outcome=outcome, legal_basis=legal_basis
        )
    period.months, period.changed_by = months, by
    period.save()
    audit.record(
        by,
        "retention.period_set",
        period,
        organisation=organisation,
        purpose=PURPOSE,
        before=before,
        after=_describe(outcome, legal_basis, months),
    )
    return period


@transaction.atomic
def clear_period(
    organisation: Organisation, *, by: User, outcome: str, legal_basis: LegalBasis | None
) -> bool:
    """Remove the organisation's own period, so the default (or the outcome's period) applies
    again. False when there was none to remove."""
    _check(by, organisation, outcome)
    period = (
        RetentionPeriod.objects.select_for_update()
        .order_by()
        .filter(organisation=organisation, outcome=outcome, legal_basis=legal_basis)
        .first()
    )
    if period is None:
        return False
    before = _describe(outcome, legal_basis, period.months)
    audit.record(
        by,
        "retention.period_cleared",
        period,
        organisation=organisation,
        purpose=PURPOSE,
        before=before,
        after=_describe(outcome, legal_basis, None),
    )
    period.delete()
    return True
