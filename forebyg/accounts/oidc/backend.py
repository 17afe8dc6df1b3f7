"""The OIDC authentication backend: mozilla-django-oidc's code flow, with every check of the ID
token made strict (algorithm, signature, issuer, audience, expiry, nonce), the user matched on the
configured claim, the organisation mapped, and the NSIS assurance level enforced per role."""

import uuid
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from forebyg.accounts.models import User
from forebyg.accounts.oidc import conf
from forebyg.accounts.oidc.refusals import AUTHENTICATION, LoginRefused
from forebyg.actors.models import Organisation
from forebyg.audit import services as audit

REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub"]
# The order matters: the more specific errors are subclasses of the later ones.
TOKEN_ERRORS: list[tuple[type[jwt.PyJWTError], str]] = [
    (jwt.ExpiredSignatureError, "token_expired"),
    (jwt.InvalidAudienceError, "wrong_audience"),
    (jwt.InvalidIssuerError, "wrong_issuer"),
    (jwt.InvalidSignatureError, "bad_signature"),
    (jwt.PyJWTError, "invalid_token"),
]
LOGIN_ATTRIBUTE = "forebyg_oidc_login"  # set on the request for the callback view


class OIDCBackend(OIDCAuthenticationBackend):
    """Logs in an existing (or, if allowed, new) user from a verified ID token, or refuses."""

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        # Only our callback view passes a nonce: a local login's authenticate() never calls out.
        if request is None or "nonce" not in kwargs or not conf.enabled():
            return None
        # A step-up: the person must have authenticated at the provider after this moment.
        self.reauthenticated_since: float | None = kwargs.pop("reauthenticated_since", None)
        try:
            user: User | None = super().authenticate(request, **kwargs)
        except requests.RequestException as error:
            raise LoginRefused("token_request_failed") from error
        except SuspiciousOperation as error:
            raise LoginRefused("invalid_token") from error
        return user

    def get_user(self, user_id: Any) -> User | None:
        # mozilla-django-oidc's get_user skips the is_active check: a disabled user must be out.
        return ModelBackend.get_user(self, user_id)  # type: ignore[return-value]

    def verify_token(self, token: Any, **kwargs: Any) -> dict[str, Any]:
        """The verified claims of an ID token, or LoginRefused with the reason."""
        if not isinstance(token, str) or not token:
            raise LoginRefused("invalid_token")
        algorithm = conf.signing_algorithm()
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise LoginRefused("invalid_token") from error
        # Before any key is looked up: "none", HS256 and any other algorithm stop here.
        if header.get("alg") != algorithm:
            raise LoginRefused("wrong_algorithm")
        payload = self._decode(token, self._signing_key(token), algorithm)
        nonce = kwargs.get("nonce")
        if not nonce or payload.get("nonce") != nonce:
            raise LoginRefused("wrong_nonce")
        self._check_reauthentication(payload)
        return payload

    def _check_reauthentication(self, payload: dict[str, Any]) -> None:
        """On a step-up, `auth_time` must show an authentication after the step-up began: the
        provider may otherwise answer from its own single sign-on session without asking."""
        since = getattr(self, "reauthenticated_since", None)
        if since is None:
            return
        auth_time = payload.get("auth_time")
        skew = settings.FOREBYG_OIDC_CLOCK_SKEW_SECONDS
        if not isinstance(auth_time, int | float) or auth_time < since - skew:
            raise LoginRefused("stale_authentication")

    def _signing_key(self, token: str) -> Any:
        if self.OIDC_RP_IDP_SIGN_KEY:
            return self.OIDC_RP_IDP_SIGN_KEY
        try:
            return self.retrieve_matching_jwk(token)
        except requests.RequestException as error:
            raise LoginRefused("keys_unavailable") from error
        except (SuspiciousOperation, KeyError, TypeError, jwt.PyJWTError) as error:
            raise LoginRefused("invalid_token") from error

    def _decode(self, token: str, key: Any, algorithm: str) -> dict[str, Any]:
        client_id = settings.OIDC_RP_CLIENT_ID
        try:
            payload: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[algorithm],
                audience=client_id,
                issuer=settings.OIDC_OP_ISSUER,
                leeway=settings.FOREBYG_OIDC_CLOCK_SKEW_SECONDS,
                options={"require": REQUIRED_CLAIMS},
            )
        except jwt.PyJWTError as error:
            reason = next(code for kind, code in TOKEN_ERRORS if isinstance(error, kind))
            raise LoginRefused(reason) from error
        # OIDC Core 3.1.3.7: with several audiences, the token must be issued to us (azp).
        audiences = payload["aud"] if isinstance(payload["aud"], list) else [payload["aud"]]
        if len(audiences) > 1 and payload.get("azp") != client_id:
            raise LoginRefused("wrong_audience")
        return payload

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        """The ID token's claims, completed by the userinfo endpoint's if one is configured."""
        if not self.OIDC_OP_USER_ENDPOINT:
            return payload
        response = requests.get(
            self.OIDC_OP_USER_ENDPOINT,
            headers={"Authorization": f"Bearer {access_token}"},
            timeout=settings.OIDC_TIMEOUT,
        )
        response.raise_for_status()
        extra = response.json()
        if not isinstance(extra, dict) or extra.get("sub") != payload.get("sub"):
            raise LoginRefused("invalid_token")  # OIDC Core 5.3.2: userinfo of another subject
        return {**extra, **payload}  # the signed ID token wins every conflict

    def get_or_create_user(self, access_token: str, id_token: str, payload: Any) -> User:
        claims = self.get_userinfo(access_token, id_token, payload)
        organisation = _organisation(claims)
        level = conf.level_of(claims.get(settings.FOREBYG_OIDC_LOA_CLAIM))
        subject = claims.get(settings.FOREBYG_OIDC_SUBJECT_CLAIM)
        if not isinstance(subject, str) or not subject.strip():
            raise LoginRefused("missing_claim", organisation=organisation)
        user = User.objects.filter(oidc_subject=subject).first()
        if user is None:
            user = _create_user(subject, claims, level, organisation)
        _check_user(user, level, organisation)
        setattr(self.request, LOGIN_ATTRIBUTE, {"organisation": organisation, "level": level})
        return user


