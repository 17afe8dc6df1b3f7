"""Immediate de-provisioning: a coordinator reads a case; after being disabled, losing the
membership or changing role, the very next request with the same session reflects it."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.urls import reverse

from forebyg.accounts.models import Membership, Role
from forebyg.cases.tests.factories import CaseFactory, PersonFactory, municipality


@pytest.fixture
def aarhus_case(db):
    return CaseFactory.create(
        person=PersonFactory.create(municipality=municipality("aarhus-kommune"))
    )


@pytest.fixture
def randers_case(db):
    return CaseFactory.create(
        person=PersonFactory.create(municipality=municipality("randers-kommune"))
    )


@pytest.fixture
def reading(client, municipal_coordinator, aarhus_case):
    """The coordinator's session, which has just read the Aarhus case."""
    client.force_login(municipal_coordinator)
    url = reverse("cases:detail", args=[aarhus_case.pk])
    assert client.get(url).status_code == 200
    return client, url


@pytest.mark.django_db
def test_a_disabled_user_is_logged_out_on_the_next_request(reading, municipal_coordinator):
    client, url = reading
    municipal_coordinator.is_active = False
    municipal_coordinator.save()

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_disabled_user_is_logged_out_whatever_the_login_backend(
    client, settings, municipal_coordinator, aarhus_case
):
    # A backend that does not itself refuse inactive users (as an OIDC backend may not).
    lenient = "django.contrib.auth.backends.AllowAllUsersModelBackend"
    settings.AUTHENTICATION_BACKENDS = [lenient]
    client.force_login(municipal_coordinator, backend=lenient)
    assert client.session[BACKEND_SESSION_KEY] == lenient
    municipal_coordinator.is_active = False
    municipal_coordinator.save()

    response = client.get(reverse("cases:detail", args=[aarhus_case.pk]))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_losing_the_membership_hides_the_case_on_the_next_request(reading, municipal_coordinator):
    client, url = reading
    Membership.objects.filter(user=municipal_coordinator).delete()

    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_changed_role_changes_the_scope_on_the_next_request(
    reading, municipal_coordinator, randers, randers_case
):
    client, url = reading
    Membership.objects.filter(user=municipal_coordinator).update(organisation=randers)

    assert client.get(url).status_code == 404
    assert client.get(reverse("cases:detail", args=[randers_case.pk])).status_code == 200


@pytest.mark.django_db
def test_a_coordinator_made_professional_loses_the_case_list(reading, municipal_coordinator):
    client, url = reading
    Membership.objects.filter(user=municipal_coordinator).update(role=Role.PROFESSIONAL)

    assert client.get(url).status_code == 404
    assert client.get(reverse("cases:dashboard")).status_code == 404
