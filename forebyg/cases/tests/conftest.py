"""Fixtures for the case tests: files go to a temporary folder, plus Copenhagen for an
outside police district."""

import pytest

from forebyg.accounts.models import Role
from forebyg.accounts.tests.factories import UserFactory
from forebyg.actors.models import Organisation


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def copenhagen(db) -> Organisation:
    return Organisation.objects.get(kind="municipality", code="101")


@pytest.fixture
def copenhagen_coordinator(db, copenhagen):
    return UserFactory.create(
        username="tovholder-kbh", memberships=[(copenhagen, Role.MUNICIPAL_COORDINATOR)]
    )
