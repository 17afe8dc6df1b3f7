"""The exchange services: every proposed disclosure is decided and recorded in the ledger, with
its audit event in the same transaction, allowed or refused; consent is given and withdrawn, and
a withdrawal stops consent-based disclosures from that moment while earlier ones stay."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from forebyg.audit import services as audit
from forebyg.audit.models import AuditEvent
from forebyg.cases.tests.factories import CaseFactory, PersonFactory
from forebyg.exchange import services
from forebyg.exchange.models import Consent, DisclosureRecord
from forebyg.exchange.tests.factories import organisation

NOTE = "Nødvendigt for at koordinere indsatsen."


def _reveal(by, discloser, recipient, **kwargs):
    """Propose an identity reveal in SSP for prevention unless told otherwise."""
    values = {
        "kind": "identity_reveal",
        "categories": ["identity", "concern"],
        "purpose": "prevention",
        "context": "ssp",
        "necessity_note": NOTE,
    } | kwargs
    return services.propose_disclosure(by=by, discloser=discloser, recipient=recipient, **values)


def test_an_allowed_disclosure_is_recorded_with_basis_conditions_and_audit(
    police_coordinator, east_jutland_police, aarhus, adult_case
):
    decision, record = _reveal(
        police_coordinator, east_jutland_police, aarhus, person=None, case=adult_case
    )

    assert decision.allowed
    record.refresh_from_db()
    assert (record.allowed, record.legal_basis.key, record.rule_key) == (
        True,
        "rpl-115-1",
        "rpl-115-1",
    )
    assert record.conditions == ["necessity_note"]
    assert (record.case, record.person, record.by) == (
        adult_case,
        adult_case.person,
        police_coordinator,
    )
    assert record.categories == ["identity", "concern"]
    assert record.necessity_note == NOTE
    assert record.explanation_da.startswith("Tilladt") and record.explanation_en.startswith(
        "Allowed"
    )
    event = AuditEvent.objects.get(verb="disclosure.allowed")
    assert (event.target_id, event.organisation, event.purpose) == (
        str(record.pk),
        east_jutland_police,
        "prevention",
    )
    assert event.after is not None and event.after["legal_basis"] == "rpl-115-1"
    assert event.after is not None and event.after["case"] == adult_case.reference
    assert NOTE not in str(event.after)  # the note stays in the ledger, encrypted


def test_the_necessity_note_is_encrypted_in_the_database(
    police_coordinator, east_jutland_police, aarhus, adult_case
):
    _, record = _reveal(
        police_coordinator, east_jutland_police, aarhus, person=None, case=adult_case
    )

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT necessity_note FROM exchange_disclosurerecord WHERE id = %s", [record.pk]
        )
        (stored,) = cursor.fetchone()

    assert stored and NOTE not in stored


def test_a_refused_disclosure_is_recorded_too_with_the_condition_that_failed(
    police_coordinator, east_jutland_police, aarhus, adult_case
):
    decision, record = _reveal(
        police_coordinator,
        east_jutland_police,
        aarhus,
        person=None,
        case=adult_case,
        necessity_note="  ",
    )

    assert not decision.allowed
    record.refresh_from_db()
    assert (record.allowed, record.failed_condition, record.conditions) == (
        False,
        "necessity_note",
        [],
    )
    assert "no note says why the disclosure is necessary" in record.explanation_en
    assert AuditEvent.objects.filter(verb="disclosure.refused", target_id=str(record.pk)).exists()
    assert not AuditEvent.objects.filter(verb="disclosure.allowed").exists()


def test_investigation_is_refused_and_recorded(
    municipal_coordinator, aarhus, east_jutland_police, adult_case
):
    decision, record = _reveal(
        municipal_coordinator,
        aarhus,
        east_jutland_police,
        person=None,
        case=adult_case,
        purpose="investigation",
    )

    assert not decision.allowed
    assert record.legal_basis.key == "rpl-115-2"
    assert DisclosureRecord.objects.filter(allowed=False).count() == 1


def test_the_ledger_line_and_its_audit_event_are_written_together(
    monkeypatch, police_coordinator, east_jutland_police, aarhus, adult_case
):
    def failing_record(*args, **kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(audit, "record", failing_record)

    with pytest.raises(RuntimeError):
        _reveal(police_coordinator, east_jutland_police, aarhus, person=None, case=adult_case)

    assert not DisclosureRecord.objects.exists()


def test_a_child_is_recognised_from_the_birth_date_for_section_49a(
    professional, aarhus_school, social_services, child, adult
):
    at_meeting = {"context": "meeting_49a", "meeting_49a_number": 1, "purpose": "prevention"}

    about_child, _ = _reveal(
        professional, aarhus_school, social_services, person=child, **at_meeting
    )
    about_adult, _ = _reveal(
        professional, aarhus_school, social_services, person=adult, **at_meeting
    )

    assert about_child.allowed
    assert about_child.conditions == ("necessity_note", "one_meeting_only")
    assert not about_adult.allowed
    assert "only children under 18" in about_adult.explanation_en
    assert list(DisclosureRecord.objects.values_list("meeting_49a_number", flat=True)) == [1, 1]


def test_the_case_decides_whose_cooperation_it_is(
    police_coordinator, east_jutland_police, randers, adult_case
):
    decision, _ = _reveal(
        police_coordinator,
        east_jutland_police,
        randers,
        person=None,
        case=adult_case,
        context="infohouse",
    )

    assert not decision.allowed
    assert (
        "Randers Municipality is not a member of the infohus of Aarhus Municipality"
        in decision.explanation_en
    )


def test_case_and_person_must_agree(
    police_coordinator, east_jutland_police, aarhus, adult_case, child
):
    with pytest.raises(ValidationError) as error:
        _reveal(police_coordinator, east_jutland_police, aarhus, person=child, case=adult_case)

    assert "person" in error.value.message_dict
    assert not DisclosureRecord.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"categories": []}, "categories"),
        ({"categories": ["identity", "gossip"]}, "categories"),
        ({"purpose": "curiosity"}, "purpose"),
        ({"context": "pub"}, "context"),
        ({"kind": "rumour"}, "kind"),
        ({"meeting_49a_number": 0}, "meeting_49a_number"),
        ({"necessity_note": "x" * 2001}, "necessity_note"),
    ],
)
def test_invalid_input_is_an_error_and_records_nothing(
    police_coordinator, east_jutland_police, aarhus, adult, changes, field
):
    with pytest.raises(ValidationError) as error:
        _reveal(police_coordinator, east_jutland_police, aarhus, person=adult, **changes)

    assert field in error.value.message_dict
    assert not DisclosureRecord.objects.exists()
    assert not AuditEvent.objects.exists()


def test_nobody_discloses_to_their_own_organisation(municipal_coordinator, aarhus, adult):
    with pytest.raises(ValidationError) as error:
        _reveal(municipal_coordinator, aarhus, aarhus, person=adult)

    assert "recipient" in error.value.message_dict


@pytest.mark.parametrize(
    "persona", ["other_coordinator", "analyst", "dpo", "administrator", "partner"]
)
def test_only_someone_working_for_the_discloser_proposes(
    request, persona, aarhus, east_jutland_police, adult
):
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        _reveal(user, aarhus, east_jutland_police, person=adult)

    assert not DisclosureRecord.objects.exists()


def test_a_police_coordinator_discloses_for_the_infohus_and_a_teacher_for_the_school(
    police_coordinator, professional, aarhus_school, aarhus, east_jutland_police, adult
):
    infohus = organisation("infohus-oestjyllands-politi")

    from_infohus, _ = _reveal(
        police_coordinator, infohus, aarhus, person=adult, context="infohouse"
    )
    from_school, _ = _reveal(professional, aarhus_school, east_jutland_police, person=adult)

    assert from_infohus.allowed and from_school.allowed


def test_the_ledger_is_append_only(police_coordinator, east_jutland_police, aarhus, adult):
    _, record = _reveal(police_coordinator, east_jutland_police, aarhus, person=adult)
    record.necessity_note = "Rettet bagefter"

    with pytest.raises(ValidationError):
        record.save()

    record.refresh_from_db()
    assert record.necessity_note == NOTE


# Consent


def _consent(by, person, exit_programme, **kwargs):
    values = {
        "given_by": "person",
        "recipients": [exit_programme],
        "purposes": ["measure"],
        "categories": ["identity", "concern"],
    } | kwargs
    return services.give_consent(person, by=by, **values)


def _to_exit(by, exit_programme, person, **kwargs):
    values = {"context": "none", "purpose": "measure", "necessity_note": ""} | kwargs
    return _reveal(by, organisation("aarhus-kommune"), exit_programme, person=person, **values)


def test_a_consent_is_recorded_with_its_scope_and_audited(
    municipal_coordinator, adult, exit_programme
):
    consent = _consent(
        municipal_coordinator, adult, exit_programme, note="Underskrevet samtykkeerklæring"
    )

    consent.refresh_from_db()
    assert consent.is_active
    assert list(consent.recipients.all()) == [exit_programme]
    assert (consent.purposes, consent.categories) == (["measure"], ["identity", "concern"])
    assert consent.recorded_by == municipal_coordinator
    event = AuditEvent.objects.get(verb="consent.given", target_id=str(consent.pk))
    assert event.after is not None and event.after["recipients"] == ["exit-forening"]
    assert event.after is not None and event.after["person"] == adult.pseudonym
    assert "Underskrevet" not in str(event.after)


def test_consent_lets_a_disclosure_through_and_withdrawal_stops_it_from_then_on(
    municipal_coordinator, adult, exit_programme
):
    consent = _consent(municipal_coordinator, adult, exit_programme)

    before, first = _to_exit(municipal_coordinator, exit_programme, adult)
    services.withdraw_consent(consent, by=municipal_coordinator)
    after, second = _to_exit(municipal_coordinator, exit_programme, adult)

    assert before.allowed and before.legal_basis.key == "consent"
    assert first.consent == consent and first.conditions == ["consent"]
    assert not after.allowed
    assert "the consent was withdrawn on" in after.explanation_en
    assert (second.allowed, second.consent, second.failed_condition) == (False, None, "consent")
    first.refresh_from_db()
    assert first.allowed  # what was disclosed before the withdrawal stays in the ledger
    consent.refresh_from_db()
    assert consent.withdrawn_by == municipal_coordinator
    assert AuditEvent.objects.filter(verb="consent.withdrawn", target_id=str(consent.pk)).exists()


def test_a_consent_for_another_recipient_does_not_carry_the_disclosure(
    municipal_coordinator, adult, exit_programme
):
    _consent(
        municipal_coordinator, adult, exit_programme, recipients=[organisation("mentor_corps")]
    )

    decision, _ = _to_exit(municipal_coordinator, exit_programme, adult)

    assert not decision.allowed
    assert "the consent does not cover Exit" in decision.explanation_en


def test_a_consent_to_a_kind_of_recipient_covers_each_of_that_kind(
    municipal_coordinator, adult, exit_programme
):
    _consent(
        municipal_coordinator,
        adult,
        exit_programme,
        recipients=[],
        recipient_kinds=["civil_society"],
    )

    decision, _ = _to_exit(municipal_coordinator, exit_programme, adult)

    assert decision.allowed


def test_a_consent_cannot_be_withdrawn_twice(municipal_coordinator, adult, exit_programme):
    consent = _consent(municipal_coordinator, adult, exit_programme)
    services.withdraw_consent(consent, by=municipal_coordinator)

    with pytest.raises(ValidationError):
        services.withdraw_consent(consent, by=municipal_coordinator)


def test_a_childs_consent_is_given_by_the_custody_holders(
    municipal_coordinator, child, exit_programme
):
    with pytest.raises(ValidationError) as error:
        _consent(municipal_coordinator, child, exit_programme, given_by="person")

    assert "given_by" in error.value.message_dict
    consent = _consent(municipal_coordinator, child, exit_programme, given_by="custody_holders")
    assert consent.given_by == "custody_holders"


def test_an_adult_consents_for_themselves(municipal_coordinator, adult, exit_programme):
    with pytest.raises(ValidationError) as error:
        _consent(municipal_coordinator, adult, exit_programme, given_by="custody_holders")

    assert "given_by" in error.value.message_dict


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"purposes": []}, "purposes"),
        ({"categories": ["gossip"]}, "categories"),
        ({"recipients": [], "recipient_kinds": []}, "recipients"),
        ({"recipient_kinds": ["pub"]}, "recipient_kinds"),
        ({"given_at": timezone.now() + datetime.timedelta(days=1)}, "given_at"),
        ({"given_by": "neighbour"}, "given_by"),
    ],
)
def test_an_invalid_consent_is_an_error_and_saves_nothing(
    municipal_coordinator, adult, exit_programme, changes, field
):
    with pytest.raises(ValidationError) as error:
        _consent(municipal_coordinator, adult, exit_programme, **changes)

    assert field in error.value.message_dict
    assert not Consent.objects.exists()


def test_a_consent_given_earlier_is_recorded_with_that_time(
    municipal_coordinator, adult, exit_programme
):
    earlier = timezone.now() - datetime.timedelta(days=3)

    consent = _consent(municipal_coordinator, adult, exit_programme, given_at=earlier)

    assert consent.given_at == earlier
    assert consent.recorded_at > earlier


def test_consents_are_recorded_only_by_coordinators_in_scope(
    other_coordinator, police_coordinator, adult, exit_programme, analyst
):
    with pytest.raises(PermissionDenied):
        _consent(other_coordinator, adult, exit_programme)
    with pytest.raises(PermissionDenied):
        _consent(analyst, adult, exit_programme)

    consent = _consent(police_coordinator, adult, exit_programme)  # the person's police district
    with pytest.raises(PermissionDenied):
        services.withdraw_consent(consent, by=other_coordinator)


def test_a_consent_of_another_person_carries_nothing(municipal_coordinator, adult, exit_programme):
    _consent(
        municipal_coordinator, PersonFactory.create(), exit_programme, given_by="custody_holders"
    )

    decision, _ = _to_exit(municipal_coordinator, exit_programme, adult)

    assert not decision.allowed


def test_exporting_the_ledger_is_logged_for_a_dpo_only(dpo, municipal_coordinator):
    services.record_ledger_export(by=dpo, filters={"allowed": False}, count=3)

    event = AuditEvent.objects.get(verb="ledger.exported")
    assert event.after == {"filters": {"allowed": False}, "count": 3}
    with pytest.raises(PermissionDenied):
        services.record_ledger_export(by=municipal_coordinator, filters={}, count=0)


def test_a_case_of_another_municipality_is_still_decided_by_its_own_cooperation(
    police_coordinator, east_jutland_police, randers
):
    randers_case = CaseFactory.create(person=PersonFactory.create(municipality=randers))

    decision, record = _reveal(
        police_coordinator, east_jutland_police, randers, person=None, case=randers_case
    )

    assert decision.allowed
    assert record.case == randers_case
