"""Sessions at login, and "log out everywhere" for administrators."""

import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from forebyg.accounts import sessions
from forebyg.accounts.tests.factories import PASSWORD
from forebyg.audit.models import AuditEvent

START = reverse("accounts:start")
USERS = reverse("admin:accounts_user_changelist")


def _log_in(client: Client, user) -> None:
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_logging_in_gives_a_new_session_id(client, professional):
    client.get(reverse("accounts:login"))  # an anonymous session with the CSRF token's cookie
    session = client.session
    session["anonymous"] = True
    session.save()
    before = session.session_key

    _log_in(client, professional)

    assert client.session.session_key != before


@pytest.mark.django_db
def test_logging_in_starts_the_session_clocks(client, professional):
    _log_in(client, professional)

    now = time.time()
    for key in (sessions.STARTED_AT, sessions.LAST_SEEN_AT, sessions.AUTHENTICATED_AT):
        assert now - client.session[key] < 5


@pytest.mark.django_db
def test_log_out_everywhere_ends_every_session_of_the_user(client, administrator, professional):
    laptop, phone = Client(), Client()
    laptop.force_login(professional)
    phone.force_login(professional)
    client.force_login(administrator)

    response = client.post(
        USERS, {"action": "log_out_everywhere", "_selected_action": [professional.pk]}
    )

    assert response.status_code == 302
    for device in (laptop, phone):
        assert device.get(START).status_code == 302
        assert "_auth_user_id" not in device.session
    event = AuditEvent.objects.get(verb="user.sessions_ended")
    assert event.actor == administrator
    assert event.target_id == str(professional.pk)


@pytest.mark.django_db
def test_a_login_after_log_out_everywhere_works(client, administrator, professional):
    client.force_login(administrator)
    client.post(USERS, {"action": "log_out_everywhere", "_selected_action": [professional.pk]})
    time.sleep(0.01)  # a new session begins strictly after the moment

    later = Client()
    later.force_login(professional)

    assert later.get(START).status_code == 200


@pytest.mark.django_db
def test_log_out_everywhere_leaves_other_users_alone(client, administrator, professional, dpo):
    other = Client()
    other.force_login(dpo)
    client.force_login(administrator)

    client.post(USERS, {"action": "log_out_everywhere", "_selected_action": [professional.pk]})

    assert other.get(START).status_code == 200
    assert client.get(START).status_code == 200


@pytest.mark.django_db
def test_log_out_everywhere_is_offered_on_the_user_list(client, administrator):
    client.force_login(administrator)

    response = client.get(USERS)

    assert 'value="log_out_everywhere"' in response.text


@pytest.mark.django_db
def test_logging_out_ends_the_session_on_the_server(client, professional):
    client.force_login(professional)
    stolen = Client()
    stolen.cookies[settings.SESSION_COOKIE_NAME] = client.session.session_key
    assert stolen.get(START).status_code == 200

    client.post(reverse("accounts:logout"))

    assert stolen.get(START).status_code == 302
