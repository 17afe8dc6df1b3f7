"""The personas of DESIGN.md §2, shared by every test, and reference data loaded once per run."""

import pytest
from django.core.management import call_command

from forebyg.accounts.models import Role
from forebyg.accounts.tests.factories import UserFactory
from forebyg.actors.models import Organisation


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real reference data once; every test then sees it and rolls back its own rows."""
    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0)


def _org(key: str) -> Organisation:
    return Organisation.objects.get(key=key)


def _persona(username: str, org_key: str, *roles: str):
    return UserFactory(username=username, memberships=[(_org(org_key), role) for role in roles])


@pytest.fixture
def aarhus(db) -> Organisation:
    return _org("aarhus-kommune")


@pytest.fixture
def randers(db) -> Organisation:
    return _org("randers-kommune")


@pytest.fixture
def east_jutland_police(db) -> Organisation:
    return _org("oestjyllands-politi")


@pytest.fixture
def aarhus_school(db, aarhus) -> Organisation:
    return Organisation.objects.get_or_create(
        key="aarhus-demo-skole",
        defaults={"kind": "school", "level": "local", "name_da": "Demo Skole", "parent": aarhus},
    )[0]


@pytest.fixture
def professional(db, aarhus_school):
    return _persona("laerer", "aarhus-demo-skole", Role.PROFESSIONAL)


@pytest.fixture
def municipal_coordinator(db):
    return _persona("tovholder", "aarhus-kommune", Role.MUNICIPAL_COORDINATOR)


@pytest.fixture
def other_coordinator(db):
    """A coordinator of another municipality (Randers), who must see nothing of Aarhus."""
    return _persona("tovholder-randers", "randers-kommune", Role.MUNICIPAL_COORDINATOR)


@pytest.fixture
def police_coordinator(db):
    return _persona("politi", "oestjyllands-politi", Role.POLICE_COORDINATOR)


@pytest.fixture
def partner(db):
    return _persona("psykiatri", "psykiatrien-region-midtjylland", Role.PARTNER)


@pytest.fixture
def hotline_operator(db):
    return _persona("hotline", "hotline", Role.HOTLINE_OPERATOR)


@pytest.fixture
def plan_owner(db):
    return _persona("planejer", "aarhus-kommune", Role.PLAN_OWNER)


@pytest.fixture
def analyst(db):
    return _persona("analytiker", "cde", Role.ANALYST)


@pytest.fixture
def dpo(db):
    return _persona("dpo", "aarhus-kommune", Role.DATA_PROTECTION_OFFICER)


@pytest.fixture
def administrator(db):
    user = _persona("admin", "aarhus-kommune", Role.ADMINISTRATOR)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user
