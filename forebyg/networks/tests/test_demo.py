"""The demo data: two notes in the East Jutland network, created once."""

import pytest

from forebyg.accounts.models import Role
from forebyg.accounts.tests.factories import UserFactory
from forebyg.audit.models import AuditEvent
from forebyg.networks import demo
from forebyg.networks.models import NetworkNote

pytestmark = pytest.mark.django_db


def test_the_demo_notes_are_written_once_by_the_demo_members(aarhus, east_jutland_police):
    UserFactory(username="tovholder-aarhus", memberships=[(aarhus, Role.MUNICIPAL_COORDINATOR)])
    UserFactory(
        username="politi-oestjylland",
        memberships=[(east_jutland_police, Role.POLICE_COORDINATOR)],
    )

    assert len(demo.load()) == 2
    assert demo.load() == []
    assert NetworkNote.objects.filter(police_district=east_jutland_police).count() == 2
    assert AuditEvent.objects.filter(verb="network_note.created").count() == 2
