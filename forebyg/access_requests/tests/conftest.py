"""Shared arrangements: a person in Aarhus with a handled case, as the reports find them."""

import datetime

import pytest
from django.utils import timezone

from forebyg.accounts.models import Role
from forebyg.accounts.tests.factories import UserFactory
from forebyg.cases.tests.factories import CaseFactory, ConcernFactory, PersonFactory
from forebyg.cases.workflow import Status

CPR = "170510-4123"
DIGITS = CPR.replace("-", "")
COORDINATOR_NAME = ("Karen", "Koordinatorsen")


@pytest.fixture
def randers_dpo(randers):
    return UserFactory(
        username="dpo-randers", memberships=[(randers, Role.DATA_PROTECTION_OFFICER)]
    )


@pytest.fixture
def named_coordinator(municipal_coordinator):
    municipal_coordinator.first_name, municipal_coordinator.last_name = COORDINATOR_NAME
    municipal_coordinator.save(update_fields=["first_name", "last_name"])
    return municipal_coordinator


@pytest.fixture
def subject_case(aarhus, named_coordinator):
    """A screened case of the person with CPR, with one concern."""
    person = PersonFactory.create(municipality=aarhus, cpr_number=CPR, name="Jonas Indsigtsen")
    case = CaseFactory.create(
        person=person,
        status=Status.INFORMATION_GATHERING,
        screening_outcome=Status.INFORMATION_GATHERING,
        screened_at=timezone.now() - datetime.timedelta(days=3),
    )
    ConcernFactory.create(
        case=case, recorded_by=named_coordinator, description="Deler voldelige videoer."
    )
    return case
