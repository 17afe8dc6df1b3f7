# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Revealing a person's full CPR number: shown masked (DDMMYY-xxxx) everywhere until a
coordinator asks for it with a purpose, and every reveal is audited (issue 8)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.models import Role, User
from forebyg.audit import services as audit
from forebyg.cases import selectors
from forebyg.cases.models import Person
from forebyg.cases.services.common import clean_purpose

COORDINATOR_ROLES = (Role.MUNICIPAL_COORDINATOR, Role.POLICE_COORDINATOR)


def may_reveal_cpr(user: User, person: Person) -> bool:
    """Coordinators may reveal a CPR number the person has (reveal_cpr also checks the scope)."""
    # Roles come from the memberships cached for the request: no query on every case page.
    return bool(person.cpr) and user.has_role(*COORDINATOR_ROLES)


@transaction.atomic
def reveal_cpr(person: Person, *, by: User, purpose: str) -> str:
    """The full CPR number (DDMMYY-XXXX), audited as `person.cpr_revealed` with its purpose."""
    if (
        not may_reveal_cpr(by, person)
        or not selectors.visible_persons(by).filter(pk=person.pk).exists()
    ):
        raise PermissionDenied(_("You may not see this person's CPR number."))
    audit.record(
        by,
        "person.cpr_revealed",
        person,
        organisation=person.municipality,
        purpose=clean_purpose(purpose),
    )
    digits = person.cpr
    return f"{digits[:6]}-{digits[6:]}" if len(digits) == 10 else digits
