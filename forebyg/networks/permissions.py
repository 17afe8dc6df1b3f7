"""Who may read and write the notes of an infohus network (one per police district).

* Members read and write their network's notes: the police coordinators of the district (a
  membership of the district or of its infohus) and the municipal coordinators of the
  municipalities in the district.
* National analysts read every network's notes and write none (403 on a write, as they may read).
* For everyone else the networks do not exist (404)."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.models import Role, User
from forebyg.actors.models import Organisation, OrganisationKind
from forebyg.networks.models import NetworkNote

UserLike = AbstractBaseUser | AnonymousUser


def _user(user: UserLike) -> User | None:
    if isinstance(user, User) and user.is_authenticated and user.is_active:
        return user
    return None


def member_district_ids(user: UserLike) -> frozenset[int]:
    """The police districts whose network `user` is a member of (reads and writes)."""
    found = _user(user)
    if found is None:
        return frozenset()
    districts: set[int] = set()
    for membership in found.active_memberships():
        district = _district_of(membership.role, membership.organisation)
        if district is not None:
            districts.add(district)
    return frozenset(districts)


def _district_of(role: str, organisation: Organisation) -> int | None:
    """The police district whose network a membership belongs to, if any."""
    kind = organisation.kind
    if role == Role.POLICE_COORDINATOR:
        if kind == OrganisationKind.POLICE_DISTRICT:
            return int(organisation.pk)
        if kind == OrganisationKind.INFOHOUSE:
            return organisation.parent_id  # an infohus hangs under its police district
    if role == Role.MUNICIPAL_COORDINATOR and kind == OrganisationKind.MUNICIPALITY:
        return organisation.police_district_id
    return None


def reads_all_networks(user: UserLike) -> bool:
    """National analysts read every network's notes (and write none)."""
    found = _user(user)
    return found is not None and found.has_role(Role.ANALYST)


def networks() -> QuerySet[Organisation]:
    """Every infohus network: the police districts that have an infohus, by name."""
    return (
        Organisation.objects.filter(
            kind=OrganisationKind.POLICE_DISTRICT, children__kind=OrganisationKind.INFOHOUSE
        )
        .distinct()
        .order_by("name_da")
    )


def readable_networks(user: UserLike) -> QuerySet[Organisation]:
    """The networks whose notes `user` may read: all for analysts, else their own."""
    if reads_all_networks(user):
        return networks()
    return networks().filter(pk__in=member_district_ids(user))


def writable_networks(user: UserLike) -> QuerySet[Organisation]:
    """The networks `user` may write notes in: the ones they are a member of."""
    return networks().filter(pk__in=member_district_ids(user))


def can_read_network(user: UserLike, district_id: int) -> bool:
    """Members of the district's network, and national analysts."""
    return district_id in member_district_ids(user) or reads_all_networks(user)


def require_reader(user: UserLike) -> None:
    """A 404 for anyone who reads no network at all."""
    if not member_district_ids(user) and not reads_all_networks(user):
        raise Http404(_("No such page."))


def require_writer(user: UserLike) -> None:
    """A 404 for anyone who reads no network; a 403 for an analyst, who only reads."""
    require_reader(user)
    if not member_district_ids(user):
        raise PermissionDenied(_("National analysts read the networks' notes but write none."))


def get_note_for_view(user: UserLike, pk: int) -> NetworkNote:
    """The note if `user` may read its network; Http404 otherwise."""
    note = NetworkNote.objects.filter(pk=pk).select_related("police_district", "written_by").first()
    if note is None or not can_read_network(user, note.police_district_id):
        raise Http404(_("No such note."))
    return note
