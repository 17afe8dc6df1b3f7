"""Fixtures of the infohus network tests: the East Jutland network and an outsider district."""

import datetime

import pytest

from forebyg.accounts.models import Role
from forebyg.accounts.tests.factories import UserFactory
from forebyg.actors.models import Organisation
from forebyg.networks import services
from forebyg.networks.models import NetworkNote


@pytest.fixture
def odense_coordinator(db):
    """A coordinator of Odense, in Fyns Politi's network, not East Jutland's."""
    odense = Organisation.objects.get(kind="municipality", code="461")
    return UserFactory(
        username="tovholder-odense", memberships=[(odense, Role.MUNICIPAL_COORDINATOR)]
    )


@pytest.fixture
def infohouse_police(db, east_jutland_police):
    """A police coordinator whose membership is of the district's infohus."""
    infohouse = Organisation.objects.get(kind="infohouse", parent=east_jutland_police)
    return UserFactory(username="infohus", memberships=[(infohouse, Role.POLICE_COORDINATOR)])


@pytest.fixture
def funen_police(db):
    return Organisation.objects.get(kind="police_district", code="1465")


def write_note(by, district, **values) -> NetworkNote:
    defaults = {
        "kind": "meeting",
        "date": datetime.date(2026, 1, 15),
        "title": "Netværksmøde",
        "text": "Tendenser i kvartalet.",
    }
    return services.create_note(by=by, police_district=district, **{**defaults, **values})


@pytest.fixture
def note(police_coordinator, east_jutland_police) -> NetworkNote:
    return write_note(police_coordinator, east_jutland_police)
