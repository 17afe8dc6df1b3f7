"""Staged identity (DESIGN.md §3): partners invited to a case, what they see, and the reveal.

* Inviting a partner is a disclosure of the de-identified concern summary (kind partner_invite,
  category concern, purpose prevention, in the infohus) decided by the rules engine through
  services.propose_disclosure: refused, there is no invitation and the ledger keeps the refusal.
* Revealing the identity to an invited partner is a second disclosure (identity_reveal, category
  identity) that needs a necessity note; only when it is allowed does the partner see the name.
* A partner sees an invited case only as a PartnerCaseView (a frozen value that cannot reach the
  case); every view is audited with its purpose. A revoked invitation gives nothing.

Writes (invite_partner, reveal_identity, revoke_invitation, record_partner_view) follow the house
rules of services; the fetchers raise Http404 for anything out of scope."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.models import User
from forebyg.actors.models import MUNICIPAL_UNIT_KINDS, Cooperation, Organisation
from forebyg.audit import services as audit
from forebyg.cases import permissions as case_permissions
from forebyg.cases.models import Case
from forebyg.exchange import selectors, services
from forebyg.exchange.models import (
    SUMMARY_MAX_LENGTH,
    Consent,
    DisclosureKind,
    DisclosureRecord,
    PartnerInvitation,
)
from forebyg.exchange.permissions import UserLike
from forebyg.legal.rules import CooperationContext, DataCategory, Decision, Purpose

PARTNER_VIEW_PURPOSE = "infohus case participation"
CONTEXT = CooperationContext.INFOHOUSE
PURPOSE = Purpose.PREVENTION


# -- Who discloses, and to whom it makes sense --------------------------------------------------


def discloser_for(user: UserLike, case: Case) -> Organisation:
    """The organisation a coordinator acts for in this case: the case's municipality for its
    municipal coordinator, else the police district; PermissionDenied for anyone else."""
    scope = case_permissions.case_scope(user)
    if case.municipality_id in scope.municipality_ids:
        return case.municipality
    if case.police_district_id in scope.police_district_ids:
        return case.police_district
    raise PermissionDenied(_("You may not disclose anything about this case."))


def invitable_organisations(case: Case) -> QuerySet[Organisation]:
    """The partners it makes sense to invite: the other members of the municipality's SSP, PSP
    and KSP (the region's psychiatry, Kriminalforsorgen), the municipality's own units (jobcentre,
    social services ...) and any organisation a consent of the person names. The case's
    municipality and police district are left out: their coordinators already see the case."""
    members = Cooperation.members.through.objects.filter(
        cooperation__municipality_id=case.municipality_id
    ).values("organisation_id")
    named = Consent.recipients.through.objects.filter(
        consent__person_id=case.person_id, consent__withdrawn_at__isnull=True
    ).values("organisation_id")
    units = Q(parent_id=case.municipality_id, kind__in=MUNICIPAL_UNIT_KINDS)
    already = PartnerInvitation.objects.filter(case=case, revoked_at__isnull=True).values(
        "partner_id"
    )
    return (
        Organisation.objects.filter(Q(pk__in=members) | Q(pk__in=named) | units)
        .exclude(pk__in=[case.municipality_id, case.police_district_id])
        .exclude(pk__in=already)
        .order_by("name_da")
    )


# -- Writes -----------------------------------------------------------------------------------


@transaction.atomic
def invite_partner(
    case: Case, *, by: User, partner: Organisation, summary: str, necessity_note: str = ""
) -> tuple[Decision, PartnerInvitation | None]:
    """Invite a partner to the case with a de-identified summary, if the rules allow sharing the
    concern with it; the proposal is recorded in the ledger either way."""
    if not case_permissions.can_change_case(by, case):
        raise PermissionDenied(_("You may not invite partners to this case."))
    text = (summary or "").strip()
    if not text:
        raise ValidationError({"summary": _("Write a summary of the concern without the name.")})
    if len(text) > SUMMARY_MAX_LENGTH:
        raise ValidationError(
            {
                "summary": _("Keep this to at most %(limit)d characters.")
                % {"limit": SUMMARY_MAX_LENGTH}
            }
        )
    if PartnerInvitation.objects.filter(
        case=case, partner=partner, revoked_at__isnull=True
    ).exists():
        raise ValidationError({"partner": _("This partner is already invited to the case.")})
    decision, record = _propose(
        case, by, partner, DisclosureKind.PARTNER_INVITE, DataCategory.CONCERN, necessity_note
    )
    if not decision.allowed:
        return decision, None
    invitation = PartnerInvitation.objects.create(
        case=case, partner=partner, summary=text, invited_by=by, invite_record=record
    )
    audit.record(
        by,
        "case.partner_invited",
        case,
        organisation=case.municipality,
        after={"partner": partner.key, "ledger": record.pk},
    )
    return decision, invitation


@transaction.atomic
def reveal_identity(
    invitation: PartnerInvitation, *, by: User, necessity_note: str = ""
) -> Decision:
    """Reveal the person's identity to an invited partner, if the rules allow it (a necessity
    note is required); the proposal is recorded in the ledger either way."""
    invitation = _locked(invitation)
    case = invitation.case
    if not case_permissions.can_change_case(by, case):
        raise PermissionDenied(_("You may not reveal the identity in this case."))
    if invitation.revoked_at is not None:
        raise ValidationError({"invitation": _("The invitation has been revoked.")})
    if invitation.identity_revealed_at is not None:
        raise ValidationError({"invitation": _("The identity has already been revealed.")})
    decision, record = _propose(
        case,
        by,
        invitation.partner,
        DisclosureKind.IDENTITY_REVEAL,
        DataCategory.IDENTITY,
        necessity_note,
    )
    if decision.allowed:
        invitation.identity_revealed_at = record.at
        invitation.reveal_record = record
        invitation.save(update_fields=["identity_revealed_at", "reveal_record"])
        audit.record(
            by,
            "case.identity_revealed",
            case,
            organisation=case.municipality,
            after={"partner": invitation.partner.key, "ledger": record.pk},
        )
    return decision


@transaction.atomic
def revoke_invitation(invitation: PartnerInvitation, *, by: User) -> PartnerInvitation:
    """Revoke an invitation: from now on the partner sees nothing of the case."""
    invitation = _locked(invitation)
    if not case_permissions.can_change_case(by, invitation.case):
        raise PermissionDenied(_("You may not revoke invitations in this case."))
    if invitation.revoked_at is not None:
        raise ValidationError({"invitation": _("The invitation has already been revoked.")})
    invitation.revoked_at = timezone.now()
    invitation.revoked_by = by
    invitation.save(update_fields=["revoked_at", "revoked_by"])
    audit.record(
        by,
        "case.partner_revoked",
        invitation.case,
        organisation=invitation.case.municipality,
        after={"partner": invitation.partner.key},
    )
    return invitation


def record_partner_view(invitation: PartnerInvitation, *, by: User) -> None:
    """Every view of a case by a partner is logged, with its purpose."""
    if invitation.partner_id not in case_permissions.partner_organisation_ids(by):
        raise PermissionDenied(_("You may not see this case."))
    audit.record(
        by,
        "case.viewed_by_partner",
        invitation.case,
        organisation=invitation.case.municipality,
        purpose=PARTNER_VIEW_PURPOSE,
        after={"partner": invitation.partner.key, "identity": invitation.identity_revealed},
    )


def record_partner_list_view(cases: list["PartnerCaseView"], *, by: User) -> None:
    """A partner's list of invited cases is logged too: which cases (by pseudonym) it showed."""
    audit.record(
        by,
        "case.listed_for_partner",
        None,
        purpose=PARTNER_VIEW_PURPOSE,
        after={"pseudonyms": [view.pseudonym for view in cases]},
    )


