# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Creating, revoking, finding and using API tokens; every change and every use audited."""

import datetime
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.models import User
from forebyg.actors.models import Organisation, OrganisationKind
from forebyg.api.models import DESCRIPTION_MAX_LENGTH, NAME_MAX_LENGTH, ApiToken, Scope
from forebyg.audit import services as audit

TOKEN_TAG = "fbk"  # noqa: S105 (a tag, no secret): lets secret scanners spot a leaked token
PURPOSE = "api"
ADMINISTRATION = "administration"


@dataclass(frozen=True)
class IssuedToken:
    """A new token and its secret, which is shown once and never stored."""

    token: ApiToken
    secret: str


def hash_secret(secret: str) -> str:
    """The SHA-256 of a whole token string, in hex: what the database keeps."""
    return hashlib.sha256(secret.encode()).hexdigest()


def split_token(raw: str) -> str | None:
    """The prefix of a well-formed token string "fbk_<prefix>_<random>", else None."""
    parts = (raw or "").strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_TAG or not parts[1] or not parts[2]:
        return None
    return parts[1]


def token_snapshot(token: ApiToken) -> dict[str, Any]:
    """What the audit log keeps of a token: never its hash."""
    return {
        "name": token.name,
        "prefix": token.prefix,
        "organisation": token.organisation_id,
        "scopes": sorted(token.scopes),
        "expires_at": token.expires_at.isoformat() if token.expires_at else None,
        "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
    }


def clean_scopes(scopes: Iterable[str]) -> list[str]:
    """The scopes sorted and without duplicates; an unknown one is a ValidationError."""
    chosen = {str(scope).strip() for scope in scopes if str(scope).strip()}
    unknown = sorted(chosen - set(Scope.values))
    if unknown:
        raise ValidationError(
            _("Unknown scope: %(scopes)s. Known scopes: %(known)s."),
            code="unknown_scope",
            params={"scopes": ", ".join(unknown), "known": ", ".join(Scope.values)},
        )
    if not chosen:
        raise ValidationError(_("Choose at least one scope."), code="no_scope")
    return sorted(chosen)


def find_organisation(handle: str) -> Organisation:
    """A municipality's or police district's code, or any organisation's key; else ValueError."""
    handle = (handle or "").strip()
    by_code = Q(
        code=handle, kind__in=[OrganisationKind.MUNICIPALITY, OrganisationKind.POLICE_DISTRICT]
    )
    found = list(Organisation.objects.filter(by_code | Q(key=handle))[:2])
    if len(found) != 1:
        raise ValueError(handle)
    return found[0]


def _new_account(prefix: str) -> User:
    account = User(username=f"api-{prefix}", first_name="API", is_active=False)
    account.set_unusable_password()
    account.save()
    return account


@transaction.atomic
def create_token(
    *,
    organisation: Organisation,
    scopes: Iterable[str],
    name: str,
    by: User | None,
    description: str = "",
    expires_at: datetime.datetime | None = None,
) -> IssuedToken:
    """Issue a token for one organisation and a set of scopes; the secret is returned once."""
    name, description = (name or "").strip(), (description or "").strip()
    if not name or len(name) > NAME_MAX_LENGTH or len(description) > DESCRIPTION_MAX_LENGTH:
        raise ValidationError(_("Give the token a name of at most 120 characters."), code="name")
    if "\x00" in name + description:  # PostgreSQL cannot store NUL in text
        raise ValidationError(ProhibitNullCharactersValidator.message, code="null_characters")
    scopes = clean_scopes(scopes)
    prefix = secrets.token_hex(6)
    secret = f"{TOKEN_TAG}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        organisation=organisation,
        name=name,
        description=description,
        scopes=scopes,
        prefix=prefix,
        key_hash=hash_secret(secret),
        account=_new_account(prefix),
        created_by=by,
        expires_at=expires_at,
    )
    audit.record(
        by,
        "api_token.created",
        token,
        organisation=organisation,
        purpose=ADMINISTRATION,
        after=token_snapshot(token),
    )
    return IssuedToken(token, secret)


@transaction.atomic
def revoke_token(token: ApiToken, *, by: User | None) -> ApiToken:
    """Revoke a token from now on; revoking a revoked token changes nothing."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    before = token_snapshot(token)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        by,
        "api_token.revoked",
        token,
        organisation=token.organisation,
        purpose=ADMINISTRATION,
        before=before,
        after=token_snapshot(token),
    )
    return token


def authenticate(raw: str) -> ApiToken | None:
    """The usable token for this token string: None if unknown, revoked or expired."""
    prefix = split_token(raw)
    if prefix is None:
        return None
    token = ApiToken.objects.select_related("organisation", "account").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.key_hash, hash_secret(raw.strip())):
        return None
    return token if token.is_usable() else None


def record_use(token: ApiToken, *, method: str, route: str, allowed: bool = True) -> None:
    """Log one use of a token (call it in the transaction of the read or write it allows)."""
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
    audit.record(
        token.account,
        "api_token.used",
        token,
        organisation=token.organisation,
        purpose=PURPOSE,
        after={"method": method, "route": route, "allowed": allowed},
    )
