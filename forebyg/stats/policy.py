"""Who may reach this app's routes; merged into forebyg.core.access_policy."""

from forebyg.accounts.models import Role
from forebyg.core.policy_rules import Rule, roles

STATS_ROLES = (Role.ANALYST, Role.MUNICIPAL_COORDINATOR, Role.POLICE_COORDINATOR)
IN_STATS_SCOPE = (
    "a scope of stats.scope.scopes_for: national (analyst), the user's municipality (municipal "
    "coordinator) or police district (police coordinator); figures suppressed for analysts"
)

ROUTES: dict[str, Rule] = {
    "stats:index": roles(*STATS_ROLES, object_rule="the scopes the user may open; none: 404"),
    "stats:scope": roles(*STATS_ROLES, object_rule=IN_STATS_SCOPE + "; every view audited"),
    "stats:export_csv": roles(*STATS_ROLES, object_rule=IN_STATS_SCOPE + "; export audited"),
    "stats:export_xlsx": roles(*STATS_ROLES, object_rule=IN_STATS_SCOPE + "; export audited"),
}
