"""A system check: with OIDC switched on, the settings it needs are there and make sense, so a
misconfiguration stops `manage.py check` (and the server's start) instead of a login."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from forebyg.accounts.oidc import conf

REQUIRED = (
    "OIDC_OP_ISSUER",
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT",
    "OIDC_RP_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET",
    "FOREBYG_OIDC_SUBJECT_CLAIM",
    "FOREBYG_OIDC_LOA_CLAIM",
)


@register("security")
def check_oidc_settings(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Errors for every missing or nonsensical OIDC setting while OIDC is switched on."""
    if not conf.enabled():
        return []
    errors = [
        Error(f"{name} must be set when FOREBYG_OIDC_ENABLED is true.", id="forebyg.E801")
        for name in REQUIRED
        if not getattr(settings, name, "")
    ]
    for read in (
        conf.signing_algorithm,
        lambda: conf.required_level(set()),
        conf.organisation_keys,
    ):
        try:
            read()
        except ImproperlyConfigured as error:
            errors.append(Error(str(error), id="forebyg.E802"))
    if settings.FOREBYG_OIDC_BACKEND not in settings.AUTHENTICATION_BACKENDS:
        errors.append(
            Error("The OIDC backend is missing from AUTHENTICATION_BACKENDS.", id="forebyg.E803")
        )
    return errors
