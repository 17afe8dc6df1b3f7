"""The personas of DESIGN.md §2 as the matrix logs them in. They mirror the function-scoped
fixtures of /work/main/conftest.py (same usernames, organisations and roles), built once per
module here because the matrix shares one world of objects between all its tests."""

from dataclasses import dataclass

from forebyg.accounts.models import Role, User
from forebyg.accounts.tests.factories import UserFactory
from forebyg.actors.models import Organisation

ANONYMOUS = "anonymous"
SUPERUSER = "superuser"


@dataclass(frozen=True)
class Persona:
    name: str
    org_key: str
    roles: frozenset[str]


PERSONAS = [
    Persona("professional", "aarhus-demo-skole", frozenset({Role.PROFESSIONAL})),
    Persona("municipal_coordinator", "aarhus-kommune", frozenset({Role.MUNICIPAL_COORDINATOR})),
    Persona("other_coordinator", "randers-kommune", frozenset({Role.MUNICIPAL_COORDINATOR})),
    Persona("police_coordinator", "oestjyllands-politi", frozenset({Role.POLICE_COORDINATOR})),
    Persona("partner", "psykiatrien-region-midtjylland", frozenset({Role.PARTNER})),
    Persona("hotline_operator", "hotline", frozenset({Role.HOTLINE_OPERATOR})),
    Persona("plan_owner", "aarhus-kommune", frozenset({Role.PLAN_OWNER})),
    Persona("analyst", "cde", frozenset({Role.ANALYST})),
    Persona("dpo", "aarhus-kommune", frozenset({Role.DATA_PROTECTION_OFFICER})),
    Persona("administrator", "aarhus-kommune", frozenset({Role.ADMINISTRATOR})),
]
ROLES = {persona.name: persona.roles for persona in PERSONAS} | {
    ANONYMOUS: frozenset(),
    SUPERUSER: frozenset(),
}
NAMES = [persona.name for persona in PERSONAS] + [SUPERUSER, ANONYMOUS]


def _school() -> Organisation:
    aarhus = Organisation.objects.get(key="aarhus-kommune")
    return Organisation.objects.get_or_create(
        key="aarhus-demo-skole",
        defaults={"kind": "school", "level": "local", "name_da": "Demo Skole", "parent": aarhus},
    )[0]


def build_users() -> dict[str, User | None]:
    """One user per persona (None for the anonymous visitor), as conftest.py makes them."""
    _school()
    users: dict[str, User | None] = {ANONYMOUS: None}
    for persona in PERSONAS:
        organisation = Organisation.objects.get(key=persona.org_key)
        memberships = [(organisation, role) for role in sorted(persona.roles)]
        users[persona.name] = UserFactory.create(
            username=f"pm-{persona.name}",
            memberships=memberships,
            is_staff=persona.name == "administrator",
        )
    # An operator account: superuser and staff, but no membership and so no role at all.
    users[SUPERUSER] = UserFactory.create(username="pm-root", is_superuser=True, is_staff=True)
    return users
