"""The declared access policy, proven: every persona (and an anonymous visitor, and a superuser
without memberships) against every route of the URL resolver, with objects of the persona's own
organisation, of another municipality in the same police district, of another police district,
and a case screened as police only. Allowed (2xx/3xx) exactly when the table's roles include one
of the persona's and the object is in scope; otherwise 404 (the login page for anonymous; 403
only where the table says the persona reads but may not change). A POST-only route (405 to GET)
is tried again with an empty POST."""

from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from forebyg.core.access_policy import rule_for
from forebyg.core.policy_rules import Rule
from forebyg.core.tests.policy_matrix.expect import (
    FIXED_STATUS,
    expect,
    is_token_route,
    judge_get,
    judge_post,
)
from forebyg.core.tests.policy_matrix.personas import ANONYMOUS, NAMES, SUPERUSER, build_users
from forebyg.core.tests.policy_matrix.routes import Route, all_routes
from forebyg.core.tests.policy_matrix.targets import (
    EVERYONE,
    TARGETS,
    UNFILLABLE_NAMESPACES,
    Target,
)
from forebyg.core.tests.policy_matrix.world import World, build_world

ROUTES = all_routes()


def _unfillable(route: Route) -> bool:
    return bool(route.arguments) and route.name.split(":", 1)[0] in UNFILLABLE_NAMESPACES


CHECKED = [r for r in ROUTES if not _unfillable(r) and (not r.arguments or r.name in TARGETS)]

# Real leaks found by the matrix: the route, and what the lead must fix.
KNOWN_LEAKS: dict[str, str] = {}


def _param(route: Route):
    marks = []
    if route.name in KNOWN_LEAKS:
        marks.append(pytest.mark.xfail(reason=KNOWN_LEAKS[route.name], strict=True))
    return pytest.param(route, id=route.name, marks=marks)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:
    """One world for the whole module, rolled back at its end (each test rolls back its own)."""
    with (
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield build_world(build_users())
        transaction.set_rollback(True)


def _request(client: Client, world: World, persona: str, method: str, url: str):
    """One request as `persona`, in a savepoint rolled back afterwards: no request changes the
    world the next persona sees."""
    with transaction.atomic():
        client.logout()
        user = world.users[persona]
        if user is not None:
            client.force_login(user)
        try:
            response = client.post(url) if method == "post" else client.get(url)
        finally:
            transaction.set_rollback(True)
    return response


def _urls(route: Route, world: World) -> list[tuple[str, str, str]]:
    """(place, scope, url) for every object the route is run against."""
    if not route.arguments:
        return [("-", EVERYONE, reverse(route.name))]
    target: Target = TARGETS[route.name]
    urls = []
    for place_name in target.place_names():
        kwargs = target.kwargs(world, world.places[place_name])
        if kwargs is not None:
            urls.append((place_name, target.scope, reverse(route.name, kwargs=kwargs)))
    assert urls, f"{route.name}: no object to fill it with"
    return urls


def _personas(url_name: str, rule: Rule) -> list[str]:
    """Everyone; but a public or token route answers everyone alike by declaration, so an
    anonymous visitor and one logged-in persona show it (and keep the run short)."""
    if rule.public or is_token_route(rule) or url_name in FIXED_STATUS:
        return [ANONYMOUS, "municipal_coordinator"]
    return NAMES


def _failures(client: Client, world: World, route: Route) -> list[str]:
    rule = rule_for(route.name)
    assert rule is not None, f"{route.name} has no declared rule"
    failures = []
    for place, scope, url in _urls(route, world):
        for persona in _personas(route.name, rule):
            if persona == SUPERUSER and route.name.startswith("admin:"):
                continue  # test_a_superuser_without_memberships_stays_out_of_the_admin
            expectation = expect(route.name, rule, persona, scope, place)
            response = _request(client, world, persona, "get", url)
            problem = judge_get(route.name, expectation, persona, response)
            if not problem and response.status_code == 405:
                response = _request(client, world, persona, "post", url)
                problem = judge_post(route.name, expectation, persona, response)
                problem = problem and f"POST {problem}"
            if problem:
                failures.append(f"{persona} on {place}'s object: {response.status_code}, {problem}")
    return failures


@pytest.mark.django_db
@pytest.mark.parametrize("route", [_param(r) for r in CHECKED])
def test_every_persona_gets_what_the_policy_declares(client, world, route):
    failures = _failures(client, world, route)

    assert not failures, f"{route.name}:\n" + "\n".join(failures)


ADMIN_PAGES = ["admin:index", "admin:audit_auditevent_changelist", "admin:api_apitoken_changelist"]


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ADMIN_PAGES)
def test_a_superuser_without_memberships_stays_out_of_the_admin(client, world, url_name):
    superuser = world.users[SUPERUSER]
    client.force_login(superuser)
    # With a confirmed second factor, as an operator who set up TOTP: the admin's MFA gate
    # passes, so what remains is the role gate the table declares.
    device = TOTPDevice.objects.create(user=superuser, name="operator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    response = client.get(reverse(url_name))

    assert response.status_code == 404 or response["Location"].startswith(reverse("admin:login"))


def test_every_route_with_arguments_is_filled_or_named_unfillable():
    missing = [
        r.name for r in ROUTES if r.arguments and not _unfillable(r) and r.name not in TARGETS
    ]

    assert missing == [], "add these to forebyg/core/tests/policy_matrix/targets.py"


def test_every_filled_route_still_exists():
    assert sorted(set(TARGETS) - {r.name for r in ROUTES}) == []
