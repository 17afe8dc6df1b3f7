"""Who may propose disclosures, record consents, and read the exchange ledger.

* A disclosure is proposed on behalf of an organisation by someone who works there: a member of
  it, of the municipality a unit belongs to, or of the infohus of a police district (and the
  reverse: a police-district member for its infohus), in a role that discloses in the work.
* Consents are recorded and withdrawn by the coordinators whose scope holds the person's
  municipality (cases.permissions.case_scope).
* A case's ledger is read by the coordinators who see the case; the ledger of an organisation is
  searched and exported by its data protection officer (DPO)."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from forebyg.accounts.models import Membership, Role, User
from forebyg.actors.models import MUNICIPAL_UNIT_KINDS, Organisation, OrganisationKind
from forebyg.cases import permissions as case_permissions
from forebyg.cases.models import Case, Person

UserLike = AbstractBaseUser | AnonymousUser

# The roles whose work includes disclosing to another organisation (not analysts, plan owners,
# DPOs or administrators, who never handle case content).
DISCLOSING_ROLES = frozenset(
    {
        Role.PROFESSIONAL,
        Role.MUNICIPAL_COORDINATOR,
        Role.POLICE_COORDINATOR,
        Role.PARTNER,
        Role.HOTLINE_OPERATOR,
    }
)


def _memberships(user: UserLike) -> list[Membership]:
    if not isinstance(user, User) or not user.is_authenticated or not user.is_active:
        return []
    return user.active_memberships()


def _speaks_for(member_of: Organisation, organisation: Organisation) -> bool:
    """A member of `member_of` acts for `organisation`: the same, its municipality or district."""
    if member_of.pk == organisation.pk:
        return True
    part_of_it = organisation.kind in (*MUNICIPAL_UNIT_KINDS, OrganisationKind.INFOHOUSE)
    if part_of_it and organisation.parent_id == member_of.pk:
        return True
    return member_of.kind == OrganisationKind.INFOHOUSE and member_of.parent_id == organisation.pk


def can_disclose_for(user: UserLike, organisation: Organisation) -> bool:
    """Someone working for the organisation (or its municipality / police district) discloses."""
    return any(
        membership.role in DISCLOSING_ROLES and _speaks_for(membership.organisation, organisation)
        for membership in _memberships(user)
    )


def can_record_consent(user: UserLike, person: Person) -> bool:
    """The coordinators of the person's municipality or of its police district record consents."""
    scope = case_permissions.case_scope(user)
    if scope.is_empty or person.municipality_id in scope.municipality_ids:
        return person.municipality_id in scope.municipality_ids
    return person.municipality.police_district_id in scope.police_district_ids


def can_view_ledger(user: UserLike, case: Case) -> bool:
    """The coordinators who see a case see its disclosures."""
    return case_permissions.can_view_case(user, case)


def can_search_ledger(user: UserLike) -> bool:
    """Data protection officers search and export their organisation's ledger."""
    return bool(dpo_organisations(user))


def dpo_organisations(user: UserLike) -> list[Organisation]:
    """The organisations `user` is the data protection officer of."""
    return [
        membership.organisation
        for membership in _memberships(user)
        if membership.role == Role.DATA_PROTECTION_OFFICER
    ]
