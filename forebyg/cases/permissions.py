"""Who may see and do what with cases. Predicates answer yes/no; fetchers return one object or
raise Http404 when it is out of the user's scope (we never confirm that it exists).

Scope (DESIGN.md §2): a municipal coordinator sees the cases of their municipality; a police
coordinator sees the cases of the municipalities in their police district (a membership of the
district's infohus counts as the district). Nobody else sees case content: professionals see
only the status of their own reports, and analysts, plan owners, administrators, DPOs and hotline
operators see nothing. Partners never reach the case itself: a member of an invited partner
organisation sees only the de-identified view that exchange.permissions fetches through
`partner_organisation_ids` (exchange.invitations: the invitation is a recorded disclosure).
"""

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.models import Membership, Role, User
from forebyg.actors.models import Organisation, OrganisationKind
from forebyg.cases import references, workflow
from forebyg.cases.models import (
    Attachment,
    BreakGlassGrant,
    Case,
    CaseMeasure,
    Concern,
    Person,
    Source,
)
from forebyg.cases.reports import (
    ConcernReceipt,
    ReportStatus,
    receipt_of,
    report_status_of,
    with_last_move,
)

UserLike = AbstractBaseUser | AnonymousUser

COORDINATOR_ROLES = (Role.MUNICIPAL_COORDINATOR, Role.POLICE_COORDINATOR)

# Which concern sources each role may record. A coordinator records what they received directly
# (from a citizen, an outside professional, the police, or their own observation).
SOURCES_BY_ROLE: dict[str, frozenset[str]] = {
    Role.PROFESSIONAL: frozenset({Source.PROFESSIONAL}),
    Role.HOTLINE_OPERATOR: frozenset({Source.HOTLINE}),
    Role.MUNICIPAL_COORDINATOR: frozenset(
        {Source.CITIZEN, Source.PROFESSIONAL, Source.POLICE, Source.COORDINATOR}
    ),
    Role.POLICE_COORDINATOR: frozenset(
        {Source.CITIZEN, Source.PROFESSIONAL, Source.POLICE, Source.COORDINATOR}
    ),
}


@dataclass(frozen=True)
class Scope:
    """The organisations whose cases a user sees, as primary keys."""

    municipality_ids: frozenset[int]
    police_district_ids: frozenset[int]

    @property
    def is_empty(self) -> bool:
        return not self.municipality_ids and not self.police_district_ids


def _memberships(user: UserLike) -> list[Membership]:
    if not isinstance(user, User) or not user.is_authenticated or not user.is_active:
        return []
    return user.active_memberships()


def _district_id(organisation: Organisation) -> int | None:
    if organisation.kind == OrganisationKind.POLICE_DISTRICT:
        return organisation.pk
    if organisation.kind == OrganisationKind.INFOHOUSE:
        return organisation.parent_id  # an infohus hangs under its police district
    return None


def case_scope(user: UserLike) -> Scope:
    """The municipalities and police districts whose cases `user` sees as a coordinator."""
    municipalities: set[int] = set()
    districts: set[int] = set()
    for membership in _memberships(user):
        organisation = membership.organisation
        if membership.role == Role.MUNICIPAL_COORDINATOR:
            if organisation.kind == OrganisationKind.MUNICIPALITY:
                municipalities.add(organisation.pk)
        elif membership.role == Role.POLICE_COORDINATOR:
            district = _district_id(organisation)
            if district is not None:
                districts.add(district)
    return Scope(frozenset(municipalities), frozenset(districts))


def case_filter(user: UserLike, prefix: str = "") -> Q:
    """A Q for the cases `user` may see; `prefix` reaches them from another model ("case__")."""
    scope = case_scope(user)
    if scope.is_empty:
        return Q(pk__in=[])
    return Q(**{f"{prefix}municipality__in": scope.municipality_ids}) | Q(
        **{f"{prefix}police_district__in": scope.police_district_ids}
    )


