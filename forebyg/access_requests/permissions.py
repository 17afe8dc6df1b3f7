# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Who may handle access requests: the data protection officers of the organisation that
received them, and nobody else (out of scope is a 404, as everywhere)."""

from typing import Any

from django.http import Http404

from forebyg.access_requests.models import AccessRequest
from forebyg.accounts.models import Role, User
from forebyg.actors.models import Organisation


def dpo_organisations(user: Any) -> list[Organisation]:
    """The organisations `user` is the data protection officer of (none for anyone else)."""
    if not isinstance(user, User) or not user.is_authenticated or not user.is_active:
        return []
    return [
        membership.organisation
        for membership in user.active_memberships()
        if membership.role == Role.DATA_PROTECTION_OFFICER
    ]


def is_dpo(user: Any) -> bool:
    """Whether `user` is a data protection officer of any organisation."""
    return bool(dpo_organisations(user))


def can_handle_request(user: Any, request: AccessRequest) -> bool:
    """Only a DPO of the organisation that received the request handles it."""
    return request.organisation_id in {o.pk for o in dpo_organisations(user)}


def get_request_for_dpo(user: Any, pk: int) -> AccessRequest:
    """The request if `user` is a DPO of its organisation; otherwise 404, as if it did not exist."""
    ids = [organisation.pk for organisation in dpo_organisations(user)]
    found = (
        AccessRequest.objects.select_related("organisation", "registered_by")
        .filter(pk=pk, organisation_id__in=ids)
        .first()
    )
    if found is None:
        raise Http404
    return found
