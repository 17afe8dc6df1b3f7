"""Who may reach the infohus networks' routes; merged into forebyg.core.access_policy."""

from forebyg.accounts.models import Role
from forebyg.core.policy_rules import Rule, roles

MEMBERS = (Role.MUNICIPAL_COORDINATOR, Role.POLICE_COORDINATOR)
NETWORK_SCOPE = (
    "members: the district's police coordinators and its municipalities' coordinators; "
    "national analysts read every network"
)

ROUTES: dict[str, Rule] = {
    "networks:list": roles(*MEMBERS, Role.ANALYST, object_rule=NETWORK_SCOPE),
    "networks:note": roles(*MEMBERS, Role.ANALYST, object_rule="a note of a network in scope"),
    "networks:note_new": roles(
        *MEMBERS,
        object_rule="a network the user is a member of; analysts 403 (read only); others 404",
    ),
}