def _locked(invitation: PartnerInvitation) -> PartnerInvitation:
    # Locked so that a reveal and a revocation of the same invitation cannot interleave.
    return (
        PartnerInvitation.objects.select_for_update()
        .select_related("case__municipality", "case__police_district", "case__person", "partner")
        .get(pk=invitation.pk)
    )


def _propose(
    case: Case, by: User, partner: Organisation, kind: str, category: str, note: str
) -> tuple[Decision, DisclosureRecord]:
    return services.propose_disclosure(
        by=by,
        discloser=discloser_for(by, case),
        recipient=partner,
        person=None,
        case=case,
        kind=kind,
        categories=[category],
        purpose=PURPOSE,
        context=CONTEXT,
        necessity_note=note,
    )


# -- Reads ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerCaseView:
    """What a partner sees of an invited case. The name and the (masked) CPR number are filled
    in only after an allowed identity reveal; nothing here reaches the case itself."""

    invitation_id: int
    partner: str
    pseudonym: str
    age_band: str
    municipality: str
    summary: str
    status: str
    invited_at: datetime.datetime
    identity_revealed_at: datetime.datetime | None
    name: str = ""
    cpr_masked: str = ""


def partner_case_view(invitation: PartnerInvitation, today: datetime.date) -> PartnerCaseView:
    """The de-identified view of the invitation's case; the identity only once revealed."""
    case = invitation.case
    person = case.person
    band = case.age_band(today)
    revealed = invitation.identity_revealed_at is not None
    return PartnerCaseView(
        invitation_id=invitation.pk,
        partner=invitation.partner.name,
        pseudonym=person.pseudonym,
        age_band=str(band.label) if band is not None else "",
        municipality=case.municipality.name,
        summary=invitation.summary,
        status=str(case.get_status_display()),
        invited_at=invitation.invited_at,
        identity_revealed_at=invitation.identity_revealed_at,
        name=person.name if revealed else "",
        cpr_masked=person.cpr_masked if revealed else "",
    )


