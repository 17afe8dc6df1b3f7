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


# The fake OpenID Connect provider of the OIDC tests (forebyg/accounts/tests/oidc_provider.py).
@pytest.fixture(scope="session")
def provider_rsa_key():
    from forebyg.accounts.tests import oidc_provider

    return oidc_provider.rsa_key()


@pytest.fixture
def provider(db, settings, provider_rsa_key):
    """OIDC switched on against a fake provider answering every HTTP call the flow makes."""
    from unittest import mock

    from forebyg.accounts.tests import oidc_provider

    fake = oidc_provider.FakeProvider(key=provider_rsa_key)
    oidc_provider.configure(settings)
    with (
        mock.patch("requests.post", side_effect=fake.post),
        mock.patch("requests.get", side_effect=fake.get),
    ):
        yield fake


@pytest.fixture
def oidc_login(client, provider):
    """Run the code flow for the given claims; returns the callback's response and its URL."""
    from django.urls import reverse

    def run(claims, *, next_url=None):
        start = reverse("accounts:oidc_authenticate")
        response = client.get(start, {"next": next_url} if next_url else {})
        assert response.status_code == 302
        code, state = provider.authorize(response.url, claims)
        callback = reverse("accounts:oidc_callback") + f"?code={code}&state={state}"
        return client.get(callback), callback

    return run
