"""Who may reach this app's routes; merged into forebyg.core.access_policy.

The API's own gate is the bearer token, not a login: a route marked with a scope answers 401
without a valid token and 403 when the token lacks the scope (problem details), then applies
the object rule (out of scope is 404). Public routes serve what public pages show."""

from forebyg.core.policy_rules import PUBLIC, Rule


def token(scope: str, object_rule: str) -> Rule:
    """A route for a bearer token with `scope` (no login: anonymous gets 401)."""
    return Rule(object_rule=f"API token with scope {scope}; {object_rule}")


ROUTES: dict[str, Rule] = {
    "api:openapi-json": PUBLIC,
    "api:openapi-view": PUBLIC,
    "api_not_found": PUBLIC,
    "api:api-root": Rule(object_rule="marks where the API starts; always 404 (see the docs)"),
    "api:create_concern": token(
        "concerns:create", "the token's municipality, or the municipality of its unit"
    ),
    "api:concern_status": token(
        "concerns:status", "concerns sent by a token of the same organisation"
    ),
    "api:list_cases": token("cases:read", "the token's municipality's or police district's cases"),
    "api:read_case": token("cases:read", "a case in the token's municipality or police district"),
    "api:statistics_catalogue": token(
        "stats:read", "the token's municipality or police district, or national for a centre"
    ),
    "api:statistics_table": token(
        "stats:read", "as api:statistics_catalogue; suppressed exactly as the statistics pages"
    ),
    "api:list_plans": PUBLIC,
    "api:read_plan": PUBLIC,
    "api:list_focus_areas": PUBLIC,
    "api:read_initiative": PUBLIC,
    "api:list_organisations": PUBLIC,
    "api:read_organisation": PUBLIC,
    "api:list_legal_bases": PUBLIC,
    "api:read_legal_basis": PUBLIC,
    "api:list_prevention_levels": PUBLIC,
    "api:read_prevention_level": PUBLIC,
}