def organisation_case_filter(organisation: Organisation, prefix: str = "") -> Q:
    """A Q for the cases a system acting for `organisation` sees (an API token), as its
    coordinators would: a municipality's cases, or a police district's (or its infohus's)."""
    if organisation.kind == OrganisationKind.MUNICIPALITY:
        return Q(**{f"{prefix}municipality": organisation.pk})
    district = _district_id(organisation)
    if district is None:
        return Q(pk__in=[])
    return Q(**{f"{prefix}police_district": district})


def partner_organisation_ids(user: UserLike) -> frozenset[int]:
    """The organisations `user` takes part in cases for, as a partner (once invited to a case)."""
    return frozenset(
        membership.organisation_id
        for membership in _memberships(user)
        if membership.role == Role.PARTNER
    )


def is_coordinator(user: UserLike) -> bool:
    """True for municipal and police coordinators (with at least some case scope)."""
    return not case_scope(user).is_empty


def _in_scope(user: UserLike, case: Case) -> bool:
    scope = case_scope(user)
    return (
        case.municipality_id in scope.municipality_ids
        or case.police_district_id in scope.police_district_ids
    )


def break_glass_grant(user: UserLike, case: Case) -> BreakGlassGrant | None:
    """The user's running break-glass grant on `case` (read only; expiry checked every call)."""
    if not isinstance(user, User) or not is_coordinator(user):  # lost the role: lost the grant
        return None
    return BreakGlassGrant.objects.active().filter(user=user, case=case).first()


def can_view_case(user: UserLike, case: Case) -> bool:
    """Coordinators see the cases of their municipality or police district, and one out-of-scope
    case for a limited time under a break-glass grant (cases.breakglass)."""
    return _in_scope(user, case) or break_glass_grant(user, case) is not None


def can_change_case(user: UserLike, case: Case) -> bool:
    """Both coordinators in scope take part in the case (statuses, assessments, measures); a
    break-glass grant never allows a change."""
    return _in_scope(user, case)


def can_record_screening(user: UserLike, case: Case) -> bool:
    """Only a police coordinator of the case's police district records the screening outcome."""
    return case.police_district_id in case_scope(user).police_district_ids


def allowed_targets(user: UserLike, case: Case) -> list[str]:
    """The statuses `user` may move `case` to now, in table order (for the status form)."""
    if not can_change_case(user, case):
        return []
    if case.status == workflow.Status.SCREENING and not can_record_screening(user, case):
        return []
    targets = workflow.NEXT.get(case.status, frozenset())
    return [status for status in workflow.Status.values if status in targets]


def can_report_concern(user: UserLike, source: str | None = None) -> bool:
    """Professionals, hotline operators and coordinators record concerns, each from its sources."""
    return any(source in allowed or source is None for allowed in _sources(user))


def _sources(user: UserLike) -> list[frozenset[str]]:
    return [SOURCES_BY_ROLE[m.role] for m in _memberships(user) if m.role in SOURCES_BY_ROLE]


def concern_sources(user: UserLike) -> list[str]:
    """The sources `user` may choose when recording a concern, in display order."""
    allowed = frozenset().union(*_sources(user))
    return [source for source in Source.values if source in allowed]


def can_record_hotline_call(user: UserLike) -> bool:
    """Only hotline operators record hotline calls."""
    return can_report_concern(user, Source.HOTLINE)


def can_search_persons(user: UserLike) -> bool:
    """Only coordinators search for people, and only among the people in their scope."""
    return is_coordinator(user)


def can_set_screening_days(user: UserLike, municipality: Organisation) -> bool:
    """The municipality's own coordinator or administrator sets its screening deadline."""
    return any(
        m.organisation_id == municipality.pk
        and m.role in (Role.MUNICIPAL_COORDINATOR, Role.ADMINISTRATOR)
        for m in _memberships(user)
    )


def reporter_organisation(user: UserLike) -> Organisation | None:
    """The organisation a professional reports from (their first professional membership)."""
    for membership in _memberships(user):
        if membership.role == Role.PROFESSIONAL:
            return membership.organisation
    return None


def _visible_cases(user: UserLike) -> QuerySet[Case]:
    return Case.objects.filter(case_filter(user)).select_related(
        "person", "municipality", "police_district", "category", "level"
    )


