# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Known elsewhere (DESIGN.md §3): a coordinator asks whether a CPR number has a case in another
municipality. The answer is yes or no and which infohus to contact, nothing more: never the
municipality, a date, a status or a case reference.

* Who asks: municipal and police coordinators (anyone with case scope); others get
  PermissionDenied, which the view turns into a 404.
* "Another municipality" is everything outside the asker's own scope: the cases the asker's own
  person search would find (their municipality's; for the police, their district's) are left
  out, so the two never overlap and this answer adds nothing the asker could already see.
* Which cases count: every case row that still exists, open or closed, including a police stub.
  A case leaves the answer only when retention deletes it: how long a closed case is "known"
  is a retention rule, not a rule of this question. People without a CPR number never match.
* Whom to contact: the infohus of the police district that holds each matching case (or the
  police district itself in the unlikely event it has no infohus), each named once.
* Logging, in one transaction: "known_elsewhere.asked" in the asker's organisation's log, and
  "known_elsewhere.matched" in the log of every municipality where a case was found. Both carry
  the purpose and the CPR's blind index, never the CPR itself.
* Rate limits (forebyg.core.ratelimit): per user and per organisation per day, from
  FOREBYG_KNOWN_ELSEWHERE_LIMIT_PER_USER / ..._PER_ORGANISATION. Only a valid question counts;
  a refused one is logged as "known_elsewhere.rate_limited" and looks nothing up.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.models import Role, User
from forebyg.actors.models import Organisation, OrganisationKind
from forebyg.audit import services as audit
from forebyg.cases import permissions
from forebyg.cases.models import Case
from forebyg.cases.services.common import Errors
from forebyg.core import crypto, ratelimit
from forebyg.core.cpr import parse_cpr
from forebyg.core.ratelimit import RateLimited

PURPOSE_MIN_LENGTH = 5
PURPOSE_MAX_LENGTH = 300
CPR_MAX_LENGTH = 20
WINDOW_SECONDS = 24 * 60 * 60  # the limits are per day (a fixed window, midnight to midnight UTC)

# Which organisation a coordinator asks from: a municipal coordinator's municipality, a police
# coordinator's police district or its infohus (the same kinds permissions.case_scope accepts).
_ASKING_KINDS: dict[str, frozenset[str]] = {
    Role.MUNICIPAL_COORDINATOR: frozenset({OrganisationKind.MUNICIPALITY}),
    Role.POLICE_COORDINATOR: frozenset(
        {OrganisationKind.POLICE_DISTRICT, OrganisationKind.INFOHOUSE}
    ),
}


@dataclass(frozen=True)
class InfohouseContact:
    """An infohus to contact: its name (in the active language) and its public page."""

    name: str
    key: str
    url: str


@dataclass(frozen=True)
class KnownElsewhereAnswer:
    """Yes or no, and which infohuse to contact. Nothing else about the cases found."""

    known: bool
    infohouses: tuple[InfohouseContact, ...] = ()


def asking_organisation(user: permissions.UserLike) -> Organisation | None:
    """The organisation a coordinator asks from (their first coordinator membership), or None."""
    if not isinstance(user, User) or permissions.case_scope(user).is_empty:
        return None  # case_scope also turns away anonymous and inactive users
    for membership in user.active_memberships():
        if membership.organisation.kind in _ASKING_KINDS.get(membership.role, frozenset()):
            return membership.organisation
    return None


def ask_known_elsewhere(*, by: User, cpr: str, purpose: str) -> KnownElsewhereAnswer:
    """Answer whether the CPR number has a case outside the asker's scope, and which infohus to
    contact; logged in both organisations' logs with the purpose, and rate-limited."""
    organisation = asking_organisation(by)
    if organisation is None:
        raise PermissionDenied(_("You may not ask whether a person is known elsewhere."))
    digits, purpose = _clean(cpr=cpr, purpose=purpose)
    index = crypto.blind_index(digits, purpose="cpr")
    _check_limits(by, organisation, index=index, purpose=purpose)
    return _answer(by, organisation, index=index, purpose=purpose)


def _clean(*, cpr: str, purpose: str) -> tuple[str, str]:
    errors = Errors()
    purpose = errors.text("purpose", purpose, max_length=PURPOSE_MAX_LENGTH)
    if purpose and len(purpose) < PURPOSE_MIN_LENGTH:
        errors.add(
            "purpose",
            ValidationError(
                _("Describe the purpose in at least %(limit)d characters."),
                code="min_length",
                params={"limit": PURPOSE_MIN_LENGTH},
            ),
        )
    digits = ""
    if not (cpr or "").strip():
        errors.add("cpr", ValidationError(_("Write the CPR number."), code="required"))
    else:
        try:
            digits = parse_cpr(cpr).digits
        except ValidationError as error:
            errors.add("cpr", error)
    errors.raise_if_any()
    return digits, purpose


def _check_limits(by: User, organisation: Organisation, *, index: str, purpose: str) -> None:
    """Count the question against both limits; refuse (and log the refusal) when one is passed."""
    limits = (
        ("user", f"known_elsewhere:user:{by.pk}", settings.FOREBYG_KNOWN_ELSEWHERE_LIMIT_PER_USER),
        (
            "organisation",
            f"known_elsewhere:organisation:{organisation.pk}",
            settings.FOREBYG_KNOWN_ELSEWHERE_LIMIT_PER_ORGANISATION,
        ),
    )
    for scope, key, limit in limits:  # the user's first: a refused user uses none of the org's
        if not ratelimit.hit(key, limit=limit, window_seconds=WINDOW_SECONDS):
            audit.record(
                by,
                "known_elsewhere.rate_limited",
                None,
                organisation=organisation,
                purpose=purpose,
                after={"cpr_index": index, "limit": scope},
            )
            raise RateLimited(scope, retry_after=ratelimit.seconds_left(WINDOW_SECONDS))


@transaction.atomic
def _answer(
    by: User, organisation: Organisation, *, index: str, purpose: str
) -> KnownElsewhereAnswer:
    # The asker's own scope is left out: those cases are found by their own person search.
    matches = set(
        Case.objects.filter(person__cpr_index=index)
        .exclude(permissions.case_filter(by))
        .values_list("municipality_id", "police_district_id")
    )
    audit.record(
        by,
        "known_elsewhere.asked",
        None,
        organisation=organisation,
        purpose=purpose,
        after={"cpr_index": index, "answer": "yes" if matches else "no"},
    )
    municipalities = Organisation.objects.filter(pk__in={m for m, _d in matches}).order_by("pk")
    for municipality in municipalities:
        audit.record(
            by,
            "known_elsewhere.matched",
            None,
            organisation=municipality,
            purpose=purpose,
            after={"cpr_index": index, "asked_by_organisation": organisation.key},
        )
    return KnownElsewhereAnswer(known=bool(matches), infohouses=_contacts({d for _m, d in matches}))


def _contacts(district_ids: set[int]) -> tuple[InfohouseContact, ...]:
    """The infohus of each police district (the district itself if it has none), by name."""
    if not district_ids:
        return ()
    infohouses = {
        infohouse.parent_id: infohouse
        for infohouse in Organisation.objects.filter(
            kind=OrganisationKind.INFOHOUSE, parent_id__in=district_ids
        )
    }
    missing = district_ids - set(infohouses)
    found = [*infohouses.values(), *Organisation.objects.filter(pk__in=missing)]
    contacts = {o.key: InfohouseContact(o.name, o.key, o.get_absolute_url()) for o in found}
    return tuple(sorted(contacts.values(), key=lambda contact: contact.name))
