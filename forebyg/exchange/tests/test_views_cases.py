"""The exchange pages end to end through the test client: every persona against every new URL,
the staged identity as the partner sees it, the coordinator's actions with and without a
necessity note, consent given and withdrawn, the reporter who still sees only the status, and
the DPO's ledger and its audited, formula-safe CSV export."""

import csv
import io
from dataclasses import dataclass

import pytest
from django.urls import reverse

from forebyg.accounts.models import Role
from forebyg.accounts.tests.factories import UserFactory
from forebyg.audit.models import AuditEvent
from forebyg.cases.models import Case
from forebyg.cases.tests.factories import CaseFactory, PersonFactory
from forebyg.cases.tests.helpers import report
from forebyg.exchange import invitations, services
from forebyg.exchange.models import Consent, DisclosureRecord, PartnerInvitation
from forebyg.exchange.tests.factories import DisclosureRecordFactory

pytestmark = pytest.mark.django_db

NAME = "Jonas Hansen"
CPR = "170510-4123"
NOTE = "Psykiatrien skal vurdere behovet for behandling."
SUMMARY = "Ung person, der deler voldsforherligende videoer."
PERSONAS = [
    "professional",
    "municipal_coordinator",
    "other_coordinator",
    "police_coordinator",
    "partner",
    "hotline_operator",
    "plan_owner",
    "analyst",
    "dpo",
    "administrator",
]
AARHUS_SCOPE = {"municipal_coordinator", "police_coordinator"}


@dataclass
class Fixture:
    """A case with a partner invited (the region's psychiatry) and a consent on record."""

    case: Case
    invitation: PartnerInvitation
    consent: Consent


def _case_with_partner(municipality, coordinator, partner) -> Fixture:
    person = PersonFactory.create(municipality=municipality, name=NAME, cpr_number=CPR)
    case = CaseFactory.create(person=person)
    _decision, invitation = invitations.invite_partner(
        case, by=coordinator, partner=partner, summary=SUMMARY, necessity_note=NOTE
    )
    assert invitation is not None
    consent = services.give_consent(
        person,
        by=coordinator,
        given_by="custody_holders",
        purposes=["prevention"],
        categories=["concern"],
        recipient_kinds=["jobcentre"],
    )
    return Fixture(case, invitation, consent)


@pytest.fixture
def aarhus_case(aarhus, municipal_coordinator, psychiatry) -> Fixture:
    return _case_with_partner(aarhus, municipal_coordinator, psychiatry)


@pytest.fixture
def copenhagen_case(copenhagen) -> Fixture:
    coordinator = UserFactory.create(memberships=[(copenhagen, Role.MUNICIPAL_COORDINATOR)])
    psychiatry = copenhagen.region.children.get(kind="psychiatry")
    return _case_with_partner(copenhagen, coordinator, psychiatry)


def _case(f: Fixture) -> list[int]:
    return [f.case.pk]


def _invitation(f: Fixture) -> list[int]:
    return [f.invitation.pk]


def _invite_post(f: Fixture) -> dict:
    partner = invitations.invitable_organisations(f.case).filter(kind="prison_probation").get()
    return {"partner": partner.pk, "summary": SUMMARY, "necessity_note": NOTE}


def _consent_post(f: Fixture) -> dict:
    return {
        "given_by": "custody_holders",
        "purposes": ["prevention"],
        "categories": ["concern"],
        "recipient_kinds": ["jobcentre"],
    }


# (name, method, args, POST data): every exchange URL about one case.
CASE_ROUTES = [
    ("invite", "get", _case, None),
    ("invite", "post", _case, _invite_post),
    ("consent_new", "get", _case, None),
    ("consent_new", "post", _case, _consent_post),
    ("consent_withdraw", "post", lambda f: [f.case.pk, f.consent.pk], lambda f: {}),
    ("reveal", "get", _invitation, None),
    ("reveal", "post", _invitation, lambda f: {"necessity_note": NOTE}),
    ("revoke", "post", _invitation, lambda f: {}),
    ("partner_case", "get", _invitation, None),
]
PARTNER_ROUTES = {"partner_case"}


