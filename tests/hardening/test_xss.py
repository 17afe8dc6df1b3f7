"""Issue 8, point 10: a corpus of XSS payloads (xss_payloads.txt) stored in every writable text
field comes out escaped on every page, for the personas who may see it, and the API serves its
JSON as application/json with nosniff. The plan sections' safe-HTML subset strips the payloads."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from forebyg.api.tests.conftest import bearer, issue
from forebyg.core.access_policy import rule_for
from forebyg.core.tests.policy_matrix.expect import FIXED_STATUS, expect, is_token_route
from forebyg.core.tests.policy_matrix.personas import ANONYMOUS, NAMES, SUPERUSER
from forebyg.core.tests.policy_matrix.routes import all_routes
from forebyg.core.tests.policy_matrix.targets import EVERYONE, TARGETS
from forebyg.core.tests.policy_matrix.world import AARHUS, World
from forebyg.plans.services import versions as plan_versions
from tests.hardening.xss import CORPUS, fill_every_field, shown_as_text, unescaped_payloads

SKIPPED_ROUTES = {
    "accounts:logout",  # ends the session the next requests need
    "set_language",
}
# Files (PDF, DOCX, CSV, XLSX) are out of scope for XSS; their own tests check what they hold.
FILE_ROUTE_ENDINGS = ("pdf", "docx", "csv", "xlsx")
# Pages that show the same data whoever is let in (their own account, the admin).
SAME_FOR_EVERYONE = ("accounts:", "admin:", "api:")


def _is_file(url_name: str) -> bool:
    return url_name.endswith(FILE_ROUTE_ENDINGS)


@dataclass
class Page:
    url_name: str
    url: str
    persona: str


@pytest.fixture(scope="module")
def stored(world: World) -> Iterator[dict[str, str]]:
    """The payloads stored everywhere, the section body through its sanitiser."""
    with transaction.atomic():
        section = world.places[AARHUS].objects["section"]
        owner = world.users["plan_owner"]
        plan_versions.update_section(section, body="\n".join(CORPUS), revision=None, by=owner)  # type: ignore[arg-type]
        yield fill_every_field()
        transaction.set_rollback(True)


def _urls(route, world: World) -> list[tuple[str, str, str]]:
    """(url, scope, place) for the route: its Aarhus object, or the first place it has one."""
    if not route.arguments:
        return [(reverse(route.name), EVERYONE, AARHUS)]
    target = TARGETS.get(route.name)
    if target is None:
        return []
    for place in target.place_names():
        kwargs = target.kwargs(world, world.places[place])
        if kwargs is not None:
            return [(reverse(route.name, kwargs=kwargs), target.scope, place)]
    return []


def pages(world: World) -> list[Page]:
    """Every page of the resolver with the personas the policy lets in (all of them for pages
    without arguments, as each persona's dashboard differs; the first one for an object)."""
    found = []
    for route in all_routes():
        rule = rule_for(route.name)
        if (
            route.name in SKIPPED_ROUTES
            or _is_file(route.name)
            or route.name in FIXED_STATUS
            or rule is None
            or is_token_route(rule)
        ):
            continue
        for url, scope, place in _urls(route, world):
            allowed = [
                name
                for name in NAMES
                if name != SUPERUSER and expect(route.name, rule, name, scope, place).allowed
            ]
            # A public page is the same for everyone: the visitor and one persona show it.
            if rule.public:
                allowed = [n for n in allowed if n in {ANONYMOUS, "municipal_coordinator"}]
            one_view = route.arguments or route.name.startswith(SAME_FOR_EVERYONE)
            for persona in allowed[:1] if one_view else allowed:
                found.append(Page(route.name, url, persona))
    return found


def _get(client: Client, world: World, page: Page):
    with transaction.atomic():
        client.logout()
        user = world.users[page.persona]
        if user is not None:
            client.force_login(user)
        try:
            return client.get(page.url)
        finally:
            transaction.set_rollback(True)


@pytest.mark.django_db
def test_every_page_shows_the_stored_payloads_as_text(client, world, stored):
    problems, shown, checked = [], set(), 0
    for page in pages(world):
        response = _get(client, world, page)
        if response.status_code >= 500:
            problems.append(f"{page.url_name} as {page.persona}: {response.status_code}")
        if "text/html" not in response.get("Content-Type", "") or response.status_code != 200:
            continue
        checked += 1
        body = response.content.decode()
        problems += [f"{page.url_name} as {page.persona}: {p}" for p in unescaped_payloads(body)]
        shown |= shown_as_text(body)

    assert not problems, "\n".join(problems)
    assert checked > 50
    assert set(CORPUS) - shown == set(), "payloads never shown: is the corpus stored?"


API_SKIPPED = {"api:api-root", "api_not_found", "api:openapi-view", "api:create_concern"}


def _api_urls(world: World) -> list[tuple[str, str]]:
    found = []
    for route in all_routes():
        if route.name.startswith("api") and route.name not in API_SKIPPED:
            found += [(route.name, url) for url, _scope, _place in _urls(route, world)]
    return found


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.mark.django_db
def test_every_json_response_is_json_with_nosniff_and_keeps_the_payloads_as_data(
    client, world, stored
):
    tokens = [
        issue(world.places[AARHUS].municipality),
        issue(world.places["east_jutland"].municipality),
    ]
    problems, shown = [], set()
    for name, url in _api_urls(world):
        for token in tokens:
            response = client.get(url, **bearer(token))
            kind = response.get("Content-Type", "")
            if response.status_code >= 500:
                problems.append(f"{name}: {response.status_code}")
            if not kind.startswith(("application/json", "application/problem+json")):
                problems.append(f"{name}: served as {kind!r}")
            if response.get("X-Content-Type-Options") != "nosniff":
                problems.append(f"{name}: no X-Content-Type-Options: nosniff")
            shown |= set(_strings(response.json())) & set(CORPUS)

    assert not problems, "\n".join(problems)
    assert shown, "no payload came back from the API: is the corpus stored?"


@pytest.mark.django_db
def test_the_case_page_shows_the_person_s_name_and_the_concern_escaped(client, world, stored):
    client.force_login(world.users["municipal_coordinator"])
    case = world.places[AARHUS].objects["case"]

    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()

    for field in ("cases.Person.name", "cases.Concern.description"):
        assert stored[field] in shown_as_text(body), f"{field} is not shown"
    assert unescaped_payloads(body) == []


@pytest.mark.django_db
@pytest.mark.parametrize("payload", CORPUS)
def test_the_plan_section_s_html_subset_strips_every_payload(world, payload):
    section = world.places[AARHUS].objects["section"]
    owner = world.users["plan_owner"]
    with transaction.atomic():
        plan_versions.update_section(section, body=payload, revision=None, by=owner)  # type: ignore[arg-type]
        section.refresh_from_db()
        transaction.set_rollback(True)

    assert unescaped_payloads(f"<div>{section.body}</div>") == []
    assert "<script" not in section.body.lower()  # "javascript:" as plain text is harmless


ESCAPED_PAGE = (
    '<p title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">'
    "&lt;script&gt;alert(1)&lt;/script&gt;</p>"
)


@pytest.mark.parametrize(
    "page",
    [
        "<p><script>alert(1)</script></p>",
        '<p title=""><img src=x onerror=alert(1)>">x</p>',
        '<a href=" javascript:alert(1)">x</a>',
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
        "<p>54439</p>",
    ],
)
def test_the_scanner_finds_a_payload_that_became_markup(page):
    assert unescaped_payloads(page) != []


def test_the_scanner_accepts_escaped_payloads_and_json_data():
    json_data = '<script type="application/json">{"name": "\\u003Cscript\\u003Ealert(1)"}</script>'

    assert unescaped_payloads(ESCAPED_PAGE + json_data) == []
    assert shown_as_text(ESCAPED_PAGE) >= {"<script>alert(1)</script>"}
