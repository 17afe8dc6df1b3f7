"""The conference services: clearances decided by the rules engine and written to the ledger,
decisions only by participating authorities, minutes encrypted, everything audited."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from forebyg.audit.models import AuditEvent
from forebyg.cases.tests.factories import CaseFactory
from forebyg.conferences import services
from forebyg.conferences.models import AgendaItem, Minutes, Participant, ParticipantClearance
from forebyg.exchange.models import DisclosureKind, DisclosureRecord

pytestmark = pytest.mark.django_db


def _clearance(conference, organisation) -> ParticipantClearance:
    return ParticipantClearance.objects.get(
        item__conference=conference, participant__organisation=organisation
    )


def test_police_and_psychiatry_are_cleared_under_section_115_in_the_infohus(
    full_conference, east_jutland_police, psychiatry
):
    for organisation in (east_jutland_police, psychiatry):
        clearance = _clearance(full_conference, organisation)

        assert clearance.allowed
        assert clearance.legal_basis is not None
        assert str(clearance.legal_basis).startswith("Retsplejeloven § 115")
        assert clearance.explanation_da and clearance.explanation_en


def test_psychiatry_outside_the_police_district_is_refused_with_a_reason(
    full_conference, capital_psychiatry
):
    clearance = _clearance(full_conference, capital_psychiatry)

    assert not clearance.allowed
    assert clearance.explanation_en.startswith("Refused")
    assert clearance.disclosure is not None and not clearance.disclosure.allowed


def test_the_case_municipality_is_cleared_as_its_own_case_without_a_disclosure(
    full_conference, aarhus
):
    clearance = _clearance(full_conference, aarhus)

    assert clearance.allowed and clearance.own_case
    assert clearance.disclosure is None
    assert not DisclosureRecord.objects.filter(recipient=aarhus).exists()


def test_every_clearance_of_another_organisation_is_a_ledger_line(full_conference, aarhus):
    clearances = ParticipantClearance.objects.filter(item__conference=full_conference).exclude(
        participant__organisation=aarhus
    )
    records = DisclosureRecord.objects.filter(kind=DisclosureKind.CONFERENCE)

    assert clearances.count() == 3
    assert {c.disclosure_id for c in clearances} == set(records.values_list("pk", flat=True))
    for record in records:
        assert record.discloser == aarhus
        assert record.context == "infohouse"
        assert record.purpose == "prevention"
        assert record.categories == ["identity", "concern", "assessment"]
        assert record.necessity_note.startswith("Politi og psykiatri")


def test_each_step_is_audited(full_conference):
    verbs = list(AuditEvent.objects.values_list("verb", flat=True))

    assert verbs.count("conference.created") == 1
    assert verbs.count("conference.participant_added") == 4
    assert verbs.count("conference.case_added") == 1
    assert "conference.viewed" not in verbs
    assert "conference.clearances_decided" in verbs
    assert verbs.count("disclosure.allowed") == 2
    assert verbs.count("disclosure.refused") == 1


def test_a_participant_added_later_is_decided_for_every_case_on_the_agenda(
    full_conference, municipal_coordinator, east_jutland_police
):
    before = DisclosureRecord.objects.count()
    second = services.add_participant(
        full_conference, by=municipal_coordinator, organisation=east_jutland_police, name="Ida"
    )

    clearance = ParticipantClearance.objects.get(participant=second)
    assert clearance.allowed
    # The organisation was decided already: the same ledger line, no new one.
    assert DisclosureRecord.objects.count() == before
    assert clearance.disclosure_id == _clearance_of_first(full_conference, east_jutland_police)


def _clearance_of_first(conference, organisation):
    first = Participant.objects.filter(conference=conference, organisation=organisation).first()
    return ParticipantClearance.objects.get(participant=first).disclosure_id


def test_a_new_case_is_decided_for_every_participant(
    full_conference, municipal_coordinator, aarhus
):
    case = CaseFactory.create()
    item = services.add_case(
        full_conference, by=municipal_coordinator, case=case, reason="Nødvendigt."
    )

    assert item.order == 2
    assert item.clearances.count() == 4


def test_a_case_needs_a_reason(conference, municipal_coordinator, aarhus_case):
    with pytest.raises(ValidationError) as error:
        services.add_case(conference, by=municipal_coordinator, case=aarhus_case, reason=" ")

    assert "reason" in error.value.error_dict
    assert not AgendaItem.objects.exists()


def test_a_case_of_another_municipality_cannot_go_on_the_agenda(
    conference, municipal_coordinator, randers
):
    from forebyg.cases.tests.factories import PersonFactory

    case = CaseFactory.create(person=PersonFactory.create(municipality=randers))
    with pytest.raises(ValidationError) as error:
        services.add_case(conference, by=municipal_coordinator, case=case, reason="x")

    assert "case" in error.value.error_dict


def test_a_case_goes_on_the_agenda_once(conference, municipal_coordinator, aarhus_case):
    services.add_case(conference, by=municipal_coordinator, case=aarhus_case, reason="x")

    with pytest.raises(ValidationError):
        services.add_case(conference, by=municipal_coordinator, case=aarhus_case, reason="x")


def test_the_police_may_not_disclose_the_municipality_s_cases(
    conference, police_coordinator, aarhus_case
):
    with pytest.raises(PermissionDenied):
        services.add_case(conference, by=police_coordinator, case=aarhus_case, reason="x")


def test_a_coordinator_of_another_municipality_cannot_plan_for_aarhus(other_coordinator, aarhus):
    with pytest.raises(PermissionDenied):
        services.create_conference(
            by=other_coordinator, municipality=aarhus, held_on=datetime.date(2026, 12, 1)
        )


def test_the_police_plans_a_conference_of_a_municipality_in_its_district(
    police_coordinator, aarhus, east_jutland_police
):
    conference = services.create_conference(
        by=police_coordinator, municipality=aarhus, held_on=datetime.date(2026, 12, 1)
    )

    assert conference.police_district == east_jutland_police


def test_only_a_participating_organisation_records_its_own_decision(
    full_conference, police_coordinator, east_jutland_police, randers
):
    item = full_conference.items.get()
    decision = services.record_decision(
        item,
        by=police_coordinator,
        organisation=east_jutland_police,
        decided_by="Peter Politi",
        text="Politiet iværksætter en bekymringssamtale.",
    )
    assert decision.organisation == east_jutland_police
    assert AuditEvent.objects.filter(verb="conference.decision_recorded").count() == 1

    with pytest.raises(ValidationError) as error:
        services.record_decision(
            item, by=police_coordinator, organisation=randers, decided_by="X", text="Y"
        )
    assert "organisation" in error.value.error_dict


def test_minutes_are_encrypted_at_rest(full_conference, municipal_coordinator):
    item = full_conference.items.get()
    services.write_minutes(item, by=municipal_coordinator, text="Hemmeligt referat om sagen.")
    minutes = services.write_minutes(item, by=municipal_coordinator, text="Rettet referat.")

    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM conferences_minutes WHERE id = %s", [minutes.pk])
        raw = cursor.fetchone()[0]
    assert "referat" not in raw
    assert Minutes.objects.get(pk=minutes.pk).text == "Rettet referat."
    events = AuditEvent.objects.filter(verb="conference.minutes_written")
    assert events.count() == 2
    assert "referat" not in str(list(events.values_list("after", flat=True)))


def test_an_export_needs_a_purpose_and_is_audited_with_it(full_conference, police_coordinator):
    with pytest.raises(ValidationError):
        services.export_pdf(full_conference, by=police_coordinator, purpose="")

    export = services.export_pdf(full_conference, by=police_coordinator, purpose="Journalisering")

    event = AuditEvent.objects.get(verb="conference.pdf_exported")
    assert event.purpose == "Journalisering" == export.purpose
    assert event.actor == police_coordinator
