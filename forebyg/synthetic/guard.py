# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Synthetic data never goes into a production database. A configuration counts as production
when it serves HTTPS or holds encryption or blind-index keys other than the ones development
generates into var/ (the same notion as the deploy check in forebyg/core/checks.py)."""

from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from forebyg.core import crypto


def _generated(name: str) -> str:
    """The development key settings.py generated into var/ ("" when there is none)."""
    path = Path(settings.VAR_DIR) / name
    return path.read_text(encoding="utf-8").strip() if path.exists() else ""


def production_reasons() -> list[str]:
    """Why this configuration looks like production; empty when synthetic data may be written."""
    reasons = []
    if settings.HTTPS:
        reasons.append(_("HTTPS is on (a development or benchmark server runs with HTTPS=false)."))
    ids = [item.partition(":")[0] for item in settings.FIELD_ENCRYPTION_KEYS]
    secrets = [item.partition(":")[2] for item in settings.FIELD_ENCRYPTION_KEYS]
    generated_field_key = _generated("field_encryption_key")
    if ids != [crypto.DEVELOPMENT_KEY_ID] or secrets != [generated_field_key]:
        reasons.append(_("FIELD_ENCRYPTION_KEYS holds keys other than the development key."))
    if _generated("blind_index_key") != settings.BLIND_INDEX_KEY:
        reasons.append(_("BLIND_INDEX_KEY is not the development key."))
    return reasons
