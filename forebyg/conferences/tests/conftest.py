"""Fixtures for the conference tests: an Aarhus case in the infohus, the authorities at the
table, and a conference planned by the Aarhus coordinator."""

import datetime

import pytest

from forebyg.actors.models import Organisation
from forebyg.cases.models import Case
from forebyg.cases.tests.factories import CaseFactory
from forebyg.cases.workflow import Status
from forebyg.conferences import services
from forebyg.conferences.models import Conference


def organisation(key: str) -> Organisation:
    return Organisation.objects.get(key=key)


@pytest.fixture
def psychiatry(db) -> Organisation:
    return organisation("psykiatrien-region-midtjylland")


@pytest.fixture
def capital_psychiatry(db) -> Organisation:
    """Psychiatry of Region Hovedstaden: outside the Aarhus infohus."""
    return organisation("psykiatrien-region-hovedstaden")


@pytest.fixture
def aarhus_case(db, aarhus) -> Case:
    return CaseFactory.create(status=Status.INFORMATION_GATHERING)


@pytest.fixture
def conference(municipal_coordinator, aarhus) -> Conference:
    return services.create_conference(
        by=municipal_coordinator,
        municipality=aarhus,
        held_on=datetime.date(2026, 12, 3),
        location="Rådhuset",
    )


@pytest.fixture
def full_conference(
    conference,
    municipal_coordinator,
    aarhus,
    east_jutland_police,
    psychiatry,
    capital_psychiatry,
    aarhus_case,
) -> Conference:
    """The municipality, the police, psychiatry (Midtjylland and Hovedstaden), and one case."""
    for organisation_, name in [
        (aarhus, "Mette Tovholder"),
        (east_jutland_police, "Peter Politi"),
        (psychiatry, "Sara Psykiater"),
        (capital_psychiatry, "Hans Hovedstad"),
    ]:
        services.add_participant(
            conference, by=municipal_coordinator, organisation=organisation_, name=name
        )
    services.add_case(
        conference,
        by=municipal_coordinator,
        case=aarhus_case,
        reason="Politi og psykiatri skal kende bekymringen for at vurdere den samlet.",
    )
    return conference
