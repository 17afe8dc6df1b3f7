"""What the policy table promises for one persona on one URL, and whether a response keeps it."""

from dataclasses import dataclass

from django.http import HttpResponse
from django.urls import reverse

from forebyg.core.policy_rules import Rule
from forebyg.core.tests.policy_matrix.personas import ANONYMOUS, ROLES
from forebyg.core.tests.policy_matrix.targets import EVERYONE, SCOPES

# Routes that answer with a fixed status by design, whoever asks.
FIXED_STATUS = {
    "set_language": {302},  # sends the visitor back where they came from
    "accounts:oidc_authenticate": {404},  # OIDC is switched off in the tests
    "accounts:oidc_callback": {404},
    "api:api-root": {404},  # marks where the API starts
    "api_not_found": {404},  # the API's own 404 for unknown paths
    "admin:logout": {302},  # back to the admin index, which applies the gate itself
}
# Routes where a refused visitor is sent to the home page: nothing to log out of.
HOME_REDIRECTS = {"accounts:logout"}

# Where the table says a persona reads the object but may not change it, a 403 tells them
# nothing new: per scope of a changing route, the scope of those who read its object.
# (OWN_PLAN: "readers get 403"; a conference's disclosures: its readers are the case scope;
# a case closed as police only: its readers may not change the stub.)
READ_SCOPE = {"own_plan": "plan", "conference_disclosure": "case", "case": "case"}


def is_token_route(rule: Rule) -> bool:
    """An API route gated by a bearer token (forebyg.api.policy.token): no session opens it."""
    return rule.object_rule.startswith("API token")


@dataclass(frozen=True)
class Expectation:
    allowed: bool
    may_forbid: bool = False  # 403 is a truthful answer (reads, may not change)
    statuses: frozenset[int] = frozenset()  # exact statuses, when the route answers by design


def _may_forbid(url_name: str, rule: Rule, persona: str, scope: str, place: str) -> bool:
    roles = ROLES[persona]
    if url_name.startswith("admin:"):
        # Past the admin's gate, Django's own per-model rights answer 403 (the audit log and
        # lockouts are read-only; autocomplete without its parameters).
        return bool(roles & rule.roles)
    if url_name == "networks:note_new":
        return "analyst" in roles  # the table: "analysts 403 (read only)"
    read_scope = READ_SCOPE.get(scope)
    return read_scope is not None and persona in SCOPES[read_scope].get(place, frozenset())


def expect(url_name: str, rule: Rule, persona: str, scope: str, place: str) -> Expectation:
    """The table's promise for `persona` on the route's object of `place`."""
    if url_name in FIXED_STATUS:
        return Expectation(True, statuses=frozenset(FIXED_STATUS[url_name]))
    if is_token_route(rule):
        return Expectation(False, statuses=frozenset({401}))
    if rule.public:
        return Expectation(True)
    if persona == ANONYMOUS:
        return Expectation(False)
    role_ok = not rule.roles or bool(ROLES[persona] & rule.roles)
    in_scope = scope == EVERYONE or persona in SCOPES[scope][place]
    may_forbid = _may_forbid(url_name, rule, persona, scope, place)
    return Expectation(role_ok and in_scope, may_forbid=may_forbid)


def _is_harmless_redirect(url_name: str, persona: str, response: HttpResponse) -> bool:
    """A redirect to a login page (anonymous, or the admin's own) or, by design, home."""
    if response.status_code != 302:
        return False
    location = response["Location"]
    if url_name in HOME_REDIRECTS and location == reverse("prevention:home"):
        return True
    logins = (reverse("accounts:login"), reverse("admin:login"))
    return location.startswith(logins) and (persona == ANONYMOUS or url_name.startswith("admin:"))


def judge_get(url_name: str, expectation: Expectation, persona: str, response: HttpResponse) -> str:
    """ "" when the GET keeps the promise, else what went wrong. 405: the POST decides."""
    status = response.status_code
    if status == 405:
        return ""
    if expectation.statuses:
        return "" if status in expectation.statuses else f"expected {set(expectation.statuses)}"
    return _judge(url_name, expectation, persona, response)


def judge_post(
    url_name: str, expectation: Expectation, persona: str, response: HttpResponse
) -> str:
    """ "" when the POST (empty body) to a POST-only route keeps the promise."""
    status = response.status_code
    if expectation.statuses:
        return "" if status in expectation.statuses else f"expected {set(expectation.statuses)}"
    if status == 400 and expectation.allowed:
        return ""  # an empty form refused as bad input: the user was let in
    return _judge(url_name, expectation, persona, response)


def _judge(url_name: str, expectation: Expectation, persona: str, response: HttpResponse) -> str:
    status = response.status_code
    if status >= 500:
        return "server error"
    if status == 403 and expectation.may_forbid:
        return ""
    if expectation.allowed:
        return "" if 200 <= status < 400 else "expected allowed (2xx/3xx)"
    if status == 404 or _is_harmless_redirect(url_name, persona, response):
        return ""
    return "expected 404" + (" or 403" if expectation.may_forbid else "")
