"""Whose numbers a statistics reader sees, and whether they are suppressed.

* National analysts (Role.ANALYST) see the national picture, always with disclosure control
  (suppress=True): they never see a case, so a small count could point at a person.
* A municipal coordinator sees their own municipality and a police coordinator their own police
  district (the scope of cases.permissions.case_scope) *without* suppression (suppress=False):
  they already see every one of those cases in the case list, so hiding "3" from them protects
  nobody and only makes their own follow-up harder (issue 6: "Coordinators see their own
  municipality's numbers").
* API tokens act for one organisation (scope_for_organisation): a municipality or police
  district gets its own unsuppressed numbers as its coordinators do; a national knowledge
  centre, ministry or agency (e.g. "cde") gets the suppressed national picture.
"""

from dataclasses import dataclass

from django.utils.translation import gettext

from forebyg.accounts.models import Role, User
from forebyg.actors.models import Organisation, OrganisationKind
from forebyg.cases.permissions import UserLike, case_scope

NATIONAL = "national"
MUNICIPALITY = "municipality"
POLICE_DISTRICT = "police_district"

# Organisations whose API tokens may read the national (suppressed) statistics.
NATIONAL_KINDS = frozenset(
    {OrganisationKind.KNOWLEDGE_CENTRE, OrganisationKind.MINISTRY, OrganisationKind.AGENCY}
)


@dataclass(frozen=True)
class StatScope:
    kind: str  # "national" | "municipality" | "police_district"
    organisation: Organisation | None
    suppress: bool
    label: str

    @property
    def key(self) -> str:
        """A stable identifier for URLs and exports: "national", "municipality-751", ..."""
        if self.organisation is None:
            return self.kind
        return f"{self.kind}-{self.organisation.code or self.organisation.pk}"


def national_scope() -> StatScope:
    """The whole country, always suppressed."""
    return StatScope(NATIONAL, None, True, gettext("Denmark (national)"))


def municipality_scope(organisation: Organisation) -> StatScope:
    """One municipality's own cases, unsuppressed (its coordinators see those cases anyway)."""
    return StatScope(MUNICIPALITY, organisation, False, organisation.name)


def police_district_scope(organisation: Organisation) -> StatScope:
    """One police district's cases, unsuppressed (its coordinators see those cases anyway)."""
    return StatScope(POLICE_DISTRICT, organisation, False, organisation.name)


def _is_analyst(user: UserLike) -> bool:
    return isinstance(user, User) and user.is_active and user.has_role(Role.ANALYST)


def scopes_for(user: UserLike) -> list[StatScope]:
    """The statistics scopes `user` may read: national for analysts, own areas for coordinators."""
    scopes = [national_scope()] if _is_analyst(user) else []
    own = case_scope(user)
    organisations = Organisation.objects.filter(
        pk__in=own.municipality_ids | own.police_district_ids
    ).order_by("kind", "name_da")
    for organisation in organisations:
        if organisation.kind == OrganisationKind.MUNICIPALITY:
            scopes.append(municipality_scope(organisation))
        else:
            scopes.append(police_district_scope(organisation))
    return scopes


def scope_for_organisation(organisation: Organisation) -> StatScope | None:
    """The statistics an API token of `organisation` reads; None when it reads none."""
    if organisation.kind == OrganisationKind.MUNICIPALITY:
        return municipality_scope(organisation)
    if organisation.kind == OrganisationKind.POLICE_DISTRICT:
        return police_district_scope(organisation)
    if organisation.kind == OrganisationKind.INFOHOUSE and organisation.parent is not None:
        return police_district_scope(organisation.parent)
    if organisation.kind in NATIONAL_KINDS:
        return national_scope()
    return None
