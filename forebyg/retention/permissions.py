# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Who may see and change an organisation's retention: its data protection officers
(DESIGN.md §2: "watch retention"). Retention periods apply to the cases a municipality holds,
so only municipalities have them. Anyone else: 404."""

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from forebyg.accounts.models import Role, User
from forebyg.actors.models import Organisation, OrganisationKind


def dpo_organisations(user: User) -> QuerySet[Organisation]:
    """The municipalities whose data protection officer the user is."""
    ids = [
        m.organisation_id
        for m in user.active_memberships()
        if m.role == Role.DATA_PROTECTION_OFFICER
    ]
    return Organisation.objects.filter(pk__in=ids, kind=OrganisationKind.MUNICIPALITY)


def can_manage_retention(user: User, organisation: Organisation) -> bool:
    """True for a data protection officer of this municipality."""
    return organisation.kind == OrganisationKind.MUNICIPALITY and any(
        m.organisation_id == organisation.pk and m.role == Role.DATA_PROTECTION_OFFICER
        for m in user.active_memberships()
    )


def get_organisation_for_dpo(user: User, pk: int) -> Organisation:
    """The municipality `pk` if the user is its data protection officer; else 404."""
    organisation = dpo_organisations(user).filter(pk=pk).first()
    if organisation is None:
        raise Http404(_("No such page."))
    return organisation
