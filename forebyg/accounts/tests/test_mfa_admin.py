"""The admin needs a session verified with a second factor; administrators reset a user's
password (checked against the password rules) and, if ticked, their two-factor login."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from forebyg.accounts import sessions
from forebyg.accounts.admin_site import admin_site
from forebyg.accounts.mfa import recovery
from forebyg.accounts.tests.mfa_helpers import device_for
from forebyg.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "blaeksprutte-kanelsnegl-47"


@pytest.fixture(autouse=True)
def _enforced(settings):
    settings.MFA_ENFORCED = True


def _admin_request(rf, user, device=None):
    request = rf.get(reverse("admin:index"))
    request.user = user
    request.session = SessionStore()
    if device is not None:
        request.session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    return request


def test_the_admin_refuses_an_administrator_without_a_verified_session(rf, administrator):
    assert not admin_site.has_permission(_admin_request(rf, administrator))


def test_the_admin_opens_to_an_administrator_verified_with_their_own_device(rf, administrator):
    device = device_for(administrator)

    assert admin_site.has_permission(_admin_request(rf, administrator, device))


def test_another_users_device_does_not_open_the_admin(rf, administrator, dpo):
    assert not admin_site.has_permission(_admin_request(rf, administrator, device_for(dpo)))


def test_an_unverified_administrator_is_sent_to_the_mfa_step(unverified_client, administrator):
    unverified_client.force_login(administrator)

    response = unverified_client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:mfa_verify"))


def _reset_url(user) -> str:
    return reverse("admin:accounts_user_password_reset", args=[user.pk])


def _post(client, user, password=NEW_PASSWORD, **extra):
    data = {"new_password1": password, "new_password2": password, **extra}
    return client.post(_reset_url(user), data)


def test_the_user_page_links_to_the_password_reset(client, administrator, dpo):
    client.force_login(administrator)

    response = client.get(reverse("admin:accounts_user_change", args=[dpo.pk]))

    assert _reset_url(dpo) in response.text
    assert client.get(_reset_url(dpo)).status_code == 200


def test_an_administrator_resets_a_password_audited_without_the_password(
    client, administrator, dpo
):
    client.force_login(administrator)
    device = device_for(dpo)

    response = _post(client, dpo)

    assert response.status_code == 302
    dpo.refresh_from_db()
    assert dpo.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(verb="user.password_reset")
    assert event.actor == administrator
    assert event.target_id == str(dpo.pk)
    assert event.after == {"usable_password": True, "mfa_reset": False}
    assert NEW_PASSWORD not in str(event.after) and dpo.password not in str(event.after)
    assert TOTPDevice.objects.filter(pk=device.pk).exists()  # two-factor left as it was


def test_ticking_also_reset_two_factor_removes_the_devices_and_ends_the_sessions(
    client, administrator, dpo
):
    client.force_login(administrator)
    device_for(dpo)
    recovery.replace_recovery_codes(dpo)

    response = _post(client, dpo, reset_mfa="on")

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=dpo).exists()
    assert not StaticDevice.objects.filter(user=dpo).exists()
    assert AuditEvent.objects.get(verb="user.mfa_reset").after == {"removed": 12}
    dpo.refresh_from_db()
    assert dpo.sessions_ended_at is not None and dpo.sessions_ended_at <= timezone.now()


@pytest.mark.parametrize(
    "password",
    ["kort-kode-1", "qwerty123456", "", "dpo"],  # too short, common, empty, the username
)
def test_a_weak_or_empty_password_is_refused_and_changes_nothing(
    client, administrator, dpo, password
):
    client.force_login(administrator)
    old_hash = dpo.password

    response = _post(client, dpo, password=password, reset_mfa="on")

    assert response.status_code == 200
    assert response.context["form"].errors
    dpo.refresh_from_db()
    assert dpo.password == old_hash
    verbs = ["user.password_reset", "user.mfa_reset"]
    assert not AuditEvent.objects.filter(verb__in=verbs).exists()


def test_mismatched_passwords_are_refused(client, administrator, dpo):
    client.force_login(administrator)

    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"}
    response = client.post(_reset_url(dpo), data)

    assert response.status_code == 200
    assert not AuditEvent.objects.filter(verb="user.password_reset").exists()


def test_a_password_reset_needs_a_recent_login(client, administrator, dpo):
    client.force_login(administrator)
    session = client.session
    session[sessions.AUTHENTICATED_AT] = 0
    session.save()

    response = _post(client, dpo)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:step_up"))
    assert not AuditEvent.objects.filter(verb="user.password_reset").exists()


def test_only_administrators_reach_the_password_reset(client, dpo, municipal_coordinator):
    client.force_login(dpo)

    response = _post(client, municipal_coordinator)

    assert response.status_code in (302, 404)
    assert not AuditEvent.objects.filter(verb="user.password_reset").exists()
