"""Staged identity at the service level: inviting a partner and revealing the identity are
disclosures decided by the rules and always recorded in the ledger; a partner sees only the
de-identified view until an allowed reveal; consent and its withdrawal change what is allowed."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from forebyg.accounts.models import Role
from forebyg.accounts.tests.factories import UserFactory
from forebyg.audit.models import AuditEvent
from forebyg.cases.tests.factories import CaseFactory, PersonFactory
from forebyg.exchange import invitations, services
from forebyg.exchange.models import DisclosureRecord, PartnerInvitation

pytestmark = pytest.mark.django_db

NOTE = "Psykiatrien skal vurdere behovet for behandling."
SUMMARY = "Ung person, der deler voldsforherligende videoer; bekymrede forældre."


@pytest.fixture
def case(aarhus):
    person = PersonFactory.create(
        municipality=aarhus, name="Jonas Hansen", cpr_number="170510-4123"
    )
    return CaseFactory.create(person=person)


def _invite(case, by, partner, note=NOTE):
    return invitations.invite_partner(
        case, by=by, partner=partner, summary=SUMMARY, necessity_note=note
    )


def test_inviting_psychiatry_in_the_infohus_is_allowed_and_recorded(
    case, municipal_coordinator, psychiatry, aarhus
):
    decision, invitation = _invite(case, municipal_coordinator, psychiatry)

    assert decision.allowed
    record = invitation.invite_record
    assert (record.kind, record.categories, record.purpose, record.context) == (
        "partner_invite",
        ["concern"],
        "prevention",
        "infohouse",
    )
    assert (record.discloser, record.recipient, record.allowed) == (aarhus, psychiatry, True)
    assert invitation.summary == SUMMARY
    assert AuditEvent.objects.filter(verb="case.partner_invited", target_id=str(case.pk)).exists()


def test_a_police_coordinator_invites_for_the_police_district(
    case, police_coordinator, prison_probation, east_jutland_police
):
    decision, invitation = _invite(case, police_coordinator, prison_probation)

    assert decision.allowed
    assert invitation.invite_record.discloser == east_jutland_police


def test_an_invitation_without_a_necessity_note_is_a_recorded_refusal(
    case, municipal_coordinator, psychiatry
):
    decision, invitation = _invite(case, municipal_coordinator, psychiatry, note="")

    assert not decision.allowed
    assert invitation is None
    assert not PartnerInvitation.objects.exists()
    record = DisclosureRecord.objects.get()
    assert (record.allowed, record.failed_condition) == (False, "necessity_note")


def test_a_partner_is_invited_once_until_revoked(case, municipal_coordinator, psychiatry):
    _decision, invitation = _invite(case, municipal_coordinator, psychiatry)

    with pytest.raises(ValidationError) as raised:
        _invite(case, municipal_coordinator, psychiatry)
    assert "partner" in raised.value.message_dict

    invitations.revoke_invitation(invitation, by=municipal_coordinator)
    assert _invite(case, municipal_coordinator, psychiatry)[0].allowed


def test_the_summary_is_required(case, municipal_coordinator, psychiatry):
    with pytest.raises(ValidationError) as raised:
        invitations.invite_partner(
            case, by=municipal_coordinator, partner=psychiatry, summary=" ", necessity_note=NOTE
        )

    assert "summary" in raised.value.message_dict
    assert not DisclosureRecord.objects.exists()


def test_a_coordinator_out_of_scope_cannot_invite(case, other_coordinator, psychiatry):
    with pytest.raises(PermissionDenied):
        _invite(case, other_coordinator, psychiatry)

    assert not DisclosureRecord.objects.exists()


def test_revealing_needs_a_necessity_note_and_is_recorded_either_way(
    case, municipal_coordinator, psychiatry
):
    _decision, invitation = _invite(case, municipal_coordinator, psychiatry)

    refused = invitations.reveal_identity(invitation, by=municipal_coordinator, necessity_note="")
    invitation.refresh_from_db()
    assert not refused.allowed
    assert invitation.identity_revealed_at is None

    allowed = invitations.reveal_identity(invitation, by=municipal_coordinator, necessity_note=NOTE)
    invitation.refresh_from_db()
    assert allowed.allowed
    assert invitation.identity_revealed_at == invitation.reveal_record.at
    reveals = DisclosureRecord.objects.filter(kind="identity_reveal").order_by("at", "pk")
    assert [(r.allowed, r.categories) for r in reveals] == [
        (False, ["identity"]),
        (True, ["identity"]),
    ]
    assert AuditEvent.objects.filter(verb="case.identity_revealed").count() == 1


def test_a_revoked_invitation_cannot_be_revealed(case, municipal_coordinator, psychiatry):
    _decision, invitation = _invite(case, municipal_coordinator, psychiatry)
    invitations.revoke_invitation(invitation, by=municipal_coordinator)

    with pytest.raises(ValidationError):
        invitations.reveal_identity(invitation, by=municipal_coordinator, necessity_note=NOTE)
    with pytest.raises(ValidationError):
        invitations.revoke_invitation(invitation, by=municipal_coordinator)


def test_the_partner_view_hides_the_identity_until_revealed(
    case, municipal_coordinator, psychiatry, partner
):
    _decision, invitation = _invite(case, municipal_coordinator, psychiatry)
    today = timezone.localdate()

    before = invitations.partner_case_view(invitation, today)
    assert (before.name, before.cpr_masked, before.pseudonym) == ("", "", case.person.pseudonym)
    assert before.summary == SUMMARY

    invitations.reveal_identity(invitation, by=municipal_coordinator, necessity_note=NOTE)
    invitation.refresh_from_db()
    after = invitations.partner_case_view(invitation, today)
    assert (after.name, after.cpr_masked) == ("Jonas Hansen", "170510-xxxx")


def test_only_members_of_the_invited_partner_reach_the_invitation(
    case, municipal_coordinator, psychiatry, other_psychiatry, partner
):
    _decision, invitation = _invite(case, municipal_coordinator, psychiatry)
    elsewhere = UserFactory.create(memberships=[(other_psychiatry, Role.PARTNER)])
    not_a_partner = UserFactory.create(memberships=[(psychiatry, Role.PROFESSIONAL)])

    assert invitations.get_invitation_for_partner(partner, invitation.pk) == invitation
    for user in (elsewhere, not_a_partner, municipal_coordinator):
        with pytest.raises(Http404):
            invitations.get_invitation_for_partner(user, invitation.pk)

    invitations.revoke_invitation(invitation, by=municipal_coordinator)
    with pytest.raises(Http404):
        invitations.get_invitation_for_partner(partner, invitation.pk)


def test_consent_and_its_withdrawal_change_a_consent_based_invitation(
    case, municipal_coordinator, exit_programme
):
    assert not _invite(case, municipal_coordinator, exit_programme)[0].allowed

    consent = services.give_consent(
        case.person,
        by=municipal_coordinator,
        given_by="custody_holders",
        purposes=["prevention"],
        categories=["concern", "identity"],
        recipients=[exit_programme],
    )
    decision, invitation = _invite(case, municipal_coordinator, exit_programme)
    assert decision.allowed
    assert invitation.invite_record.consent == consent

    services.withdraw_consent(consent, by=municipal_coordinator)
    refused = invitations.reveal_identity(invitation, by=municipal_coordinator, necessity_note=NOTE)
    assert not refused.allowed
    assert refused.failed_condition == "consent"


def test_the_partners_worth_inviting(case, psychiatry, prison_probation, exit_programme, aarhus):
    offered = set(invitations.invitable_organisations(case))

    assert {psychiatry, prison_probation} <= offered
    assert aarhus not in offered
    assert case.police_district not in offered
    assert exit_programme not in offered
