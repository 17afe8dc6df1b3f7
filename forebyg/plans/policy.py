"""Who may reach this app's routes; merged into forebyg.core.access_policy."""

from forebyg.core.policy_rules import Rule

ROUTES: dict[str, Rule] = {}
