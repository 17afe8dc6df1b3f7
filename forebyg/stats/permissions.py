"""Which statistics scope a user may open. The engine's scopes_for(user) is the only source:
analysts get the national scope, municipal coordinators their municipality, police coordinators
their district, everyone else nothing. A scope not among them is a 404, never a 403."""

from django.http import Http404
from django.utils.translation import gettext as _

from forebyg.accounts.models import User
from forebyg.stats.scope import StatScope, scopes_for


def scope_slug(scope: StatScope) -> str:
    """The scope's part of the URL: the engine's stable key ("national", "municipality-751")."""
    return scope.key


def visible_scopes(user: User) -> list[StatScope]:
    """The scopes whose statistics the user may open, national first."""
    return sorted(scopes_for(user), key=lambda scope: (scope.kind != "national", scope.label))


def get_scope_for_view(user: User, slug: str) -> StatScope:
    """The scope named by `slug` if the user may open it; else a 404."""
    for scope in scopes_for(user):
        if scope_slug(scope) == slug:
            return scope
    raise Http404(_("No such page."))
