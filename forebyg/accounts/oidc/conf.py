"""The OIDC settings, read at call time (so tests can change them) and checked for sense."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from forebyg.accounts.models import Role

# NSIS assurance levels in order; a token's level must reach the level the user's roles need.
LEVELS = {"low": 1, "substantial": 2, "high": 3}
# Only signatures the provider makes with its private key: never HS* (the key would be our client
# secret) and never "none".
ASYMMETRIC_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"}
)


def enabled() -> bool:
    return bool(settings.FOREBYG_OIDC_ENABLED)


def signing_algorithm() -> str:
    algorithm = str(settings.OIDC_RP_SIGN_ALGO)
    if algorithm not in ASYMMETRIC_ALGORITHMS:
        raise ImproperlyConfigured(
            f"OIDC_RP_SIGN_ALGO must be one of {sorted(ASYMMETRIC_ALGORITHMS)}"
        )
    return algorithm


def level_of(value: object) -> int:
    """The rank of an assurance level: "High", "substantial" or a URI ending in one; 0 if none."""
    if not isinstance(value, str):
        return 0
    return LEVELS.get(value.rstrip("/").rsplit("/", 1)[-1].strip().lower(), 0)


def _level_setting(name: str, value: str) -> int:
    rank = level_of(value)
    if not rank:
        raise ImproperlyConfigured(f"{name}: {value!r} is not one of {sorted(LEVELS)}")
    return rank


def required_level(roles: set[str]) -> int:
    """The assurance level a user with these roles needs: the default, raised by any role's own."""
    needed = _level_setting("FOREBYG_OIDC_DEFAULT_LOA", settings.FOREBYG_OIDC_DEFAULT_LOA)
    for role, level in pairs("FOREBYG_OIDC_ROLE_LOA", settings.FOREBYG_OIDC_ROLE_LOA).items():
        if role not in Role.values:
            raise ImproperlyConfigured(f"FOREBYG_OIDC_ROLE_LOA: {role!r} is not a role")
        rank = _level_setting("FOREBYG_OIDC_ROLE_LOA", level)  # checked even if not needed now
        if role in roles:
            needed = max(needed, rank)
    return needed


def organisation_keys() -> dict[str, str]:
    """The configured map of the organisation claim's value (a CVR number) to Organisation.key."""
    return pairs("FOREBYG_OIDC_ORGANISATIONS", settings.FOREBYG_OIDC_ORGANISATIONS)


def pairs(name: str, items: list[str]) -> dict[str, str]:
    """["a:b", "c:d"] as {"a": "b", "c": "d"}, refusing an item without a colon."""
    found: dict[str, str] = {}
    for item in items:
        left, colon, right = item.partition(":")
        if not colon or not left.strip() or not right.strip():
            raise ImproperlyConfigured(f"{name}: {item!r} is not of the form name:value")
        found[left.strip()] = right.strip()
    return found
