"""Who may reach the access request routes; merged into forebyg.core.access_policy."""

from forebyg.accounts.models import Role
from forebyg.core.policy_rules import Rule, roles

OWN = "a request received by the DPO's organisation"

ROUTES: dict[str, Rule] = {
    "access_requests:list": roles(
        Role.DATA_PROTECTION_OFFICER, object_rule="open requests of the DPO's organisations"
    ),
    "access_requests:new": roles(
        Role.DATA_PROTECTION_OFFICER, object_rule="for one of the DPO's organisations"
    ),
    "access_requests:detail": roles(Role.DATA_PROTECTION_OFFICER, object_rule=OWN),
    "access_requests:report": roles(
        Role.DATA_PROTECTION_OFFICER, object_rule=OWN + "; step-up; every generation audited"
    ),
    "access_requests:pdf": roles(
        Role.DATA_PROTECTION_OFFICER, object_rule=OWN + "; step-up; every generation audited"
    ),
    "access_requests:extend": roles(Role.DATA_PROTECTION_OFFICER, object_rule=OWN),
    "access_requests:answer": roles(Role.DATA_PROTECTION_OFFICER, object_rule=OWN),
    "access_requests:restrict": roles(Role.DATA_PROTECTION_OFFICER, object_rule=OWN),
}
