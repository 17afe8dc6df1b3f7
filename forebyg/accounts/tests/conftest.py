import pytest

from forebyg.accounts.models import Role
from forebyg.accounts.tests.factories import PASSWORD, UserFactory


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def two_role_user(aarhus):
    """One person holding two roles in Aarhus Kommune."""
    return UserFactory(
        username="mette",
        first_name="Mette",
        last_name="Friis",
        memberships=[(aarhus, Role.PLAN_OWNER), (aarhus, Role.DATA_PROTECTION_OFFICER)],
    )
