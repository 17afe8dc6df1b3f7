"""The personas of DESIGN.md §2, shared by every test, and reference data loaded once per run."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from forebyg.accounts.models import Role
from forebyg.accounts.tests.factories import UserFactory
from forebyg.actors.models import Organisation

# Every log line of the run is scanned for CPR numbers; one found fails the run (tests/logscan.py).
pytest_plugins = ["tests.logscan", "pytester"]

# MFA (forebyg/accounts/mfa/): a test that logs in with the test client's force_login() or login()
# gets a session confirmed with a second factor, as a real login that completed the MFA step does,
# so tests of everything else log in as before. Any Client (the `client` fixture or one made in a
# test) does this; `unverified_client` does not, for the tests of the MFA step itself.
_plain_login = getattr(Client, "_login")  # noqa: B009 (private: the stubs omit it)


def _login_with_second_factor(self, user, backend=None):
    _plain_login(self, user, backend)
    if getattr(self, "second_factor", True):
        mark_second_factor_given(self, user)


def mark_second_factor_given(client, user) -> None:
    """Give `user` a confirmed authenticator if their roles need one, and mark the client's
    session as confirmed with it (as django_otp.login does after a correct code)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from forebyg.accounts.mfa.conf import needs_mfa

    user = type(user).objects.get(pk=user.pk)  # fresh memberships: roles may have changed
    if not needs_mfa(user):
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


setattr(Client, "_login", _login_with_second_factor)  # noqa: B010 (as above)


class UnverifiedClient(Client):
    """A test client whose logins stop before the MFA step, as after the password only."""

    second_factor = False


@pytest.fixture
def unverified_client() -> UnverifiedClient:
    return UnverifiedClient()


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language (Danish). The locale middleware activates the
    language of each request and leaves it active, so otherwise a test would see the language of
    the last request of whichever test ran before it on the same xdist worker."""
    translation.deactivate()
    yield
    translation.deactivate()


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
