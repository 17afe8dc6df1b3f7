import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from forebyg.access_requests import services
from forebyg.access_requests.models import AccessRequest, Restriction
from forebyg.access_requests.report import Version
from forebyg.access_requests.tests.conftest import CPR, DIGITS
from forebyg.access_requests.tests.factories import AccessRequestFactory
from forebyg.audit.models import AuditEvent
from forebyg.cases import services as case_services
from forebyg.core import crypto

pytestmark = pytest.mark.django_db
D = datetime.date


def _register(by, organisation, **overrides):
    values = {
        "by": by,
        "organisation": organisation,
        "cpr": CPR,
        "received_on": D(2026, 1, 31),
        "identity_check": "mitid",
        "idempotency_key": "key-1",
    }
    return services.register_request(**{**values, **overrides})


@time_machine.travel("2026-02-02 10:00 +01:00")
def test_registering_stores_the_cpr_encrypted_with_its_index_and_a_clamped_deadline(dpo, aarhus):
    request = _register(dpo, aarhus)

    request.refresh_from_db()
    assert request.cpr == DIGITS
    assert request.cpr_index == crypto.blind_index(DIGITS, purpose="cpr")
    assert request.deadline == D(2026, 2, 28)
    event = AuditEvent.objects.get(verb="access_request.registered")
    assert event.target_id == str(request.pk)
    assert DIGITS not in str(event.after)


@pytest.mark.parametrize("cpr", ["123", "320110-1234", "abcdefghij", ""])
def test_a_bad_cpr_number_is_refused_in_danish_and_nothing_is_saved(dpo, aarhus, cpr):
    with translation.override("da"), pytest.raises(ValidationError) as raised:
        _register(dpo, aarhus, cpr=cpr)

    assert "cpr" in raised.value.message_dict
    assert "CPR" in " ".join(raised.value.message_dict["cpr"])
    assert not AccessRequest.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="access_request").exists()


def test_the_same_form_sent_twice_registers_one_request(dpo, aarhus):
    first = _register(dpo, aarhus)
    second = _register(dpo, aarhus)

    assert first.pk == second.pk
    assert AccessRequest.objects.count() == 1
    assert AuditEvent.objects.filter(verb="access_request.registered").count() == 1


def test_someone_else_s_form_key_hands_out_nothing(dpo, aarhus):
    _register(dpo, aarhus)
    other = type(dpo).objects.create(username="dpo2")
    other.memberships.create(organisation=aarhus, role="dpo")

    with pytest.raises(ValidationError):
        _register(other, aarhus)


def test_only_a_dpo_of_the_organisation_registers(municipal_coordinator, randers_dpo, aarhus):
    for user in (municipal_coordinator, randers_dpo):
        with pytest.raises(PermissionDenied):
            _register(user, aarhus)


def test_a_future_receipt_date_is_refused(dpo, aarhus):
    with pytest.raises(ValidationError) as raised:
        _register(dpo, aarhus, received_on=D(2999, 1, 1))

    assert "received_on" in raised.value.message_dict


def test_another_identity_check_needs_a_note(dpo, aarhus):
    with pytest.raises(ValidationError) as raised:
        _register(dpo, aarhus, identity_check="other")

    assert "identity_note" in raised.value.message_dict


@time_machine.travel("2026-02-10 10:00 +01:00")
def test_the_deadline_is_extended_once_with_a_reason(dpo, aarhus):
    request = AccessRequestFactory.create(received_on=D(2026, 1, 31), registered_by=dpo)

    with pytest.raises(ValidationError):
        services.extend_deadline(request, by=dpo, reason="  ")
    extended = services.extend_deadline(request, by=dpo, reason="Mange sager at gennemgå")

    assert extended.deadline == D(2026, 4, 30)
    assert extended.extension_reason == "Mange sager at gennemgå"
    with pytest.raises(ValidationError):
        services.extend_deadline(extended, by=dpo, reason="Igen")
    assert AuditEvent.objects.filter(verb="access_request.extended").count() == 1


