"""Lockout after repeated failed logins (django-axes): five failures for one username from one
address lock that pair for 15 minutes, with our own page and message; audited and logged."""

import datetime as dt
import logging

import pytest
import time_machine
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from forebyg.audit.models import AuditEvent

LOGIN = reverse("accounts:login")
START = reverse("accounts:start")
# A coordinator's password login continues at the second factor (MFA_REQUIRED_ROLES).
CODE_STEP = reverse("accounts:mfa_verify")
WRONG = "forkert-kodeord-42"


def _fail(client, username="tovholder", times=1, **extra):
    response = None
    for _ in range(times):
        response = client.post(LOGIN, {"username": username, "password": WRONG}, **extra)
    return response


def _lockout_message(minutes=15):
    with translation.override("da"):
        return ngettext(
            "Logging in with this username from your address is blocked for %(minutes)s "
            "minute. Try again later, or ask your organisation's administrator for help.",
            "Logging in with this username from your address is blocked for %(minutes)s "
            "minutes. Try again later, or ask your organisation's administrator for help.",
            minutes,
        ) % {"minutes": minutes}


def test_four_failures_do_not_lock(client, municipal_coordinator, password):
    _fail(client, times=4)

    response = client.post(LOGIN, {"username": "tovholder", "password": password})

    assert response.status_code == 302
    assert response.url.startswith(CODE_STEP)


def test_the_sixth_attempt_is_refused_even_with_the_right_password(
    client, municipal_coordinator, password
):
    fifth = _fail(client, times=5)

    sixth = client.post(LOGIN, {"username": "tovholder", "password": password})

    for response in (fifth, sixth):
        assert response.status_code == 429
        assert response.templates[0].name == "accounts/login.html"
        html = response.content.decode()
        assert 'id="login-locked-out"' in html
        assert html.count("<h1") == 1
    assert "_auth_user_id" not in client.session
    assert not AuditEvent.objects.filter(verb="user.logged_in").exists()
    last_failure = AuditEvent.objects.filter(verb="user.login_failed").latest("id")
    assert last_failure.after == {"username": "tovholder", "locked_out": True}


def test_the_lockout_page_explains_in_danish(client, municipal_coordinator):
    response = _fail(client, times=5)

    html = response.content.decode()
    assert _lockout_message() in html
    assert "style=" not in html


def test_the_lockout_is_audited_once_and_logged_without_the_username(
    client, municipal_coordinator, aarhus, caplog
):
    with caplog.at_level(logging.INFO):
        _fail(client, times=7)

    event = AuditEvent.objects.get(verb="user.locked_out")
    assert event.target_id == str(municipal_coordinator.pk)
    assert event.organisation == aarhus
    assert event.after == {"username": "tovholder", "failures": 5}
    assert event.actor is None
    lockouts = [r for r in caplog.records if getattr(r, "event", "") == "user.locked_out"]
    assert len(lockouts) == 1
    assert "tovholder" not in caplog.text
    assert WRONG not in caplog.text


def test_an_unknown_username_is_locked_out_like_a_known_one(client, db):
    response = _fail(client, username="findes-ikke", times=5)

    assert response.status_code == 429
    event = AuditEvent.objects.get(verb="user.locked_out")
    assert event.target_id == ""
    assert event.after == {"username": "findes-ikke", "failures": 5}


def test_another_user_at_the_same_address_is_not_locked(
    client, municipal_coordinator, analyst, password
):
    _fail(client, times=5)

    response = client.post(LOGIN, {"username": "analytiker", "password": password})

    assert response.status_code == 302
    assert response.url == START


def test_the_same_user_from_another_address_is_not_locked(client, municipal_coordinator, password):
    _fail(client, times=5)

    response = client.post(
        LOGIN, {"username": "tovholder", "password": password}, REMOTE_ADDR="192.0.2.7"
    )

    assert response.status_code == 302


def test_the_lock_lifts_after_15_minutes_and_not_before(client, municipal_coordinator, password):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _fail(client, times=5)
    with time_machine.travel(start + dt.timedelta(minutes=14), tick=False):
        # An attempt during the lockout does not extend it.
        still = client.post(LOGIN, {"username": "tovholder", "password": password})
    with time_machine.travel(start + dt.timedelta(minutes=15, seconds=1), tick=False):
        lifted = client.post(LOGIN, {"username": "tovholder", "password": password})

    assert still.status_code == 429
    assert lifted.status_code == 302
    assert lifted.url.startswith(CODE_STEP)


def test_a_successful_login_resets_the_failures(client, municipal_coordinator, password):
    _fail(client, times=4)
    client.post(LOGIN, {"username": "tovholder", "password": password})
    client.post(reverse("accounts:logout"))

    response = _fail(client, times=4)

    assert response.status_code == 200
    assert not AccessAttempt.objects.filter(failures_since_start__gte=5).exists()


def test_behind_a_proxy_the_address_is_the_one_the_proxy_appended(
    client, municipal_coordinator, password, settings
):
    settings.FOREBYG_TRUST_X_FORWARDED_FOR = True
    _fail(client, times=5, HTTP_X_FORWARDED_FOR="198.51.100.1, 192.0.2.10")

    # A client cannot escape the lock by putting another address first in the header.
    spoofed = client.post(
        LOGIN,
        {"username": "tovholder", "password": password},
        HTTP_X_FORWARDED_FOR="203.0.113.9, 192.0.2.10",
    )
    other = client.post(
        LOGIN, {"username": "tovholder", "password": password}, HTTP_X_FORWARDED_FOR="192.0.2.11"
    )

    assert spoofed.status_code == 429
    assert other.status_code == 302


@pytest.mark.parametrize("url_name", ["admin:axes_accessattempt_changelist"])
def test_administrators_see_lockouts_in_our_admin(client, administrator, url_name):
    _fail(client, times=5)
    client.force_login(administrator)

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert "tovholder" in response.content.decode()


def test_an_administrator_unlocks_by_deleting_the_lockout_and_it_is_audited(
    client, administrator, municipal_coordinator, password
):
    _fail(client, times=5)
    attempt = AccessAttempt.objects.get(username="tovholder")
    admin_client = client.__class__()
    admin_client.force_login(administrator)

    response = admin_client.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    login = client.post(LOGIN, {"username": "tovholder", "password": password})

    assert response.status_code == 302
    assert login.status_code == 302
    event = AuditEvent.objects.get(verb="user.unlocked")
    assert event.actor == administrator
    assert event.before == {"username": "tovholder", "failures": 5}


def test_a_very_long_username_is_counted_by_its_first_150_characters(client, db):
    response = _fail(client, username="x" * 500, times=5)

    assert response.status_code == 429
    assert AccessAttempt.objects.get().username == "x" * 150
