"""Prepare a database for the drills: load-test users with minted sessions, and some cases.

    DATABASE_URL=... FOREBYG_VAR_DIR=... python drills/prepare.py OUT.json [--coordinators N]
        [--professionals N] [--concerns N]

Creates (once; a second run reuses them) coordinators spread over five municipalities, each with
a confirmed TOTP device, professionals at a school in each of those municipalities, and
`--concerns` concerns recorded through the same service as the intake form (so every one has its
person, case and audit event). Then it mints one logged-in session per user, as the test client's
force_login() does and marked as confirmed with the user's device (as django_otp.login() does
after a correct code), and writes the cookies and the case ids each user may open to OUT.json.
Logging 50 users in through the form would cost 50 deliberately slow password hashes and TOTP
codes; the scale-out drill does one real login through the form instead.

Run it with the same settings (DATABASE_URL, REDIS_URL, FOREBYG_VAR_DIR) as the app servers: the
sessions are stored where they will look for them."""

import argparse
import datetime
import functools
import json
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forebyg.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.test import Client  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from forebyg.accounts.models import Membership, Role, User  # noqa: E402
from forebyg.actors.models import Organisation  # noqa: E402
from forebyg.cases import services  # noqa: E402
from forebyg.cases.models import Case, Source  # noqa: E402

MUNICIPALITIES = [
    "aarhus-kommune",
    "randers-kommune",
    "koebenhavn-kommune",
    "odense-kommune",
    "aalborg-kommune",
]
PASSWORD = "drill-password-not-secret-1"  # noqa: S105 - load-test accounts on a scratch database only


def municipalities() -> list[Organisation]:
    found = {o.key: o for o in Organisation.objects.filter(key__in=MUNICIPALITIES)}
    return [found[key] for key in MUNICIPALITIES if key in found]


def school(municipality: Organisation) -> Organisation:
    return Organisation.objects.get_or_create(
        key=f"drill-skole-{municipality.key}",
        defaults={
            "kind": "school",
            "level": "local",
            "name_da": f"Drill-skole ({municipality.name_da})",
            "parent": municipality,
        },
    )[0]


@functools.cache
def password_hash() -> str:
    # One deliberately slow hash for all: fifty would take minutes on a busy machine.
    return make_password(PASSWORD)


def user(username: str, organisation: Organisation, role: str) -> User:
    account, _created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": "Drill", "last_name": username, "password": password_hash()},
    )
    Membership.objects.get_or_create(user=account, organisation=organisation, role=role)
    return account


def coordinators(count: int) -> list[User]:
    places = municipalities()
    made = []
    for i in range(count):
        account = user(f"drill-tovholder-{i}", places[i % len(places)], Role.MUNICIPAL_COORDINATOR)
        TOTPDevice.objects.get_or_create(user=account, name="drill", defaults={"confirmed": True})
        made.append(account)
    return made


def professionals(count: int) -> list[User]:
    places = municipalities()
    return [
        user(f"drill-laerer-{i}", school(places[i % len(places)]), Role.PROFESSIONAL)
        for i in range(count)
    ]


def concerns(reporters: list[User], count: int) -> None:
    existing = Case.objects.count()
    rng = random.Random(existing)  # noqa: S311 (test data, not security)
    for i in range(max(0, count - existing)):
        reporter = reporters[i % len(reporters)]
        municipality = reporter.active_memberships()[0].organisation.parent
        services.receive_concern(
            by=reporter,
            source=Source.PROFESSIONAL,
            idempotency_key=f"drill-seed-{existing + i}",
            person_name=f"Drill Person {existing + i}",
            birth_date=datetime.date(1960 + rng.randrange(40), 1 + rng.randrange(12), 1 + i % 28),
            municipality=municipality,
            description="Syntetisk bekymring til belastningsprøven.",
        )


def session_for(account: User) -> str:
    client = Client()
    client.force_login(account)
    session = client.session
    device = TOTPDevice.objects.filter(user=account, confirmed=True).first()
    if device is not None:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def visible_case_ids(account: User) -> list[int]:
    organisation = account.active_memberships()[0].organisation
    return list(Case.objects.filter(municipality=organisation).values_list("pk", flat=True)[:200])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("output", type=Path)
    parser.add_argument("--coordinators", type=int, default=25)
    parser.add_argument("--professionals", type=int, default=25)
    parser.add_argument("--concerns", type=int, default=200)
    options = parser.parse_args()
    staff, reporters = coordinators(options.coordinators), professionals(options.professionals)
    concerns(reporters, options.concerns)
    data = {
        "cookie_name": settings.SESSION_COOKIE_NAME,
        "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
        "password": PASSWORD,
        "coordinators": [
            {"username": u.username, "session": session_for(u), "cases": visible_case_ids(u)}
            for u in staff
        ],
        # For the scale-out drill's real logins through the form (password, then TOTP code).
        "totp_keys": {
            d.user.username: d.key for d in TOTPDevice.objects.filter(user__in=staff, name="drill")
        },
        "professionals": [{"username": u.username, "session": session_for(u)} for u in reporters],
    }
    options.output.write_text(json.dumps(data), encoding="utf-8")
    print(
        f"prepared {len(staff)} coordinators, {len(reporters)} professionals, "
        f"{Case.objects.count()} cases -> {options.output}"
    )


if __name__ == "__main__":
    main()
