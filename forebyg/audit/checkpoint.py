# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Signed checkpoints of the audit chain, for storage off the server.

A checkpoint is a small JSON file: the format, the last sequence number, its hash, the number of
events, the time, and an HMAC-SHA256 signature over the canonical JSON of those fields with the
key AUDIT_CHECKPOINT_KEY (setting, environment or AUDIT_CHECKPOINT_KEY_FILE). Someone who can
rewrite the database and recompute every hash still cannot make the chain agree with a
checkpoint kept elsewhere, and cannot forge a new checkpoint without the key."""

import hashlib
import hmac
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from forebyg.core.env import env_secret

FORMAT = "forebyg-audit-checkpoint/1"


class BadCheckpoint(Exception):
    """The file is not a checkpoint, or its signature does not match the key."""


@dataclass(frozen=True)
class Checkpoint:
    sequence: int
    hash: str
    count: int
    created_at: str


def checkpoint_key() -> bytes:
    """The HMAC key; in development generated once into var/, like the other keys."""
    configured = getattr(settings, "AUDIT_CHECKPOINT_KEY", "")
    if not configured:
        configured = env_secret(
            "AUDIT_CHECKPOINT_KEY", generated_into=Path(settings.VAR_DIR) / "audit_checkpoint_key"
        )
    return str(configured).encode()


def _signature(fields: dict[str, Any]) -> str:
    body = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(checkpoint_key(), body, hashlib.sha256).hexdigest()


def make_checkpoint(*, sequence: int, hash: str, count: int) -> dict[str, Any]:
    """The signed checkpoint of a verified chain, as the dict written to the file."""
    point = Checkpoint(sequence, hash, count, timezone.now().isoformat(timespec="seconds"))
    fields = {"format": FORMAT, **asdict(point)}
    return {**fields, "signature": _signature(fields)}


def write_checkpoint(path: Path, data: dict[str, Any]) -> None:
    """Write the checkpoint file; it holds no personal data, only hashes and counts."""
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def read_checkpoint(path: Path) -> Checkpoint:
    """Read a checkpoint file and check its signature."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        signature = data.pop("signature")
        if data.get("format") != FORMAT:
            raise BadCheckpoint(f"{path} is not a {FORMAT} file")
        point = Checkpoint(
            int(data["sequence"]), str(data["hash"]), int(data["count"]), str(data["created_at"])
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise BadCheckpoint(f"{path} cannot be read as a checkpoint: {error}") from error
    if not hmac.compare_digest(str(signature), _signature(data)):
        raise BadCheckpoint(f"{path} has a wrong signature: forged, changed or another key")
    return point
