"""A refused OIDC login: one reason code, logged (no names, no identifiers of the person) and
audited as `user.login_refused`."""

import logging
from typing import Any

from forebyg.accounts.models import User
from forebyg.audit import services as audit

logger = logging.getLogger("forebyg.accounts.oidc")

AUTHENTICATION = "authentication"

# Every reason a login is refused, so that logs and audit events can be counted per reason.
REASONS = frozenset(
    {
        "provider_error",  # the provider sent an error back instead of a code
        "unknown_state",  # no such login under way in this session: forged, stale or replayed
        "token_request_failed",  # the token endpoint refused the code or did not answer
        "keys_unavailable",  # the provider's JWKS endpoint did not answer
        "invalid_token",  # malformed, no matching key, or a required claim missing
        "wrong_algorithm",  # not the configured signing algorithm (e.g. "none" or HS256)
        "bad_signature",
        "token_expired",
        "wrong_audience",
        "wrong_issuer",
        "wrong_nonce",
        "missing_claim",  # no value in the claim users are matched on
        "unknown_organisation",  # the organisation claim is missing or not in the configured map
        "organisation_mismatch",  # the user has no membership in that organisation
        "unknown_user",  # nobody linked to this identity, and users are not created
        "inactive_user",
        "assurance_too_low",  # the token's NSIS level is below what the user's roles need
        "stale_authentication",  # a step-up, but the provider did not authenticate the person anew
    }
)


class LoginRefused(Exception):
    """Raised inside the OIDC flow; the callback view turns it into a logged, audited refusal."""

    def __init__(self, reason: str, user: User | None = None, organisation: Any = None) -> None:
        if reason not in REASONS:
            raise ValueError(f"Unknown refusal reason {reason!r}")  # a typo in our own code
        super().__init__(reason)
        self.reason = reason
        self.user = user
        self.organisation = organisation


def record(refusal: LoginRefused) -> None:
    """Log and audit one refused login, with the reason and (if known) the user's id only."""
    user_id = refusal.user.pk if refusal.user is not None else None
    logger.warning(
        "login refused method=oidc reason=%s user_id=%s",
        refusal.reason,
        user_id,
        extra={"event": "user.login_refused", "method": "oidc", "reason": refusal.reason},
    )
    audit.record(
        None,
        "user.login_refused",
        refusal.user,
        organisation=refusal.organisation,
        purpose=AUTHENTICATION,
        after={"method": "oidc", "reason": refusal.reason},
    )
