"""Demo users, one per persona of DESIGN.md §2, so that `make run` shows every view of Forebyg.

Passwords are random, set when a user is first created and never again, kept in a file that only
its owner can read, and printed once.
"""

import os
import secrets
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from forebyg.accounts.models import Membership, Role, User
from forebyg.actors.models import Level, Organisation, OrganisationKind
from forebyg.audit import services as audit

DEMO = "demo data"
SCHOOL_KEY = "aarhus-demo-skole"
SCHOOL_PARENT_KEY = "aarhus-kommune"


@dataclass(frozen=True)
class DemoPersona:
    persona: str
    username: str
    organisation_key: str
    role: str
    first_name: str
    last_name: str
    is_staff: bool = False


DEMO_PERSONAS: tuple[DemoPersona, ...] = (
    DemoPersona("Professional (teacher)", "laerer", SCHOOL_KEY, Role.PROFESSIONAL, "Lærke", "Holm"),
    DemoPersona(
        "Municipal coordinator",
        "tovholder-aarhus",
        "aarhus-kommune",
        Role.MUNICIPAL_COORDINATOR,
        "Tove",
        "Holst",
    ),
    DemoPersona(
        "Police coordinator",
        "politi-oestjylland",
        "oestjyllands-politi",
        Role.POLICE_COORDINATOR,
        "Peter",
        "Ravn",
    ),
    DemoPersona(
        "Partner (psychiatry)",
        "psykiatri",
        "psykiatrien-region-midtjylland",
        Role.PARTNER,
        "Sara",
        "Dahl",
    ),
    DemoPersona("Hotline operator", "hotline", "hotline", Role.HOTLINE_OPERATOR, "Hanne", "Lind"),
    DemoPersona("Plan owner", "planejer", "aarhus-kommune", Role.PLAN_OWNER, "Per", "Jensen"),
    DemoPersona("National analyst", "analytiker-cde", "cde", Role.ANALYST, "Anna", "Krogh"),
    DemoPersona(
        "Data protection officer",
        "dpo-aarhus",
        "aarhus-kommune",
        Role.DATA_PROTECTION_OFFICER,
        "Dorte",
        "Poulsen",
    ),
    DemoPersona(
        "Administrator",
        "admin-aarhus",
        "aarhus-kommune",
        Role.ADMINISTRATOR,
        "Adam",
        "Nielsen",
        is_staff=True,
    ),
    DemoPersona(
        "Municipal coordinator (other municipality)",
        "tovholder-randers",
        "randers-kommune",
        Role.MUNICIPAL_COORDINATOR,
        "Rasmus",
        "Bach",
    ),
)


@dataclass(frozen=True)
class DemoAccount:
    """A demo user created by this run, with the only copy of its password outside the file."""

    persona: str
    username: str
    password: str
    organisation: str


@dataclass
class DemoResult:
    created: list[DemoAccount] = field(default_factory=list)
    memberships_added: int = 0


class MissingReferenceDataError(Exception):
    """The organisations the demo users belong to are not loaded."""

    def __init__(self, keys: list[str]) -> None:
        super().__init__(", ".join(keys))
        self.keys = keys


@transaction.atomic
def load_demo(*, passwords_file: Path) -> DemoResult:
    """Create the demo school and the persona users that are missing; never touch existing ones."""
    organisations = _organisations()
    usernames = [p.username for p in DEMO_PERSONAS]
    existing = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
    created = _create_users([p for p in DEMO_PERSONAS if p.username not in existing], organisations)
    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    added = _add_missing_memberships(users, organisations, new=set(usernames) - existing)
    if created:
        # Inside the transaction: if the file cannot be written, no user is left without a password.
        write_passwords_file(passwords_file, created)
    return DemoResult(created=created, memberships_added=added)


def _organisations() -> dict[str, Organisation]:
    keys = {p.organisation_key for p in DEMO_PERSONAS} | {SCHOOL_PARENT_KEY}
    found = {o.key: o for o in Organisation.objects.filter(key__in=keys)}
    missing = sorted(keys - found.keys() - {SCHOOL_KEY})
    if missing:
        raise MissingReferenceDataError(missing)
    if SCHOOL_KEY not in found:
        found[SCHOOL_KEY] = Organisation.objects.create(
            key=SCHOOL_KEY,
            kind=OrganisationKind.SCHOOL,
            level=Level.LOCAL,
            name_da="Demoskolen i Aarhus",
            name_en="The demo school in Aarhus",
            parent=found[SCHOOL_PARENT_KEY],
            source="Forebyg demo data (manage.py load_demo)",
        )
    return found


def _create_users(
    personas: list[DemoPersona], organisations: dict[str, Organisation]
) -> list[DemoAccount]:
    passwords = [secrets.token_urlsafe(18) for _ in personas]
    # Each hash takes a deliberate fraction of a second; the hashing runs in C and in parallel.
    with ThreadPoolExecutor() as pool:
        hashes = list(pool.map(make_password, passwords))
    User.objects.bulk_create(
        User(
            username=p.username,
            first_name=p.first_name,
            last_name=p.last_name,
            is_staff=p.is_staff,
            password=hashed,
        )
        for p, hashed in zip(personas, hashes, strict=True)
    )
    return [
        DemoAccount(p.persona, p.username, password, organisations[p.organisation_key].name_da)
        for p, password in zip(personas, passwords, strict=True)
    ]


def _add_missing_memberships(
    users: dict[str, User], organisations: dict[str, Organisation], *, new: set[str]
) -> int:
    held = set(
        Membership.objects.filter(user__in=users.values()).values_list(
            "user__username", "organisation__key", "role"
        )
    )
    missing = [p for p in DEMO_PERSONAS if (p.username, p.organisation_key, p.role) not in held]
    Membership.objects.bulk_create(
        Membership(
            user=users[p.username], organisation=organisations[p.organisation_key], role=p.role
        )
        for p in missing
    )
    for p in missing:
        organisation = organisations[p.organisation_key]
        after = {"username": p.username, "organisation": organisation.key, "role": p.role}
        verb = "user.created" if p.username in new else "membership.created"
        target = users[p.username]
        audit.record(None, verb, target, organisation=organisation, purpose=DEMO, after=after)
    return len(missing)


def format_table(accounts: list[DemoAccount]) -> str:
    """The accounts as a plain-text table: persona, username, password, organisation."""
    rows = [("Persona", "Username", "Password", "Organisation")]
    rows += [(a.persona, a.username, a.password, a.organisation) for a in accounts]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines) + "\n"


def write_passwords_file(path: Path, accounts: list[DemoAccount]) -> None:
    """Append the accounts to the password file, which only its owner may read (mode 0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    is_new = not path.exists()
    # Created 0600 from the start (no window in which others may read it), and tightened if older.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.chmod(path, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        if is_new:
            file.write("Forebyg demo accounts: for trying Forebyg out, never for real data.\n")
        file.write(f"\nCreated {timezone.localtime():%Y-%m-%d %H:%M %Z}\n")
        file.write(format_table(accounts))
