"""Who may reach each route, declared in one table. A test walks the URL resolver and fails on any
route missing here, so a new page cannot ship without someone deciding who may open it.

The table declares the first gate (anonymous, logged in, which roles). The object rule says, in
words, what the view's permission fetcher enforces on top; out of scope is always a 404."""

from importlib import import_module

from forebyg.accounts.models import Role
from forebyg.core.policy_rules import (
    COORDINATORS,
    IN_CONFERENCE_SCOPE,
    LOGGED_IN,
    PUBLIC,
    Rule,
    case_route,
    roles,
)

__all__ = ["COORDINATORS", "NAMESPACE_POLICY", "POLICY", "Rule", "rule_for"]

REPORTERS = (Role.PROFESSIONAL, Role.MUNICIPAL_COORDINATOR, Role.POLICE_COORDINATOR)

POLICY: dict[str, Rule] = {
    "healthz": PUBLIC,
    "set_language": PUBLIC,
    # Public pages about the Danish model
    "prevention:home": PUBLIC,
    "prevention:level": PUBLIC,
    "actors:directory": PUBLIC,
    "actors:structure": PUBLIC,
    "actors:international": PUBLIC,
    "actors:organisation": PUBLIC,
    "legal:list": PUBLIC,
    "legal:detail": PUBLIC,
    # Accounts
    "accounts:login": PUBLIC,
    # OIDC login (MitID Erhverv): 404 while switched off
    "accounts:oidc_authenticate": Rule(
        public=True, object_rule="redirects to the identity provider; none while OIDC is off"
    ),
    "accounts:oidc_callback": Rule(
        public=True,
        object_rule="only the answer to a login started in the same session, used once",
    ),
    "accounts:logout": LOGGED_IN,
    "accounts:start": LOGGED_IN,
    "accounts:step_up": LOGGED_IN,
    # Concerns: intake and the reporter's status
    "concerns:report": roles(
        Role.PROFESSIONAL, Role.MUNICIPAL_COORDINATOR, Role.POLICE_COORDINATOR
    ),
    "concerns:hotline": roles(Role.HOTLINE_OPERATOR),
    "concerns:receipt": Rule(object_rule="only the user who recorded the concern"),
    # Coordinators record concerns too (from citizens, outside professionals, the police).
    "concerns:mine": roles(*REPORTERS, object_rule="the user's own reports"),
    "concerns:status": roles(*REPORTERS, object_rule="the user's own report"),
    # Cases: the coordinators' work
    "cases:dashboard": case_route("cases in the user's municipality or police district"),
    "cases:person_search": case_route("people with a case in scope; out of scope = no match"),
    "cases:person": case_route("a person with a case in scope"),
    "cases:cpr_reveal": case_route("a person with a case in scope; the reveal is audited"),
    "cases:settings": roles(Role.MUNICIPAL_COORDINATOR, object_rule="the user's municipality"),
    "cases:detail": case_route(),
    "cases:status": case_route(),
    "cases:classify": case_route(),
    "cases:assessment_new": case_route(),
    "cases:assessment": case_route(),
    "cases:measure_new": case_route(),
    "cases:measure_review": case_route("the measure's case in scope"),
    "cases:attachment": case_route("the attachment's case in scope"),
    "cases:break_glass": case_route("any case by reference, read only, for a limited time"),
    "cases:break_glass_end": case_route("the user's own break-glass grant"),
    "cases:break_glass_notices": roles(
        Role.DATA_PROTECTION_OFFICER, object_rule="break-glass notices addressed to the DPO"
    ),
    # Exchange between organisations
    "exchange:known_elsewhere": Rule(
        roles=COORDINATORS, object_rule="answers only yes/no and which infohus to contact"
    ),
    "exchange:invite": case_route(),
    "exchange:consent_new": case_route(),
    "exchange:consent_withdraw": case_route("a consent of the person of a case in scope"),
    "exchange:reveal": case_route("the invitation's case in scope"),
    "exchange:revoke": case_route("the invitation's case in scope"),
    "exchange:partner_cases": roles(
        Role.PARTNER, object_rule="open invitations of the user's partner organisations"
    ),
    "exchange:partner_case": roles(
        Role.PARTNER,
        object_rule="an open invitation of the user's organisation; identity only once revealed",
    ),
    "exchange:ledger": roles(
        Role.DATA_PROTECTION_OFFICER, object_rule="disclosures made or received by the DPO's org."
    ),
    "exchange:ledger_csv": roles(
        Role.DATA_PROTECTION_OFFICER, object_rule="as exchange:ledger; every export audited"
    ),
}

# Case conferences (the infohus-kommune meeting)
POLICY.update(
    {
        "conferences:list": case_route("conferences of the user's municipality or police district"),
        "conferences:new": case_route("a municipality in the user's scope"),
        "conferences:detail": case_route(IN_CONFERENCE_SCOPE),
        "conferences:held": case_route(IN_CONFERENCE_SCOPE),
        "conferences:participant_add": case_route(
            IN_CONFERENCE_SCOPE + "; adding discloses: the municipality's coordinators only"
        ),
        "conferences:case_add": case_route(
            IN_CONFERENCE_SCOPE + "; adding discloses: the municipality's coordinators only"
        ),
        "conferences:minutes": case_route("the agenda item's conference in scope"),
        "conferences:decision": case_route("the agenda item's conference in scope"),
        "conferences:pdf": case_route(IN_CONFERENCE_SCOPE + "; the export is logged with purpose"),
    }
)

# Apps added later declare their routes next to their views, in `<app>/policy.py`: a dict ROUTES
# of route name to Rule, and optionally NAMESPACES for whole namespaces.
APP_POLICIES = (
    "forebyg.plans.policy",
    "forebyg.national.policy",
    "forebyg.networks.policy",
    "forebyg.stats.policy",
    "forebyg.api.policy",
    "forebyg.accounts.mfa.policy",
    "forebyg.access_requests.policy",
    "forebyg.retention.policy",
)

# Whole namespaces with one rule: the admin site checks the administrator role itself.
NAMESPACE_POLICY: dict[str, Rule] = {
    "admin": roles(Role.ADMINISTRATOR, object_rule="reference data, users and memberships"),
}


for _module_name in APP_POLICIES:
    _module = import_module(_module_name)
    POLICY.update(_module.ROUTES)
    NAMESPACE_POLICY.update(getattr(_module, "NAMESPACES", {}))


def rule_for(url_name: str) -> Rule | None:
    """The declared rule of a route name ("namespace:name"), or None if it has none."""
    if url_name in POLICY:
        return POLICY[url_name]
    namespace = url_name.split(":", 1)[0] if ":" in url_name else ""
    return NAMESPACE_POLICY.get(namespace)
