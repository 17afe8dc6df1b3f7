"""Fixtures of the national plan tracker tests."""

import pytest

from forebyg.actors.models import Organisation
from forebyg.national.models import FocusArea, Initiative
from forebyg.national.tests.factories import InitiativeFactory


@pytest.fixture
def ministry(db) -> Organisation:
    return Organisation.objects.get(key="uim")


@pytest.fixture
def area(db) -> FocusArea:
    return FocusArea.objects.get(number=9)


@pytest.fixture
def initiative(db, area) -> Initiative:
    return InitiativeFactory.create(focus_area=area)


@pytest.fixture
def free_number(db) -> int:
    """A plan number no loaded initiative holds."""
    taken = set(Initiative.objects.exclude(number=None).values_list("number", flat=True))
    return min(set(range(1, 42)) - taken)
