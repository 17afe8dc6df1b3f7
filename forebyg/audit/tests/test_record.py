from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from forebyg.accounts.models import User
from forebyg.accounts.tests.factories import PASSWORD
from forebyg.audit.models import AuditEvent
from forebyg.audit.services import record
from forebyg.core.request_context import current_request_id


def test_record_stores_who_what_where_and_why(municipal_coordinator, aarhus):
    membership = municipal_coordinator.memberships.get()

    event = record(
        municipal_coordinator,
        "membership.changed",
        membership,
        organisation=aarhus,
        purpose="administration",
        before={"role": "plan_owner"},
        after={"role": "municipal_coordinator"},
    )

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor == municipal_coordinator
    assert stored.actor_label == "tovholder"
    assert stored.organisation == aarhus
    assert stored.verb == "membership.changed"
    assert stored.target_type == "accounts.membership"
    assert stored.target_id == str(membership.pk)
    assert stored.purpose == "administration"
    assert stored.before == {"role": "plan_owner"}
    assert stored.after == {"role": "municipal_coordinator"}
    assert stored.occurred_at is not None


def test_an_anonymous_actor_is_stored_as_no_one(db):
    event = record(AnonymousUser(), "user.login_failed", purpose="authentication")

    assert event.actor is None
    assert event.actor_label == ""
    assert event.target_type == ""
    assert event.target_id == ""


def test_the_actor_label_keeps_the_username_of_the_time(analyst):
    event = record(analyst, "test.recorded")
    User.objects.filter(pk=analyst.pk).update(username="omdoebt")

    event.refresh_from_db()
    assert event.actor_label == "analytiker"


def test_outside_a_request_the_request_id_is_blank(db):
    assert record(None, "test.recorded").request_id == ""


def test_inside_a_request_context_the_request_id_is_kept(db):
    token = current_request_id.set("abc123")
    try:
        event = record(None, "test.recorded")
    finally:
        current_request_id.reset(token)

    assert event.request_id == "abc123"


def test_a_login_request_event_carries_the_response_request_id(client, analyst):
    response = client.post(
        reverse("accounts:login"), {"username": "analytiker", "password": PASSWORD}
    )

    event = AuditEvent.objects.get(verb="user.logged_in")
    assert event.request_id
    assert event.request_id == response["X-Request-ID"]


def test_a_proxys_plain_request_id_is_kept(client, db):
    response = client.post(
        reverse("accounts:login"),
        {"username": "ingen", "password": "forkert"},
        headers={"X-Request-ID": "proxy-42"},
    )

    assert response["X-Request-ID"] == "proxy-42"
    assert AuditEvent.objects.get(verb="user.login_failed").request_id == "proxy-42"


def test_a_request_id_with_odd_characters_is_replaced(client, db):
    response = client.post(
        reverse("accounts:login"),
        {"username": "ingen", "password": "forkert"},
        headers={"X-Request-ID": "evil\nline"},
    )

    event = AuditEvent.objects.get(verb="user.login_failed")
    assert event.request_id == response["X-Request-ID"]
    assert "\n" not in event.request_id


def test_a_nul_in_recorded_values_is_stored_as_the_replacement_character(db):
    # PostgreSQL's jsonb refuses NUL; what someone typed must still be recorded, on both databases.
    event = record(
        AnonymousUser(),
        "user.login_failed",
        purpose="authentication",
        before={"tried\x00": ["a\x00b", {"c": "\x00"}], "n": 1},
    )

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.before == {"tried\ufffd": ["a\ufffdb", {"c": "\ufffd"}], "n": 1}
    assert stored.hash == event.hash
