"""Who may change the national plan tracker. Reading is public (see policy.py); only national
analysts write, and for everyone else the write pages do not exist (404)."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.models import Role, User
from forebyg.national.models import Initiative

UserLike = AbstractBaseUser | AnonymousUser


def can_edit_plan(user: UserLike) -> bool:
    """National analysts (CDE) add, number and edit initiatives and record their status."""
    return (
        isinstance(user, User)
        and user.is_authenticated
        and user.is_active
        and user.has_role(Role.ANALYST)
    )


def require_editor(user: UserLike) -> None:
    """A 404 for anyone but a national analyst: the write pages exist only for them."""
    if not can_edit_plan(user):
        raise Http404(_("No such page."))


def get_initiative_for_change(user: UserLike, pk: int) -> Initiative:
    """The initiative for an analyst to change; Http404 for anyone else or an unknown pk."""
    require_editor(user)
    initiative = Initiative.objects.select_related("focus_area", "responsible").filter(pk=pk)
    found = initiative.first()
    if found is None:
        raise Http404(_("No such initiative."))
    return found
