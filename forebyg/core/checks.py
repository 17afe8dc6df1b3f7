"""A deploy check: a production server must not run on the encryption keys that development
generates into var/, which sit next to the database on the same disk (forebyg.core.crypto)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register

from forebyg.core import crypto


def _generated(name: str) -> str:
    path = Path(settings.VAR_DIR) / name
    return path.read_text(encoding="utf-8").strip() if path.exists() else ""


def development_key_problems() -> list[str]:
    """What is wrong with the key configuration for a server with DEBUG off."""
    if settings.DEBUG:
        return []
    problems = []
    ids = [item.partition(":")[0] for item in settings.FIELD_ENCRYPTION_KEYS]
    secrets = [item.partition(":")[2] for item in settings.FIELD_ENCRYPTION_KEYS]
    generated_field_key = _generated("field_encryption_key")
    if crypto.DEVELOPMENT_KEY_ID in ids or (generated_field_key and generated_field_key in secrets):
        problems.append(
            "FIELD_ENCRYPTION_KEYS (or FIELD_ENCRYPTION_KEYS_FILE) must be set: the development "
            "key generated into var/ is not for production."
        )
    generated_index_key = _generated("blind_index_key")
    if generated_index_key and generated_index_key == settings.BLIND_INDEX_KEY:
        problems.append(
            "BLIND_INDEX_KEY (or BLIND_INDEX_KEY_FILE) must be set: the development key "
            "generated into var/ is not for production."
        )
    return problems


@register(Tags.security, deploy=True)
def check_encryption_keys(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Errors when DEBUG is off and the generated development keys are in use."""
    return [Error(problem, id="forebyg.E301") for problem in development_key_problems()]