def _lookup(key: int | str) -> Q:
    if isinstance(key, int) or (isinstance(key, str) and key.isdigit()):
        return Q(pk=int(key))
    return Q(reference=references.normalise(key))


def get_case_for_view(user: UserLike, key: int | str) -> Case:
    """The case with this pk or reference if `user` may see it; Http404 otherwise."""
    case = _visible_cases(user).filter(_lookup(key)).first() or _granted_case(user, key)
    if case is None:
        raise Http404(_("No such case."))
    return case


def _granted_case(user: UserLike, key: int | str) -> Case | None:
    """An out-of-scope case the user reads under a running break-glass grant."""
    if not isinstance(user, User) or not is_coordinator(user):
        return None
    granted = BreakGlassGrant.objects.active().filter(user=user).values("case_id")
    return (
        Case.objects.filter(_lookup(key), pk__in=granted)
        .select_related("person", "municipality", "police_district", "category", "level")
        .first()
    )


def get_case_for_change(user: UserLike, key: int | str) -> Case:
    """As get_case_for_view, plus PermissionDenied (403) when `user` may only read the case."""
    case = get_case_for_view(user, key)
    if not can_change_case(user, case):
        raise PermissionDenied(_("You may read this case but not change it."))
    return case


def get_person_for_view(user: UserLike, pk: int) -> Person:
    """A person with at least one case `user` may see; Http404 otherwise."""
    person = Person.objects.filter(
        pk=pk, pk__in=Case.objects.filter(case_filter(user)).values("person_id")
    ).first()
    if person is None:
        raise Http404(_("No such person."))
    return person


def get_measure_for_change(user: UserLike, pk: int) -> CaseMeasure:
    """A measure on a case `user` may change; Http404 when the case is out of scope."""
    measure = (
        CaseMeasure.objects.filter(case_filter(user, "case__"), pk=pk)
        .select_related("case", "measure_type", "owner", "legal_basis")
        .first()
    )
    if measure is None:
        raise Http404(_("No such measure."))
    return measure


def get_attachment_for_download(user: UserLike, pk: int) -> Attachment:
    """An attachment, under exactly the same rule as its case; Http404 otherwise."""
    attachment = (
        Attachment.objects.filter(case_filter(user, "concern__case__"), pk=pk)
        .select_related("concern__case")
        .first()
    )
    if attachment is None:
        raise Http404(_("No such file."))
    return attachment


def get_concern_status_for_reporter(user: UserLike, reference: str) -> ReportStatus:
    """The status of the user's own report by its reporter reference; Http404 for anyone else's."""
    if not isinstance(user, User) or not user.is_authenticated or not user.is_active:
        raise Http404(_("No such report."))
    concern = (
        with_last_move(
            Concern.objects.filter(
                reporter=user, reporter_reference=references.normalise(reference)
            )
        )
        .select_related("case")
        .only("reporter_reference", "received_at", "case__status")
        .first()
    )
    if concern is None:
        raise Http404(_("No such report."))
    return report_status_of(concern)


def get_concern_receipt_for_recorder(user: UserLike, reference: str) -> ConcernReceipt:
    """The receipt of a concern `user` recorded, by its reporter reference; Http404 for anyone
    else (even a coordinator who sees the case: the receipt belongs to the one who recorded it)."""
    if not isinstance(user, User) or not user.is_authenticated or not user.is_active:
        raise Http404(_("No such report."))
    names = ("name_da", "name_en")
    concern = (
        with_last_move(
            Concern.objects.filter(
                recorded_by=user, reporter_reference=references.normalise(reference)
            )
        )
        .select_related("case__municipality", "case__police_district")
        .only(
            "reporter_reference",
            "received_at",
            "source",
            "acute",
            "reporter",
            "case__status",
            *(f"case__municipality__{name}" for name in names),
            *(f"case__police_district__{name}" for name in names),
        )
        .first()
    )
    if concern is None:
        raise Http404(_("No such report."))
    return receipt_of(concern, for_reporter=concern.reporter_id == user.pk)
