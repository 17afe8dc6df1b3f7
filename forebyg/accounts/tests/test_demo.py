import os
import stat
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from forebyg.accounts import demo
from forebyg.accounts.management.commands.load_demo import APP_DEMOS
from forebyg.accounts.models import Membership, User
from forebyg.actors.models import Organisation
from forebyg.audit.models import AuditEvent

EXPECTED = {
    "laerer": ("aarhus-demo-skole", "professional"),
    "tovholder-aarhus": ("aarhus-kommune", "municipal_coordinator"),
    "politi-oestjylland": ("oestjyllands-politi", "police_coordinator"),
    "psykiatri": ("psykiatrien-region-midtjylland", "partner"),
    "hotline": ("hotline", "hotline_operator"),
    "planejer": ("aarhus-kommune", "plan_owner"),
    "analytiker-cde": ("cde", "analyst"),
    "dpo-aarhus": ("aarhus-kommune", "dpo"),
    "admin-aarhus": ("aarhus-kommune", "administrator"),
    "tovholder-randers": ("randers-kommune", "municipal_coordinator"),
}


@pytest.fixture
def passwords_file(settings, tmp_path):
    settings.FOREBYG_DEMO_PASSWORDS_FILE = tmp_path / "var" / "demo-passwords.txt"
    return settings.FOREBYG_DEMO_PASSWORDS_FILE


def _load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _printed_passwords(output: str) -> dict[str, str]:
    """username -> password, read from the printed table."""
    passwords = {}
    for line in output.splitlines():
        cells = line.split()
        for username in EXPECTED:
            if username in cells:
                passwords[username] = cells[cells.index(username) + 1]
    return passwords


def test_load_demo_creates_every_persona_with_its_role_and_organisation(db, passwords_file):
    _load_demo()

    held = set(
        Membership.objects.filter(user__username__in=EXPECTED).values_list(
            "user__username", "organisation__key", "role"
        )
    )
    assert held == {(username, *place) for username, place in EXPECTED.items()}
    assert set(User.objects.filter(is_staff=True).values_list("username", flat=True)) == {
        "admin-aarhus"
    }
    assert not User.objects.filter(username__in=EXPECTED, is_superuser=True).exists()


def test_load_demo_creates_the_demo_school_under_aarhus(db, passwords_file):
    _load_demo()

    school = Organisation.objects.get(key="aarhus-demo-skole")
    assert school.kind == "school"
    assert school.level == "local"
    assert school.parent == Organisation.objects.get(key="aarhus-kommune")
    assert school.name_da == "Demoskolen i Aarhus"


def test_load_demo_prints_each_password_once_and_keeps_it_in_a_private_file(db, passwords_file):
    output = _load_demo()

    printed = _printed_passwords(output)
    assert set(printed) == set(EXPECTED)
    assert "demo" in output.lower()
    assert stat.S_IMODE(os.stat(passwords_file).st_mode) == 0o600
    kept = passwords_file.read_text()
    for username, password in printed.items():
        assert len(password) >= 20
        assert f"{username}" in kept
        assert password in kept


def test_demo_users_can_log_in_with_the_printed_password(client, db, passwords_file):
    printed = _printed_passwords(_load_demo())

    users = User.objects.filter(username__in=EXPECTED)
    assert all(user.check_password(printed[user.username]) for user in users)
    response = client.post(
        reverse("accounts:login"), {"username": "laerer", "password": printed["laerer"]}
    )
    assert response.url == reverse("accounts:start")


def test_a_second_run_changes_nothing_and_prints_no_password(
    db, passwords_file, django_assert_max_num_queries
):
    printed = _printed_passwords(_load_demo())
    hashes = dict(User.objects.values_list("username", "password"))
    counts = (Membership.objects.count(), Organisation.objects.count(), AuditEvent.objects.count())
    kept = passwords_file.read_text()

    with django_assert_max_num_queries(6):
        demo.load_demo(passwords_file=passwords_file)
    # The whole command adds each app's demo (plans, national plan, networks): each answers a
    # second run with a few existence checks and writes nothing.
    with django_assert_max_num_queries(6 + 4 * len(APP_DEMOS)):
        output = _load_demo()

    assert len(output.strip().splitlines()) == 1
    assert str(passwords_file) in output
    assert not any(password in output for password in printed.values())
    assert dict(User.objects.values_list("username", "password")) == hashes
    assert (
        Membership.objects.count(),
        Organisation.objects.count(),
        AuditEvent.objects.count(),
    ) == counts
    assert passwords_file.read_text() == kept


def test_the_first_run_audits_each_created_user(db, passwords_file):
    _load_demo()

    events = AuditEvent.objects.filter(verb="user.created", purpose="demo data")
    assert events.count() == len(EXPECTED)
    assert all("password" not in str(event.after) for event in events)


def test_a_lost_membership_is_restored_without_touching_the_password(db, passwords_file):
    _load_demo()
    Membership.objects.filter(user__username="planejer").delete()
    old_hash = User.objects.get(username="planejer").password

    output = _load_demo()

    assert Membership.objects.filter(user__username="planejer", role="plan_owner").exists()
    assert User.objects.get(username="planejer").password == old_hash
    assert AuditEvent.objects.filter(verb="membership.created").count() == 1
    assert len(output.strip().splitlines()) == 1


def test_a_deleted_demo_user_is_created_again_and_appended_to_the_file(db, passwords_file):
    _load_demo()
    first = passwords_file.read_text()
    user = User.objects.get(username="hotline")
    Membership.objects.filter(user=user).delete()
    User.objects.filter(pk=user.pk).update(username="hotline-gammel")

    printed = _printed_passwords(_load_demo())

    assert set(printed) == {"hotline"}
    assert passwords_file.read_text().startswith(first)
    assert printed["hotline"] in passwords_file.read_text()


def test_the_second_run_says_so_when_the_password_file_is_gone(db, passwords_file):
    _load_demo()
    passwords_file.unlink()

    output = _load_demo()

    assert "changepassword" in output
    assert not passwords_file.exists()


def test_load_demo_stops_when_reference_data_is_missing(db, passwords_file, monkeypatch):
    missing = demo.DemoPersona("Ghost", "spoegelse", "no-such-org", "analyst", "Ghost", "Demo")
    monkeypatch.setattr(demo, "DEMO_PERSONAS", (*demo.DEMO_PERSONAS, missing))

    with pytest.raises(CommandError, match="load_reference_data"):
        _load_demo()

    assert not User.objects.filter(username__in=EXPECTED).exists()
    assert not passwords_file.exists()
