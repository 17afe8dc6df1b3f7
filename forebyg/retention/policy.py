"""Who may reach the retention routes; merged into forebyg.core.access_policy."""

from forebyg.accounts.models import Role
from forebyg.core.policy_rules import Rule, roles

OWN_ORGANISATION = "a municipality the user is data protection officer of"

ROUTES: dict[str, Rule] = {
    "retention:home": roles(
        Role.DATA_PROTECTION_OFFICER, object_rule="the DPO's own municipalities"
    ),
    "retention:periods": roles(Role.DATA_PROTECTION_OFFICER, object_rule=OWN_ORGANISATION),
    "retention:runs": roles(Role.DATA_PROTECTION_OFFICER, object_rule=OWN_ORGANISATION),
    "retention:approve": roles(
        Role.DATA_PROTECTION_OFFICER,
        object_rule=OWN_ORGANISATION + "; not a report the user made; needs a fresh login",
    ),
}
