"""Tokens: stored hashed, found by prefix, refused when expired or revoked, audited."""

import datetime
import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from forebyg.api import services
from forebyg.api.models import ApiToken, Scope
from forebyg.audit.models import AuditEvent


def test_a_token_is_stored_only_as_the_sha256_of_its_secret(aarhus):
    issued = services.create_token(
        organisation=aarhus, scopes=["cases:read"], name="Case system", by=None
    )

    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(issued.secret.encode()).hexdigest()
    assert issued.secret not in str(ApiToken.objects.values().get())
    assert issued.secret.startswith(f"fbk_{token.prefix}_")
    assert services.authenticate(issued.secret) == token


def test_a_token_with_a_wrong_secret_or_prefix_is_unknown(aarhus):
    issued = services.create_token(organisation=aarhus, scopes=["cases:read"], name="x", by=None)

    assert services.authenticate(issued.secret + "x") is None
    assert services.authenticate(issued.secret.replace("fbk_", "fbk_0")) is None
    assert services.authenticate("not a token") is None


def test_expired_and_revoked_tokens_are_refused(aarhus):
    past = timezone.now() - datetime.timedelta(minutes=1)
    expired = services.create_token(
        organisation=aarhus, scopes=["cases:read"], name="old", by=None, expires_at=past
    )
    revoked = services.create_token(organisation=aarhus, scopes=["cases:read"], name="r", by=None)
    services.revoke_token(revoked.token, by=None)

    assert services.authenticate(expired.secret) is None
    assert services.authenticate(revoked.secret) is None


def test_creating_and_revoking_are_audited_without_the_hash(aarhus, administrator):
    issued = services.create_token(
        organisation=aarhus, scopes=["stats:read"], name="x", by=administrator
    )
    services.revoke_token(issued.token, by=administrator)
    services.revoke_token(issued.token, by=administrator)  # twice changes nothing

    events = list(AuditEvent.objects.filter(verb__startswith="api_token.").order_by("id"))
    assert [e.verb for e in events] == ["api_token.created", "api_token.revoked"]
    assert all(e.actor == administrator and e.organisation == aarhus for e in events)
    assert issued.token.key_hash not in str([(e.before, e.after) for e in events])


def test_unknown_scopes_are_refused(aarhus):
    with pytest.raises(services.ValidationError):
        services.create_token(organisation=aarhus, scopes=["cases:write"], name="x", by=None)


def test_the_command_finds_municipalities_districts_and_keys(aarhus, east_jutland_police):
    for handle, expected in (("751", aarhus), (east_jutland_police.code, east_jutland_police)):
        out = StringIO()
        call_command("create_api_token", "--org", handle, "--scopes", "cases:read", stdout=out)
        token = services.authenticate(out.getvalue().strip())
        assert token is not None and token.organisation == expected
        assert token.scopes == [Scope.CASES_READ]


def test_the_command_sets_an_expiry_and_revokes(aarhus):
    out = StringIO()
    call_command(
        "create_api_token",
        "--org=aarhus-kommune",
        "--scopes=cases:read,stats:read",
        "--expires-days=30",
        stdout=out,
    )
    token = ApiToken.objects.get()
    assert token.expires_at is not None and token.expires_at > timezone.now()

    call_command("revoke_api_token", token.prefix, stdout=StringIO())

    assert services.authenticate(out.getvalue().strip()) is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "999", "--scopes", "cases:read"], "No organisation"),
        (["--org", "751", "--scopes", "cases:write"], "cases:write"),
    ],
)
def test_the_command_refuses_a_bad_organisation_or_scope(aarhus, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("create_api_token", *args, stdout=StringIO())


def test_revoking_an_unknown_prefix_is_an_error(db):
    with pytest.raises(CommandError):
        call_command("revoke_api_token", "nope", stdout=StringIO())
