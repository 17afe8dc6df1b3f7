"""The building blocks of the access policy table (forebyg.core.access_policy). Apps that declare
their own routes in `<app>/policy.py` import these, so no module imports the table itself."""

from dataclasses import dataclass, field

from forebyg.accounts.models import Role


@dataclass(frozen=True)
class Rule:
    public: bool = False
    roles: frozenset[str] = field(default_factory=frozenset)  # empty: any logged-in user
    object_rule: str = ""


PUBLIC = Rule(public=True)
LOGGED_IN = Rule()
COORDINATORS = frozenset({Role.MUNICIPAL_COORDINATOR, Role.POLICE_COORDINATOR})
IN_CASE_SCOPE = "the case's municipality (municipal coordinator) or police district (police)"
IN_CONFERENCE_SCOPE = "the conference's municipality (municipal coordinator) or police district"


def roles(*names: str, object_rule: str = "") -> Rule:
    return Rule(roles=frozenset(names), object_rule=object_rule)


def case_route(object_rule: str = IN_CASE_SCOPE) -> Rule:
    return Rule(roles=COORDINATORS, object_rule=object_rule)