def _partner_invitations(user: UserLike) -> QuerySet[PartnerInvitation]:
    ids = case_permissions.partner_organisation_ids(user)
    return PartnerInvitation.objects.filter(
        partner__in=ids, revoked_at__isnull=True
    ).select_related("case__person", "case__municipality", "partner")


def partner_cases(user: UserLike, today: datetime.date) -> list[PartnerCaseView]:
    """The cases the user's partner organisations are invited to (not revoked), newest first."""
    return [partner_case_view(invitation, today) for invitation in _partner_invitations(user)]


def get_invitation_for_partner(user: UserLike, pk: int) -> PartnerInvitation:
    """An open invitation of one of the user's partner organisations; Http404 otherwise."""
    invitation = _partner_invitations(user).filter(pk=pk).first()
    if invitation is None:
        raise Http404(_("No such case."))
    return invitation


def get_invitation_for_change(user: UserLike, pk: int) -> PartnerInvitation:
    """An invitation on a case the coordinator may change; Http404 when out of scope."""
    invitation = (
        PartnerInvitation.objects.filter(case_permissions.case_filter(user, "case__"), pk=pk)
        .select_related("case", "partner")
        .first()
    )
    if invitation is None or not case_permissions.can_change_case(user, invitation.case):
        raise Http404(_("No such invitation."))
    return invitation


def get_consent_for_change(user: UserLike, case: Case, pk: int) -> Consent:
    """A consent of the case's person, for a coordinator in scope; Http404 otherwise."""
    consent = Consent.objects.filter(pk=pk, person_id=case.person_id).first()
    if consent is None or not case_permissions.can_change_case(user, case):
        raise Http404(_("No such consent."))
    return consent


@dataclass(frozen=True)
class CaseExchange:
    """The exchange section of a coordinator's case page."""

    ledger: list[DisclosureRecord]
    invitations: list[PartnerInvitation]
    consents: list[Consent]
    can_change: bool


def case_exchange(user: UserLike, case: Case) -> CaseExchange:
    """The case's ledger, its partner invitations and the person's consents, for a coordinator
    who sees the case (empty for anyone else)."""
    if not case_permissions.can_view_case(user, case):
        return CaseExchange([], [], [], can_change=False)
    invitations = PartnerInvitation.objects.filter(case=case).select_related("partner")
    consents = Consent.objects.filter(person_id=case.person_id).prefetch_related("recipients")
    return CaseExchange(
        ledger=list(selectors.case_ledger(user, case)),
        invitations=list(invitations),
        consents=list(consents.select_related("recorded_by", "withdrawn_by")),
        can_change=(
            case_permissions.can_change_case(user, case) and not case.is_closed and not case.is_stub
        ),
    )
