import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from forebyg.audit.models import AuditEvent
from forebyg.cases import services
from forebyg.cases.models import ScreeningPolicy
from forebyg.cases.tests.factories import CaseFactory
from forebyg.cases.tests.helpers import days, report, upload
from forebyg.core import crypto

pytestmark = pytest.mark.django_db

CPR = "170510-4123"


def test_viewing_a_case_is_logged_with_its_purpose(municipal_coordinator):
    case = CaseFactory.create()

    services.record_case_view(case, by=municipal_coordinator, purpose="Forberede infohusmøde")

    event = AuditEvent.objects.get(verb="case.viewed")
    assert (event.actor, event.target_id, event.purpose) == (
        municipal_coordinator,
        str(case.pk),
        "Forberede infohusmøde",
    )


def test_a_view_without_a_purpose_is_refused(municipal_coordinator):
    with pytest.raises(ValidationError):
        services.record_case_view(CaseFactory.create(), by=municipal_coordinator, purpose=" ")
    assert not AuditEvent.objects.exists()


def test_an_outsider_s_view_is_refused(other_coordinator):
    with pytest.raises(PermissionDenied):
        services.record_case_view(CaseFactory.create(), by=other_coordinator, purpose="Nysgerrig")


def test_a_download_and_an_export_are_logged(professional, municipal_coordinator, aarhus):
    concern = report(professional, aarhus, attachments=[upload()])

    services.record_attachment_download(
        concern.attachments.get(), by=municipal_coordinator, purpose="Sagsbehandling"
    )
    services.record_export(
        [concern.case], by=municipal_coordinator, purpose="Til mødet", file_format="pdf"
    )

    assert AuditEvent.objects.get(verb="attachment.downloaded").purpose == "Sagsbehandling"
    exported = AuditEvent.objects.get(verb="case.exported")
    assert exported.after == {"format": "pdf", "cases": [concern.case.reference]}


def test_search_by_cpr_finds_the_person_and_logs_only_the_blind_index(
    professional, municipal_coordinator, aarhus
):
    person = report(professional, aarhus, cpr=CPR, birth_date=None).case.person

    found = services.search_persons(by=municipal_coordinator, purpose="Ny henvendelse", cpr=CPR)

    assert found == [person]
    event = AuditEvent.objects.get(verb="person.searched")
    assert event.purpose == "Ny henvendelse"
    assert event.after == {
        "criterion": "cpr",
        "cpr_index": crypto.blind_index("1705104123", purpose="cpr"),
        "found": [person.pk],
    }
    logged = json.dumps([event.before, event.after, event.purpose])
    assert "1705104123" not in logged and "170510" not in logged


def test_search_by_name_matches_every_word_whatever_the_case(
    professional, municipal_coordinator, aarhus
):
    jonas = report(professional, aarhus, person_name="Jonas Ravn Hansen").case.person
    report(professional, aarhus, person_name="Jonas Madsen")

    found = services.search_persons(by=municipal_coordinator, purpose="Opslag", name="hansen JONAS")

    assert found == [jonas]
    event = AuditEvent.objects.get(verb="person.searched")
    assert event.after == {"criterion": "name", "found": [jonas.pk]}
    assert "Jonas" not in json.dumps(event.after)


def test_search_never_reaches_outside_the_scope(professional, other_coordinator, aarhus):
    report(professional, aarhus, cpr=CPR, birth_date=None, person_name="Jonas Hansen")

    assert services.search_persons(by=other_coordinator, purpose="Opslag", cpr=CPR) == []
    assert services.search_persons(by=other_coordinator, purpose="Opslag", name="Jonas") == []


def test_the_police_district_searches_its_municipalities(
    professional, police_coordinator, aarhus, randers
):
    in_randers = report(professional, randers, cpr=CPR, birth_date=None).case.person

    assert services.search_persons(by=police_coordinator, purpose="Screening", cpr=CPR) == [
        in_randers
    ]


@pytest.mark.parametrize(
    ("criteria", "field"),
    [
        ({"cpr": "999999-9999"}, "cpr"),
        ({"name": "J"}, "name"),
        ({}, "name"),
        ({"name": "Jonas", "purpose": ""}, "purpose"),
    ],
)
def test_a_bad_search_is_refused_and_not_logged(municipal_coordinator, criteria, field):
    values = {"purpose": "Opslag"} | criteria

    with pytest.raises(ValidationError) as caught:
        services.search_persons(by=municipal_coordinator, **values)
    assert field in caught.value.message_dict
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    "persona", ["professional", "analyst", "plan_owner", "administrator", "hotline_operator", "dpo"]
)
def test_only_coordinators_search_for_people(request, persona):
    with pytest.raises(PermissionDenied):
        services.search_persons(by=request.getfixturevalue(persona), purpose="x", name="Jonas")


def test_a_municipality_sets_its_screening_deadline(municipal_coordinator, professional, aarhus):
    services.set_screening_days(aarhus, days=5, by=municipal_coordinator)

    assert ScreeningPolicy.objects.get(municipality=aarhus).screening_days == 5
    assert report(professional, aarhus).case.screening_due == days(5)
    event = AuditEvent.objects.get(verb="screening_policy.changed")
    assert (event.before, event.after) == ({"screening_days": 10}, {"screening_days": 5})


@pytest.mark.parametrize("value", [0, 91, -1, "5"])
def test_a_screening_deadline_out_of_range_is_refused(municipal_coordinator, aarhus, value):
    with pytest.raises(ValidationError):
        services.set_screening_days(aarhus, days=value, by=municipal_coordinator)
    assert not ScreeningPolicy.objects.exists()


def test_another_municipality_s_deadline_is_not_yours(
    other_coordinator, police_coordinator, aarhus
):
    with pytest.raises(PermissionDenied):
        services.set_screening_days(aarhus, days=5, by=other_coordinator)
    with pytest.raises(PermissionDenied):
        services.set_screening_days(aarhus, days=5, by=police_coordinator)


def test_an_administrator_of_the_municipality_sets_the_deadline(administrator, aarhus):
    assert services.set_screening_days(aarhus, days=7, by=administrator).screening_days == 7
