"""Step-up: exports, identity reveals, disclosures and role changes need an authentication within
the last five minutes; the step-up page asks for the password again."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import translation

from forebyg.accounts import sessions
from forebyg.accounts.models import Membership, Role
from forebyg.accounts.tests.factories import PASSWORD
from forebyg.audit.models import AuditEvent

STEP_UP = reverse("accounts:step_up")
LEDGER_CSV = reverse("exchange:ledger_csv")
# Every view that needs a recent authentication, with the method its form uses.
GUARDED = [
    ("get", "exchange:ledger_csv", []),  # for the DPO; everyone else gets the 404 first
    ("get", "exchange:invite", [999999]),
    ("post", "exchange:invite", [999999]),
    ("get", "exchange:reveal", [999999]),
    ("post", "exchange:reveal", [999999]),
    ("post", "conferences:pdf", [999999]),
    ("post", "conferences:case_add", [999999]),
    ("post", "conferences:participant_add", [999999]),
]


def _go_stale(client) -> None:
    """As if the login was six minutes ago."""
    session = client.session
    session[sessions.AUTHENTICATED_AT] = time.time() - 6 * 60
    session.save()


def _next_of(response) -> str:
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == STEP_UP
    return parse_qs(location.query)["next"][0]


def _danish(text: str) -> str:
    with translation.override("da"):
        return translation.gettext(text)


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "name", "args"), GUARDED)
def test_a_guarded_view_sends_a_stale_session_to_the_step_up_page(
    client, municipal_coordinator, dpo, method, name, args
):
    client.force_login(dpo if name == "exchange:ledger_csv" else municipal_coordinator)
    _go_stale(client)

    response = getattr(client, method)(reverse(name, args=args))

    _next_of(response)
    assert not AuditEvent.objects.exclude(verb__startswith="user.").exists()


@pytest.mark.django_db
def test_a_fresh_login_passes_the_step_up(client, dpo):
    client.force_login(dpo)

    assert client.get(LEDGER_CSV).status_code == 200


@pytest.mark.django_db
def test_a_get_comes_back_to_the_same_address(client, dpo):
    client.force_login(dpo)
    _go_stale(client)

    assert _next_of(client.get(LEDGER_CSV + "?recipient=3")) == LEDGER_CSV + "?recipient=3"


@pytest.mark.django_db
def test_a_post_comes_back_to_the_page_its_form_was_on(client, municipal_coordinator):
    client.force_login(municipal_coordinator)
    _go_stale(client)
    page = reverse("conferences:detail", args=[5])

    response = client.post(
        reverse("conferences:pdf", args=[5]), headers={"Referer": f"http://testserver{page}"}
    )

    assert _next_of(response) == page


@pytest.mark.django_db
def test_a_foreign_referer_is_not_followed(client, municipal_coordinator):
    client.force_login(municipal_coordinator)
    _go_stale(client)

    response = client.post(
        reverse("conferences:pdf", args=[5]), headers={"Referer": "https://evil.example/x"}
    )

    assert _next_of(response) == reverse("accounts:start")


@pytest.mark.django_db
def test_the_step_up_page_is_accessible(client, dpo):
    client.force_login(dpo)

    response = client.get(STEP_UP, {"next": LEDGER_CSV})

    assert response.status_code == 200
    assert response.text.count("<h1") == 1
    assert '<label class="form-label" for="id_password">' in response.text
    assert f'name="next" value="{LEDGER_CSV}"' in response.text


@pytest.mark.django_db
def test_the_right_password_steps_up_with_a_new_session_id(client, dpo):
    client.force_login(dpo)
    _go_stale(client)
    old_key = client.session.session_key

    response = client.post(STEP_UP, {"password": PASSWORD, "next": LEDGER_CSV})

    assert response.status_code == 302
    assert response["Location"] == LEDGER_CSV
    assert client.session.session_key != old_key
    assert time.time() - client.session[sessions.AUTHENTICATED_AT] < 5
    assert AuditEvent.objects.filter(verb="user.stepped_up", actor=dpo).count() == 1
    assert client.get(LEDGER_CSV).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["", "wrong-password-entirely", "x" * 5000])
def test_a_wrong_password_changes_nothing(client, dpo, password):
    client.force_login(dpo)
    _go_stale(client)

    response = client.post(STEP_UP, {"password": password, "next": LEDGER_CSV})

    assert response.status_code == 200
    assert 'class="alert alert-error"' in response.text
    assert not AuditEvent.objects.filter(verb="user.stepped_up").exists()
    assert _next_of(client.get(LEDGER_CSV))


@pytest.mark.django_db
def test_a_wrong_password_is_answered_in_danish(client, dpo):
    client.force_login(dpo)

    response = client.post(STEP_UP, {"password": "wrong-password-entirely"})

    assert _danish("The password is not correct.") in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/", "javascript:x"])
def test_an_unsafe_next_goes_to_the_start_page(client, dpo, unsafe):
    client.force_login(dpo)

    response = client.post(STEP_UP, {"password": PASSWORD, "next": unsafe})

    assert response["Location"] == reverse("accounts:start")


@pytest.mark.django_db
def test_an_account_without_a_password_is_not_offered_the_form(client, dpo):
    dpo.set_unusable_password()
    dpo.save()
    client.force_login(dpo)

    response = client.post(STEP_UP, {"password": PASSWORD})

    assert response.status_code == 200
    assert 'name="password"' not in response.text
    assert not AuditEvent.objects.filter(verb="user.stepped_up").exists()


@pytest.mark.django_db
def test_the_step_up_page_needs_a_login(client):
    response = client.get(STEP_UP)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_a_role_change_in_the_admin_needs_a_recent_login(client, administrator, professional):
    membership = Membership.objects.get(user=professional)
    url = reverse("admin:accounts_membership_change", args=[membership.pk])
    client.force_login(administrator)
    _go_stale(client)
    data = {
        "user": professional.pk,
        "organisation": membership.organisation_id,
        "role": Role.PARTNER,
    }

    response = client.post(url, data)

    _next_of(response)
    membership.refresh_from_db()
    assert membership.role == Role.PROFESSIONAL


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["change", "delete"])
def test_membership_pages_in_the_admin_open_after_a_recent_login(
    client, administrator, professional, page
):
    membership = Membership.objects.get(user=professional)
    client.force_login(administrator)

    url = reverse(f"admin:accounts_membership_{page}", args=[membership.pk])

    assert client.get(url).status_code == 200
    _go_stale(client)
    _next_of(client.get(url))


@pytest.mark.django_db
def test_a_bulk_action_in_the_admin_needs_a_recent_login(client, administrator, professional):
    client.force_login(administrator)
    _go_stale(client)

    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "log_out_everywhere", "_selected_action": [professional.pk]},
    )

    _next_of(response)
    assert not AuditEvent.objects.filter(verb="user.sessions_ended").exists()


@pytest.mark.django_db
def test_an_htmx_request_loads_the_step_up_page_as_a_whole_page(client, municipal_coordinator):
    client.force_login(municipal_coordinator)
    _go_stale(client)

    response = client.post(
        reverse("conferences:case_add", args=[5]), headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert urlsplit(response["HX-Redirect"]).path == STEP_UP
