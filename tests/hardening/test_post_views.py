"""Every page's POST forms, sent hostile values through the test client by the persona the
policy lets in (issue 8, point 10): the answer is never a server error. A sample of the
strategies per view keeps this quick; test_forms.py and test_services.py go deep."""

from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from forebyg.core.tests.policy_matrix.world import World
from tests.hardening.html_forms import Control, HtmlForm, post_forms
from tests.hardening.strategies import date_text, hostile_text, number_text, text
from tests.hardening.test_xss import Page, pages

EXAMPLES = 2
# Forms whose POST ends the session or changes the language of the next requests.
SKIPPED_ACTIONS = ("/logout", "/i18n/", "/accounts/logout")
_forms: dict[str, list[tuple[Page, HtmlForm]]] = {}


def _control_value(control: Control) -> st.SearchStrategy[Any]:
    if control.kind in {"file", "submit", "button", "image"}:
        return st.just(None)
    if control.kind == "date":
        return date_text
    if control.kind == "number":
        return number_text
    if control.options:
        return st.one_of(st.sampled_from(control.options), text)
    if control.kind == "hidden":
        return st.one_of(number_text, text)
    return hostile_text


def _submission(form: HtmlForm) -> st.SearchStrategy[dict[str, Any]]:
    values = {name: _control_value(control) for name, control in form.controls.items()}
    return st.fixed_dictionaries(values).map(
        lambda drawn: {k: v for k, v in drawn.items() if v is not None}
    )


def _login(client: Client, world: World, persona: str) -> None:
    client.logout()
    user = world.users[persona]
    if user is not None:
        client.force_login(user)


def forms_of(client: Client, world: World) -> list[tuple[Page, HtmlForm]]:
    """The POST forms of every page (one persona each), found once per module."""
    if not _forms:
        seen: set[str] = set()
        for page in pages(world):
            if page.url_name in seen:
                continue
            seen.add(page.url_name)
            with transaction.atomic():
                _login(client, world, page.persona)
                response = client.get(page.url)
                transaction.set_rollback(True)
            if response.status_code == 200 and "text/html" in response["Content-Type"]:
                found = post_forms(response.content.decode(), page.url)
                _forms.setdefault("all", []).extend(
                    (page, form) for form in found if not form.action.startswith(SKIPPED_ACTIONS)
                )
    return _forms.get("all", [])


@pytest.mark.django_db
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    # One example sends every form once; shrinking it would resend them all for minutes, and
    # the failure message names the view and the values already.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_form_answers_hostile_input_with_a_server_error(world, data):
    client = Client(raise_request_exception=False)  # a crash is a 500 here, as for a user
    failures = []
    for page, form in forms_of(client, world):
        submitted = data.draw(_submission(form))
        with transaction.atomic():
            _login(client, world, page.persona)
            response = client.post(form.action, submitted)
            transaction.set_rollback(True)
        cache.clear()  # failed step-ups and rate limits must not lock the next persona out
        if response.status_code >= 500:
            failures.append(f"{page.url_name} as {page.persona} -> {form.action}: {submitted!r}")

    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_the_pages_have_post_forms_to_try(client, world):
    assert len(forms_of(client, world)) > 20
