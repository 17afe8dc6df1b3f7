"""Every route has a declared access rule, and the declared first gate holds for anonymous users."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from forebyg.core.access_policy import NAMESPACE_POLICY, POLICY, rule_for


def _route_names(resolver: URLResolver | None = None, prefix: str = "") -> list[tuple[str, bool]]:
    """Every named route as ("namespace:name", takes_arguments)."""
    found: list[tuple[str, bool]] = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            found += _route_names(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            takes_arguments = bool(entry.pattern.regex.groupindex) or "<" in str(entry.pattern)
            found.append((f"{prefix}{entry.name}", takes_arguments))
    return found


ROUTES = _route_names()
PLAIN_ROUTES = sorted({name for name, takes_arguments in ROUTES if not takes_arguments})


def test_every_route_has_a_declared_rule():
    undeclared = sorted({name for name, _ in ROUTES if rule_for(name) is None})

    assert undeclared == [], "declare these in forebyg/core/access_policy.py"


def test_every_declared_rule_names_a_real_route():
    names = {name for name, _ in ROUTES}
    namespaces = {name.split(":", 1)[0] for name in names if ":" in name}

    assert sorted(set(POLICY) - names) == []
    assert sorted(set(NAMESPACE_POLICY) - namespaces) == []


# The OIDC login routes are 404 while OIDC is switched off (the default, as in the tests).
SWITCHED_OFF_OR_REDIRECTING = {
    "set_language": 302,
    "accounts:oidc_authenticate": 404,
    "accounts:oidc_callback": 404,
}


def _is_public(url_name: str) -> bool:
    rule = rule_for(url_name)
    return rule is not None and rule.public


@pytest.mark.parametrize("url_name", [n for n in PLAIN_ROUTES if _is_public(n)])
def test_a_public_page_opens_without_login(client, db, url_name):
    response = client.get(reverse(url_name))

    # set_language answers a GET by sending the visitor back where they came from.
    assert response.status_code == SWITCHED_OFF_OR_REDIRECTING.get(url_name, 200)


@pytest.mark.parametrize("url_name", [n for n in PLAIN_ROUTES if not _is_public(n)])
def test_a_closed_page_sends_an_anonymous_visitor_to_login_or_nowhere(client, db, url_name):
    response = client.get(reverse(url_name), follow=True)

    if response.redirect_chain:
        # The admin's own login page forwards to ours: there is one audited way in.
        assert response.request["PATH_INFO"] == reverse("accounts:login")
    elif response.status_code == 401:
        # The API has no login: without a token it answers 401 with a Bearer challenge.
        assert response["WWW-Authenticate"].startswith("Bearer")
    else:
        assert response.status_code in (404, 405)