def _call(client, method, url, data):
    return client.post(url, data) if method == "post" else client.get(url)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method", "args", "data"), CASE_ROUTES, ids=[f"{r[0]}-{r[1]}" for r in CASE_ROUTES]
)
@pytest.mark.parametrize("where", ["aarhus", "copenhagen"])
def test_every_persona_against_every_case_exchange_url(
    client, request, persona, name, method, args, data, where
):
    fixture = request.getfixturevalue(f"{where}_case")
    client.force_login(request.getfixturevalue(persona))

    url = reverse(f"exchange:{name}", args=args(fixture))
    response = _call(client, method, url, data(fixture) if data else None)

    # The partner persona works for Region Midtjylland's psychiatry, invited to the Aarhus case.
    allowed = where == "aarhus" and persona in (
        {"partner"} if name in PARTNER_ROUTES else AARHUS_SCOPE
    )
    if allowed:
        assert response.status_code in (200, 302), response.content[:500]
    else:
        assert response.status_code == 404


PAGE_ROUTES = [
    ("exchange:partner_cases", "get", None, {"partner"}),
    ("exchange:ledger", "get", None, {"dpo"}),
    ("exchange:ledger_csv", "get", None, {"dpo"}),
    ("exchange:ledger_csv", "post", {"reason": "Indsigtsanmodning"}, {"dpo"}),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("url_name", "method", "data", "allowed"),
    PAGE_ROUTES,
    ids=[f"{r[0]}-{r[1]}" for r in PAGE_ROUTES],
)
def test_every_persona_against_the_exchange_pages(
    client, request, persona, url_name, method, data, allowed, aarhus_case
):
    client.force_login(request.getfixturevalue(persona))

    response = _call(client, method, reverse(url_name), data)

    assert response.status_code == (200 if persona in allowed else 404)


def test_an_anonymous_visitor_is_sent_to_log_in(client, aarhus_case):
    for name, method, args, data in CASE_ROUTES:
        url = reverse(f"exchange:{name}", args=args(aarhus_case))
        response = _call(client, method, url, data(aarhus_case) if data else None)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


# -- Staged identity as the partner sees it ---------------------------------------------------


def test_the_partner_sees_the_case_de_identified_and_the_view_is_logged(
    client, partner, aarhus_case
):
    client.force_login(partner)

    response = client.get(reverse("exchange:partner_case", args=[aarhus_case.invitation.pk]))

    assert response.status_code == 200
    assert aarhus_case.case.person.pseudonym in response.text
    assert SUMMARY in response.text
    assert "Aarhus" in response.text
    for secret in (NAME, "Jonas", CPR, CPR[:6], aarhus_case.case.reference):
        assert secret not in response.text
    event = AuditEvent.objects.get(verb="case.viewed_by_partner")
    assert (event.actor, event.target_id, event.purpose) == (
        partner,
        str(aarhus_case.case.pk),
        invitations.PARTNER_VIEW_PURPOSE,
    )


def test_the_partner_list_shows_pseudonyms_only(client, partner, aarhus_case, copenhagen_case):
    client.force_login(partner)

    response = client.get(reverse("exchange:partner_cases"))

    assert aarhus_case.case.person.pseudonym in response.text
    assert copenhagen_case.case.person.pseudonym not in response.text
    assert NAME not in response.text
    event = AuditEvent.objects.get(verb="case.listed_for_partner")
    assert event.after == {"pseudonyms": [aarhus_case.case.person.pseudonym]}


def test_after_a_reveal_with_a_note_the_partner_sees_the_name(
    client, municipal_coordinator, partner, aarhus_case
):
    client.force_login(municipal_coordinator)
    response = client.post(
        reverse("exchange:reveal", args=[aarhus_case.invitation.pk]), {"necessity_note": NOTE}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[aarhus_case.case.pk]) + "#exchange"

    client.force_login(partner)
    page = client.get(reverse("exchange:partner_case", args=[aarhus_case.invitation.pk]))

    assert NAME in page.text
    assert "170510-xxxx" in page.text
    assert CPR not in page.text


