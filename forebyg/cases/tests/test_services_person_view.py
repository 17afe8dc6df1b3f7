"""services.record_person_view: a view of a person's timeline is logged like a case view."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from forebyg.audit.models import AuditEvent
from forebyg.cases import services
from forebyg.cases.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_viewing_a_person_is_logged_with_its_purpose(municipal_coordinator, aarhus):
    person = CaseFactory.create().person

    services.record_person_view(person, by=municipal_coordinator, purpose="Forberede mødet")

    event = AuditEvent.objects.get(verb="person.viewed")
    assert (event.actor, event.target_type, event.target_id, event.purpose) == (
        municipal_coordinator,
        "cases.person",
        str(person.pk),
        "Forberede mødet",
    )
    assert event.organisation == aarhus


def test_a_person_view_without_a_purpose_is_refused(municipal_coordinator):
    with pytest.raises(ValidationError):
        services.record_person_view(
            CaseFactory.create().person, by=municipal_coordinator, purpose=""
        )
    assert not AuditEvent.objects.exists()


def test_an_outsider_s_person_view_is_refused(other_coordinator):
    with pytest.raises(PermissionDenied):
        services.record_person_view(
            CaseFactory.create().person, by=other_coordinator, purpose="Nysgerrig"
        )
    assert not AuditEvent.objects.exists()
