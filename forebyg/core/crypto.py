"""Encryption at rest for personal data: AES-GCM with a key id in every ciphertext, and a keyed
blind index (HMAC-SHA256) so a CPR number can be looked up without being stored in clear."""

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "v1"
NONCE_BYTES = 12
# Encrypted files start with this header, then "<key id>:", the nonce and the sealed bytes.
FILE_MAGIC = b"forebyg-enc:v1:"
# The key id settings.py gives the key it generates into var/ when none is configured.
DEVELOPMENT_KEY_ID = "dev"


class DecryptionError(Exception):
    """A ciphertext could not be opened: unknown key id, wrong field, or tampering."""


@dataclass(frozen=True)
class KeyRing:
    active_id: str
    keys: dict[str, bytes]


def _derive(secret: str) -> bytes:
    # Secrets come as text from the environment; SHA-256 turns any long secret into a 256-bit key.
    if len(secret) < 32:
        raise ImproperlyConfigured("Each field encryption key must be at least 32 characters.")
    return hashlib.sha256(secret.encode("utf-8")).digest()


@cache
def _key_ring(spec: tuple[str, ...]) -> KeyRing:
    keys: dict[str, bytes] = {}
    for item in spec:
        key_id, sep, secret = item.partition(":")
        if not sep or not key_id.isalnum():
            raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS items look like 'id:secret'.")
        keys[key_id] = _derive(secret)
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty.")
    return KeyRing(active_id=spec[0].partition(":")[0], keys=keys)


def key_ring() -> KeyRing:
    """The configured keys; the first one encrypts, all of them decrypt."""
    return _key_ring(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(plaintext: str, *, context: str) -> str:
    """Seal text with the active key; `context` binds it to one field so values can't be swapped."""
    ring = key_ring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(ring.keys[ring.active_id]).encrypt(
        nonce, plaintext.encode("utf-8"), context.encode("utf-8")
    )
    token = base64.urlsafe_b64encode(nonce + sealed).decode("ascii")
    return f"{PREFIX}:{ring.active_id}:{token}"


def decrypt(ciphertext: str, *, context: str) -> str:
    """Open a value sealed by encrypt() with any configured key."""
    prefix, key_id, token = _split(ciphertext)
    key = key_ring().keys.get(key_id)
    if prefix != PREFIX or key is None:
        raise DecryptionError(f"no key with id {key_id!r}")
    raw = base64.urlsafe_b64decode(token.encode("ascii"))
    try:
        plain = AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode("utf-8"))
    except InvalidTag as error:
        raise DecryptionError("the value was altered or belongs to another field") from error
    return plain.decode("utf-8")


def encrypt_bytes(content: bytes, *, context: str) -> bytes:
    """Seal file content with the active key, in the same key-id format as encrypt()."""
    ring = key_ring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(ring.keys[ring.active_id]).encrypt(nonce, content, context.encode("utf-8"))
    return FILE_MAGIC + ring.active_id.encode("ascii") + b":" + nonce + sealed


def decrypt_bytes(content: bytes, *, context: str) -> bytes:
    """Open file content sealed by encrypt_bytes() with any configured key."""
    if not is_encrypted_bytes(content):
        raise DecryptionError("not a Forebyg encrypted file")
    key_id, _sep, raw = content[len(FILE_MAGIC) :].partition(b":")
    key = key_ring().keys.get(key_id.decode("ascii", "replace"))
    if key is None:
        raise DecryptionError(f"no key with id {key_id!r}")
    try:
        return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode("utf-8"))
    except InvalidTag as error:
        raise DecryptionError("the file was altered or belongs to another field") from error


def is_encrypted_bytes(content: bytes) -> bool:
    """Whether file content starts with the header encrypt_bytes() writes."""
    return content.startswith(FILE_MAGIC)


def key_id_of_bytes(content: bytes) -> str:
    """The id of the key file content was sealed with ("" for a file stored in clear)."""
    if not is_encrypted_bytes(content):
        return ""
    return content[len(FILE_MAGIC) :].partition(b":")[0].decode("ascii", "replace")


def key_id_of(ciphertext: str) -> str:
    """The id of the key a value was sealed with (for key rotation)."""
    return _split(ciphertext)[1]


def _split(ciphertext: str) -> tuple[str, str, str]:
    parts = ciphertext.split(":", 2)
    if len(parts) != 3:
        raise DecryptionError("not a Forebyg ciphertext")
    return parts[0], parts[1], parts[2]


def parse_key_list(text: str) -> list[str]:
    """'id:secret' items from a key file: one per line or comma-separated; lines starting with #
    are comments."""
    items: list[str] = []
    for line in text.splitlines():
        if line.strip().startswith("#"):
            continue
        items.extend(item.strip() for item in line.split(",") if item.strip())
    return items


def read_key_file(path: str) -> str:
    """The text of a key file, or "" when no file is named."""
    return Path(path).read_text(encoding="utf-8") if path else ""


def blind_index(value: str, *, purpose: str) -> str:
    """A keyed hash of a normalised value, for equality look-ups without storing the value."""
    key = settings.BLIND_INDEX_KEY.encode("utf-8")
    message = f"{purpose}:{value}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()