@time_machine.travel("2026-03-02 10:00 +01:00")
def test_the_deadline_cannot_be_extended_after_it_passed(dpo):
    request = AccessRequestFactory.create(received_on=D(2026, 1, 31), registered_by=dpo)

    with pytest.raises(ValidationError):
        services.extend_deadline(request, by=dpo, reason="For sent")

    request.refresh_from_db()
    assert request.deadline == D(2026, 2, 28)


@time_machine.travel("2026-02-10 10:00 +01:00")
def test_answering_closes_the_request_and_ends_the_changes(dpo):
    request = AccessRequestFactory.create(received_on=D(2026, 1, 31), registered_by=dpo)

    with pytest.raises(ValidationError):
        services.answer_request(request, by=dpo, answered_on=D(2026, 1, 1))
    services.answer_request(request, by=dpo, answered_on=D(2026, 2, 9))

    request.refresh_from_db()
    assert request.answered_on == D(2026, 2, 9)
    with pytest.raises(ValidationError):
        services.extend_deadline(request, by=dpo, reason="Efter svar")
    assert AuditEvent.objects.filter(verb="access_request.answered").count() == 1


def test_a_dpo_of_another_organisation_cannot_change_a_request(dpo, randers_dpo):
    request = AccessRequestFactory.create(registered_by=dpo)

    with pytest.raises(PermissionDenied):
        services.answer_request(request, by=randers_dpo, answered_on=D(2026, 11, 20))


def test_restricting_needs_an_item_of_the_report(dpo, subject_case):
    request = AccessRequestFactory.create(registered_by=dpo)
    concern = subject_case.concerns.get()

    with pytest.raises(ValidationError) as raised:
        services.restrict_item(request, by=dpo, item_key="concern-0", ground="public", reason="x")
    assert "item_key" in raised.value.message_dict
    services.restrict_item(
        request, by=dpo, item_key=f"concern-{concern.pk}", ground="public", reason="Kilden"
    )

    assert Restriction.objects.get().item_key == f"concern-{concern.pk}"
    assert AuditEvent.objects.filter(verb="access_request.item_restricted").count() == 1


def test_the_report_lists_searches_by_the_cpr_index_and_case_views(
    dpo, named_coordinator, subject_case
):
    case_services.search_persons(by=named_coordinator, purpose="Tjek af CPR", cpr=CPR)
    case_services.record_case_view(subject_case, by=named_coordinator, purpose="Sagsbehandling")
    request = AccessRequestFactory.create(registered_by=dpo)

    generated = services.generate_report(request, by=dpo, version=Version.DPO, file_format="html")

    purposes = [item.purpose for item in generated.report.lookups]
    assert "Tjek af CPR" in purposes
    assert "Sagsbehandling" in purposes
    event = AuditEvent.objects.get(verb="access_request.report_generated")
    assert isinstance(event.after, dict) and event.after["version"] == "dpo"
    assert generated.report.lookups[-1].key == f"lookup-{event.pk}"


def test_a_search_for_another_cpr_number_is_not_listed(dpo, named_coordinator, subject_case):
    case_services.search_persons(by=named_coordinator, purpose="Andet CPR", cpr="010190-1234")
    request = AccessRequestFactory.create(registered_by=dpo)

    generated = services.generate_report(request, by=dpo, version=Version.DPO, file_format="html")

    assert "Andet CPR" not in [item.purpose for item in generated.report.lookups]


def test_another_organisation_s_search_in_its_own_records_is_not_listed(
    dpo, other_coordinator, subject_case
):
    case_services.search_persons(by=other_coordinator, purpose="Randers' egen søgning", cpr=CPR)
    request = AccessRequestFactory.create(registered_by=dpo)

    generated = services.generate_report(request, by=dpo, version=Version.DPO, file_format="html")

    assert "Randers' egen søgning" not in [item.purpose for item in generated.report.lookups]


def test_the_police_search_that_found_the_person_is_listed_with_the_police_as_organisation(
    dpo, police_coordinator, subject_case
):
    case_services.search_persons(by=police_coordinator, purpose="Politiets søgning", cpr=CPR)
    request = AccessRequestFactory.create(registered_by=dpo)

    generated = services.generate_report(request, by=dpo, version=Version.DPO, file_format="html")

    found = [item for item in generated.report.lookups if item.purpose == "Politiets søgning"]
    assert [item.organisation for item in found] == ["Østjyllands Politi"]