def test_with_htmx_a_done_action_reloads_the_case_page(client, municipal_coordinator, aarhus_case):
    client.force_login(municipal_coordinator)

    response = client.post(
        reverse("exchange:revoke", args=[aarhus_case.invitation.pk]),
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == (
        reverse("cases:detail", args=[aarhus_case.case.pk]) + "#exchange"
    )
    aarhus_case.invitation.refresh_from_db()
    assert aarhus_case.invitation.revoked_at is not None


def test_a_reveal_without_a_note_is_refused_with_the_explanation_and_recorded(
    client, municipal_coordinator, partner, aarhus_case
):
    client.force_login(municipal_coordinator)

    response = client.post(
        reverse("exchange:reveal", args=[aarhus_case.invitation.pk]), {"necessity_note": ""}
    )

    assert response.status_code == 200
    record = DisclosureRecord.objects.get(kind="identity_reveal")
    assert not record.allowed
    assert 'id="refusal"' in response.text
    assert record.explanation_da.split(".")[0] in response.text
    client.force_login(partner)
    page = client.get(reverse("exchange:partner_case", args=[aarhus_case.invitation.pk]))
    assert NAME not in page.text


def test_an_invitation_refused_by_the_rules_shows_why_and_invites_nobody(
    client, municipal_coordinator, aarhus_case
):
    client.force_login(municipal_coordinator)
    data = _invite_post(aarhus_case) | {"necessity_note": ""}

    response = client.post(reverse("exchange:invite", args=[aarhus_case.case.pk]), data)

    assert response.status_code == 200
    assert 'id="refusal"' in response.text
    assert PartnerInvitation.objects.count() == 1  # only the fixture's
    assert DisclosureRecord.objects.filter(kind="partner_invite", allowed=False).count() == 1


def test_a_partner_who_is_not_invited_gets_404(
    client, other_psychiatry, prison_probation, aarhus_case
):
    url = reverse("exchange:partner_case", args=[aarhus_case.invitation.pk])
    for organisation in (other_psychiatry, prison_probation):
        client.force_login(UserFactory.create(memberships=[(organisation, Role.PARTNER)]))
        assert client.get(url).status_code == 404


def test_a_revoked_invitation_gives_404(client, municipal_coordinator, partner, aarhus_case):
    client.force_login(municipal_coordinator)
    response = client.post(reverse("exchange:revoke", args=[aarhus_case.invitation.pk]))
    assert response.status_code == 302

    client.force_login(partner)
    url = reverse("exchange:partner_case", args=[aarhus_case.invitation.pk])
    assert client.get(url).status_code == 404
    assert (
        aarhus_case.case.person.pseudonym not in client.get(reverse("exchange:partner_cases")).text
    )


def test_the_partner_never_reaches_the_coordinators_case_page(client, partner, aarhus_case):
    client.force_login(partner)

    assert client.get(reverse("cases:detail", args=[aarhus_case.case.pk])).status_code == 404


def test_the_reporter_still_sees_only_the_status(
    client, professional, municipal_coordinator, psychiatry, aarhus
):
    concern = report(professional, aarhus)
    _decision, invitation = invitations.invite_partner(
        concern.case,
        by=municipal_coordinator,
        partner=psychiatry,
        summary=SUMMARY,
        necessity_note=NOTE,
    )
    assert invitation is not None
    invitations.reveal_identity(invitation, by=municipal_coordinator, necessity_note=NOTE)
    client.force_login(professional)

    response = client.get(reverse("concerns:status", args=[concern.reporter_reference]))

    assert response.status_code == 200
    assert SUMMARY not in response.text
    assert psychiatry.name not in response.text
    assert concern.case.person.pseudonym not in response.text
    url = reverse("exchange:partner_case", args=[invitation.pk])
    assert client.get(url).status_code == 404


# -- The coordinator's case page and actions ---------------------------------------------------


def test_the_case_page_shows_partners_consents_and_the_ledger(
    client, municipal_coordinator, psychiatry, aarhus_case
):
    client.force_login(municipal_coordinator)

    response = client.get(reverse("cases:detail", args=[aarhus_case.case.pk]))

    assert response.status_code == 200
    assert 'id="exchange"' in response.text
    assert psychiatry.name in response.text
    assert reverse("exchange:reveal", args=[aarhus_case.invitation.pk]) in response.text
    assert reverse("exchange:invite", args=[aarhus_case.case.pk]) in response.text
    assert (
        reverse("exchange:consent_withdraw", args=[aarhus_case.case.pk, aarhus_case.consent.pk])
        in response.text
    )


def test_consent_given_then_withdrawn_through_the_pages_changes_the_decision(
    client, municipal_coordinator, exit_programme, aarhus_case
):
    client.force_login(municipal_coordinator)
    invite_url = reverse("exchange:invite", args=[aarhus_case.case.pk])
    invite = {"partner": exit_programme.pk, "summary": SUMMARY, "necessity_note": NOTE}

    response = client.post(
        reverse("exchange:consent_new", args=[aarhus_case.case.pk]),
        {
            "given_by": "custody_holders",
            "purposes": ["prevention"],
            "categories": ["concern"],
            "recipients": [exit_programme.pk],
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get(recipients=exit_programme)
    assert consent.recorded_by == municipal_coordinator

    assert client.post(invite_url, invite).status_code == 302
    invitation = PartnerInvitation.objects.get(partner=exit_programme)
    assert invitation.invite_record.consent == consent
    client.post(reverse("exchange:revoke", args=[invitation.pk]))

    withdraw = reverse("exchange:consent_withdraw", args=[aarhus_case.case.pk, consent.pk])
    assert client.post(withdraw).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_by == municipal_coordinator

    response = client.post(invite_url, invite)
    assert response.status_code == 200  # exit is no longer offered: a form error
    assert (
        PartnerInvitation.objects.filter(partner=exit_programme, revoked_at__isnull=True).count()
        == 0
    )


def test_an_adults_consent_given_by_custody_holders_is_a_form_error(
    client, municipal_coordinator, aarhus
):
    person = PersonFactory.create(municipality=aarhus, birth_date="1980-01-01")
    case = CaseFactory.create(person=person)
    client.force_login(municipal_coordinator)

    response = client.post(
        reverse("exchange:consent_new", args=[case.pk]),
        {
            "given_by": "custody_holders",
            "purposes": ["prevention"],
            "categories": ["concern"],
            "recipient_kinds": ["psychiatry"],
        },
    )

    assert response.status_code == 200
    assert not Consent.objects.filter(person=person).exists()


# -- The DPO's ledger ---------------------------------------------------------------------------


def test_the_dpo_sees_only_their_organisations_disclosures_by_pseudonym(
    client, dpo, aarhus_case, copenhagen_case
):
    client.force_login(dpo)

    response = client.get(reverse("exchange:ledger"))

    assert response.status_code == 200
    assert aarhus_case.case.person.pseudonym in response.text
    assert copenhagen_case.case.person.pseudonym not in response.text
    assert NAME not in response.text


def test_the_dpo_filters_the_ledger(client, dpo, municipal_coordinator, aarhus_case):
    invitations.reveal_identity(aarhus_case.invitation, by=municipal_coordinator)  # refused
    client.force_login(dpo)

    refused = client.get(reverse("exchange:ledger"), {"allowed": "no"})
    purpose = client.get(reverse("exchange:ledger"), {"purpose": "investigation"})

    assert refused.context["page"].paginator.count == 1
    assert purpose.context["page"].paginator.count == 0


def test_the_csv_export_asks_for_a_purpose_first(client, dpo, aarhus_case):
    client.force_login(dpo)

    response = client.post(reverse("exchange:ledger_csv"), {"reason": ""})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert not AuditEvent.objects.filter(verb="ledger.exported").exists()


def test_the_csv_neutralises_formulas_states_its_origin_and_is_audited(
    client, dpo, municipal_coordinator, aarhus_case
):
    invitations.reveal_identity(
        aarhus_case.invitation, by=municipal_coordinator, necessity_note='=HYPERLINK("x")'
    )
    client.force_login(dpo)

    response = client.post(
        reverse("exchange:ledger_csv") + "?allowed=yes", {"reason": "Indsigtsanmodning"}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert "dpo" in rows[0][0] and "Indsigtsanmodning" in rows[0][0]
    notes = [row[15] for row in rows[2:]]
    assert '\'=HYPERLINK("x")' in notes
    assert not any(cell.startswith("=") for row in rows for cell in row)
    assert NAME not in response.content.decode()
    event = AuditEvent.objects.get(verb="ledger.exported")
    assert event.actor == dpo
    assert "Indsigtsanmodning" in event.purpose
    assert event.after == {"filters": {"allowed": "True"}, "count": len(rows) - 2}


def test_the_ledger_list_has_a_query_ceiling(client, dpo, aarhus, django_assert_max_num_queries):
    for _ in range(30):
        DisclosureRecordFactory.create(
            case=CaseFactory.create(person=PersonFactory.create(municipality=aarhus))
        )
    client.force_login(dpo)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("exchange:ledger"))

    assert response.context["page"].paginator.count == 30
