import pytest
from django.urls import reverse
from django.utils import translation

from forebyg.accounts.models import Role
from forebyg.accounts.tests.factories import UserFactory
from forebyg.audit.models import AuditEvent

LOGIN = reverse("accounts:login")
LOGOUT = reverse("accounts:logout")
START = reverse("accounts:start")


def _danish(label) -> str:
    with translation.override("da"):
        return str(label)


def test_login_page_is_in_danish_and_accessible(client, db):
    response = client.get(LOGIN)

    assert response.status_code == 200
    html = response.text
    assert "<h1>Log ind</h1>" in html
    assert 'for="id_username"' in html
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert 'class="button button-primary"' in html
    assert "style=" not in html


def test_logging_in_redirects_to_the_start_page_and_is_audited(
    client, plan_owner, aarhus, password
):
    # A plan owner reaches no personal data, so the password alone logs in (no second factor).
    response = client.post(LOGIN, {"username": "planejer", "password": password})

    assert response.status_code == 302
    assert response.url == START
    event = AuditEvent.objects.get(verb="user.logged_in")
    assert event.actor == plan_owner
    assert event.organisation == aarhus
    assert event.purpose == "authentication"
    assert event.target_id == str(plan_owner.pk)


def test_a_coordinator_s_password_login_continues_at_the_second_factor(
    client, municipal_coordinator, password
):
    response = client.post(LOGIN, {"username": "tovholder", "password": password})

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:mfa_verify"))
    assert client.get(START).url.startswith(reverse("accounts:mfa_verify"))


def test_logging_in_follows_a_local_next(client, analyst, password):
    response = client.post(
        LOGIN, {"username": "analytiker", "password": password, "next": "/hvem-goer-hvad/"}
    )

    assert response.url == "/hvem-goer-hvad/"


def test_logging_in_ignores_a_next_pointing_elsewhere(client, analyst, password):
    response = client.post(
        f"{LOGIN}?next=https://evil.example/",
        {"username": "analytiker", "password": password, "next": "https://evil.example/"},
    )

    assert response.url == START


def test_login_form_keeps_a_local_next(client, db):
    response = client.get(f"{LOGIN}?next=/start/")

    assert 'name="next" value="/start/"' in response.text


def test_a_user_without_memberships_logs_in_with_no_organisation(client, db, password):
    UserFactory(username="ingen")

    client.post(LOGIN, {"username": "ingen", "password": password})

    event = AuditEvent.objects.get(verb="user.logged_in")
    assert event.organisation is None


def test_failed_login_shows_a_danish_error_and_is_audited_without_the_password(
    client, municipal_coordinator
):
    response = client.post(LOGIN, {"username": "tovholder", "password": "forkert-kodeord-42"})

    assert response.status_code == 200
    html = response.text
    assert "Indtast venligst korrekt brugernavn og adgangskode" in html
    assert 'role="alert"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="login-non-field-errors"' in html
    assert 'value="tovholder"' in html
    assert "forkert-kodeord-42" not in html
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(verb="user.login_failed")
    assert event.actor is None
    assert event.organisation is None
    assert event.purpose == "authentication"
    assert event.after == {"username": "tovholder"}
    assert "forkert-kodeord-42" not in str(event.before) + str(event.after)


def test_a_missing_field_is_named_and_linked_to_its_input(client, db):
    response = client.post(LOGIN, {"username": "tovholder", "password": ""})

    html = response.text
    assert 'href="#id_password"' in html
    assert 'id="id_password-error"' in html
    assert 'aria-describedby="id_password-error"' in html


def test_failed_login_keeps_at_most_150_characters_of_the_username(client, db):
    client.post(LOGIN, {"username": "x" * 500, "password": "forkert-kodeord-42"})

    event = AuditEvent.objects.get(verb="user.login_failed")
    assert event.after == {"username": "x" * 150}


def test_logout_refuses_get(client, municipal_coordinator):
    client.force_login(municipal_coordinator)

    response = client.get(LOGOUT)

    assert response.status_code == 405
    assert "_auth_user_id" in client.session
    assert not AuditEvent.objects.filter(verb="user.logged_out").exists()


def test_logout_by_post_ends_the_session_and_is_audited(client, municipal_coordinator, aarhus):
    client.force_login(municipal_coordinator)

    response = client.post(LOGOUT)

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(verb="user.logged_out")
    assert event.actor == municipal_coordinator
    assert event.organisation == aarhus
    assert event.purpose == "authentication"


def test_anonymous_visitor_of_the_start_page_is_sent_to_login(client, db):
    response = client.get(START)

    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next={START}"


def test_the_start_page_lists_organisations_and_every_role(client, two_role_user, aarhus):
    client.force_login(two_role_user)

    response = client.get(START)

    assert response.status_code == 200
    html = response.text
    assert "Mette Friis" in html
    assert aarhus.name_da in html
    assert _danish(Role.PLAN_OWNER.label) in html
    assert _danish(Role.DATA_PROTECTION_OFFICER.label) in html
    assert _danish(Role.ANALYST.label) not in html
    assert reverse("admin:index") not in html


def test_the_start_page_needs_few_queries(client, two_role_user, django_assert_max_num_queries):
    client.force_login(two_role_user)

    with django_assert_max_num_queries(4):
        response = client.get(START)

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("persona", "url_name"),
    [
        ("administrator", "admin:index"),
        ("analyst", "actors:directory"),
        ("police_coordinator", "legal:list"),
    ],
)
def test_the_start_page_links_to_what_the_role_uses(client, request, persona, url_name):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(START)

    assert f'href="{reverse(url_name)}"' in response.text


def test_a_user_without_roles_is_told_whom_to_ask(client, db):
    client.force_login(UserFactory(username="ingen"))

    response = client.get(START)

    assert response.status_code == 200
    assert 'role="status"' in response.text
    assert "<table" not in response.text


# Found by tests/hardening/test_post_views.py on PostgreSQL, whose jsonb refuses NUL: the failed
# login's audit event, which records the attempted username, answered with a server error.
def test_a_username_with_a_nul_character_is_refused_and_audited_without_it(client, db):
    response = client.post(LOGIN, {"username": "tovholder\x00", "password": "forkert-kodeord-42"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(verb="user.login_failed")
    assert event.after == {"username": "tovholder\ufffd"}
