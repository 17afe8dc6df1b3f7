"""Session lifetime, enforced server-side on every request: 30 idle minutes, 8 hours in all, then
the user is logged out (the session flushed) and sent to the login page with a message."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from forebyg.accounts import sessions
from forebyg.audit.models import AuditEvent

START = "accounts:start"


def _shift(client, **seconds_ago: float) -> None:
    """Move the session's clocks back, as if time had passed."""
    session = client.session
    now = time.time()
    for key, ago in seconds_ago.items():
        session[getattr(sessions, key)] = now - ago
    session.save()


def _assert_sent_to_login(response, next_path: str) -> None:
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert f"next={next_path}" in response["Location"].replace("%2F", "/")


@pytest.mark.django_db
def test_a_session_in_use_goes_on(client, professional):
    client.force_login(professional)
    _shift(client, STARTED_AT=3600, LAST_SEEN_AT=29 * 60)

    assert client.get(reverse(START)).status_code == 200


@pytest.mark.django_db
def test_a_session_idle_for_more_than_30_minutes_is_logged_out(client, professional):
    client.force_login(professional)
    session_key = client.session.session_key
    _shift(client, STARTED_AT=3600, LAST_SEEN_AT=31 * 60)

    response = client.get(reverse(START))

    _assert_sent_to_login(response, reverse(START))
    assert "_auth_user_id" not in client.session
    assert client.session.session_key != session_key  # flushed: the old id is gone
    event = AuditEvent.objects.get(verb="user.session_ended")
    assert event.after == {"reason": "idle_timeout"}


@pytest.mark.django_db
def test_a_session_older_than_8_hours_is_logged_out_even_when_busy(client, professional):
    client.force_login(professional)
    _shift(client, STARTED_AT=8 * 3600 + 1, LAST_SEEN_AT=10)

    response = client.get(reverse(START))

    _assert_sent_to_login(response, reverse(START))
    assert AuditEvent.objects.get(verb="user.session_ended").after == {"reason": "absolute_timeout"}


@pytest.mark.django_db
def test_the_limits_are_settings(client, professional, settings):
    settings.FOREBYG_SESSION_IDLE_SECONDS = 60
    client.force_login(professional)
    _shift(client, LAST_SEEN_AT=120)

    assert client.get(reverse(START)).status_code == 302


@pytest.mark.django_db
def test_every_request_keeps_the_session_alive(client, professional):
    client.force_login(professional)
    _shift(client, LAST_SEEN_AT=20 * 60)

    client.get(reverse(START))

    assert time.time() - client.session[sessions.LAST_SEEN_AT] < 5


@pytest.mark.django_db
def test_the_login_page_says_why(client, professional):
    client.force_login(professional)
    _shift(client, LAST_SEEN_AT=31 * 60)

    response = client.get(reverse(START), follow=True)

    with translation.override("da"):
        expected = translation.gettext("Your session has ended. Please log in again.")
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert expected in response.text


@pytest.mark.django_db
def test_a_timed_out_post_changes_nothing_and_goes_to_the_login_page(client, professional):
    client.force_login(professional)
    _shift(client, LAST_SEEN_AT=31 * 60)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")


@pytest.mark.django_db
def test_an_htmx_request_of_a_timed_out_session_reloads_the_login_page(client, professional):
    client.force_login(professional)
    _shift(client, LAST_SEEN_AT=31 * 60)

    response = client.get(reverse(START), headers={"HX-Request": "true"})

    assert response["HX-Redirect"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_a_session_without_a_recorded_start_is_ended(client, professional):
    client.force_login(professional)
    session = client.session
    del session[sessions.STARTED_AT]
    session.save()

    assert client.get(reverse(START)).status_code == 302


@pytest.mark.django_db
def test_the_session_cookie_lives_no_longer_than_the_absolute_limit():
    assert settings.SESSION_COOKIE_AGE <= settings.FOREBYG_SESSION_ABSOLUTE_SECONDS


def test_production_settings_use_secure_host_prefixed_cookies():
    # The cookie names are decided when the settings load, so load them as production would.
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_DOMAIN, "
        "s.SESSION_COOKIE_PATH, s.SECURE_HSTS_SECONDS > 0)"
    )
    env = {
        **os.environ,
        "HTTPS": "true",
        "DEBUG": "false",
        "SECRET_KEY": "x" * 50,
        "DJANGO_SETTINGS_MODULE": "forebyg.settings",
    }
    result = subprocess.run(  # noqa: S603 (our own interpreter and a fixed script)
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )

    assert result.stdout.split() == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "True",
        "True",
        "True",
        "None",
        "/",
        "True",
    ]