def _organisation(claims: dict[str, Any]) -> Organisation | None:
    """The organisation the token names, through the configured map; None if no map is set."""
    keys = conf.organisation_keys()
    if not keys:
        return None
    value = claims.get(settings.FOREBYG_OIDC_ORGANISATION_CLAIM)
    key = keys.get(str(value).strip()) if isinstance(value, str | int) else None
    organisation = Organisation.objects.filter(key=key).first() if key else None
    if organisation is None:
        raise LoginRefused("unknown_organisation")
    return organisation


def _create_user(
    subject: str, claims: dict[str, Any], level: int, organisation: Organisation | None
) -> User:
    """A new user without roles, if the settings allow it; an administrator grants roles."""
    if not settings.FOREBYG_OIDC_CREATE_USERS:
        raise LoginRefused("unknown_user", organisation=organisation)
    if level < conf.required_level(set()):
        raise LoginRefused("assurance_too_low", organisation=organisation)
    email = claims.get("email")
    with transaction.atomic():
        user = User.objects.create_user(
            username=f"oidc-{uuid.uuid4().hex[:12]}",
            email=email if isinstance(email, str) else "",
            oidc_subject=subject,
        )
        audit.record(
            None,
            "user.created",
            user,
            organisation=organisation,
            purpose=AUTHENTICATION,
            after={"method": "oidc"},
        )
    return user


def _check_user(user: User, level: int, organisation: Organisation | None) -> None:
    """Refuse a disabled user, one outside the token's organisation, or too low an assurance."""
    if not user.is_active:
        raise LoginRefused("inactive_user", user, organisation)
    memberships = user.active_memberships()
    if (
        organisation is not None
        and memberships
        and all(m.organisation_id != organisation.pk for m in memberships)
    ):
        raise LoginRefused("organisation_mismatch", user, organisation)
    if level < conf.required_level({m.role for m in memberships}):
        raise LoginRefused("assurance_too_low", user, organisation)
