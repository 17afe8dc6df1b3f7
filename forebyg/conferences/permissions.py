"""Who may see and run a case conference.

* The municipal coordinators of the conference's municipality and the police coordinators of
  its police district see and change it; for anyone else it does not exist (404).
* Putting a case on the agenda or a participant at the table discloses the case's information,
  which is the municipality's: only someone who may disclose for the case's municipality does it
  (exchange.permissions.can_disclose_for). The police coordinators read, write minutes, record
  decisions and export the record."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from forebyg.actors.models import Organisation, OrganisationKind
from forebyg.cases import permissions as case_permissions
from forebyg.cases.models import Case
from forebyg.conferences.models import AgendaItem, Conference
from forebyg.exchange import permissions as exchange_permissions

UserLike = AbstractBaseUser | AnonymousUser


def conference_filter(user: UserLike) -> Q:
    """A Q for the conferences `user` may see."""
    scope = case_permissions.case_scope(user)
    if scope.is_empty:
        return Q(pk__in=[])
    return Q(municipality__in=scope.municipality_ids) | Q(
        police_district__in=scope.police_district_ids
    )


def can_view_conference(user: UserLike, conference: Conference) -> bool:
    """Coordinators of the conference's municipality or police district."""
    scope = case_permissions.case_scope(user)
    return (
        conference.municipality_id in scope.municipality_ids
        or conference.police_district_id in scope.police_district_ids
    )


def can_disclose_at(user: UserLike, conference: Conference) -> bool:
    """Adding cases and participants discloses the municipality's cases: its coordinators do it."""
    return can_view_conference(user, conference) and exchange_permissions.can_disclose_for(
        user, conference.municipality
    )


def municipalities_for(user: UserLike) -> QuerySet[Organisation]:
    """The municipalities `user` may hold a conference for: their own, or their district's."""
    scope = case_permissions.case_scope(user)
    return Organisation.objects.filter(
        Q(pk__in=scope.municipality_ids) | Q(police_district__in=scope.police_district_ids),
        kind=OrganisationKind.MUNICIPALITY,
    ).order_by("name_da")


def agenda_cases(user: UserLike, conference: Conference) -> QuerySet[Case]:
    """The cases that may go on the agenda: the municipality's, in the user's scope."""
    return (
        Case.objects.filter(case_permissions.case_filter(user))
        .filter(municipality=conference.municipality, content_removed_at__isnull=True)
        .select_related("person")
        .order_by("-opened_at")
    )


def get_conference_for_view(user: UserLike, pk: int) -> Conference:
    """The conference if `user` may see it; Http404 otherwise."""
    conference = (
        Conference.objects.filter(conference_filter(user), pk=pk)
        .select_related("municipality", "police_district", "created_by")
        .first()
    )
    if conference is None:
        raise Http404(_("No such conference."))
    return conference


def get_conference_for_disclosure(user: UserLike, pk: int) -> Conference:
    """As get_conference_for_view, plus 403 for someone who may not disclose the cases."""
    conference = get_conference_for_view(user, pk)
    if not can_disclose_at(user, conference):
        raise PermissionDenied(
            _("Only the municipality's coordinators add cases and participants.")
        )
    return conference


def get_item_for_change(user: UserLike, pk: int) -> AgendaItem:
    """An agenda item of a conference `user` may see (minutes, decisions); Http404 otherwise."""
    item = (
        AgendaItem.objects.filter(
            pk=pk, conference__in=Conference.objects.filter(conference_filter(user))
        )
        .select_related("conference__municipality", "conference__police_district", "case")
        .first()
    )
    if item is None:
        raise Http404(_("No such agenda item."))
    return item
