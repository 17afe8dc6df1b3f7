"""File storage that keeps uploaded files (attachments) encrypted on disk with the field keys.

Files stored before encryption was switched on are read as they are and encrypted by
`manage.py rotate_keys`."""

from __future__ import annotations

import os
from typing import Any

from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage

from forebyg.core import crypto

# Every stored file shares one context: a file's storage name is random and may be moved.
FILE_CONTEXT = "storage.file"


class EncryptedFileSystemStorage(FileSystemStorage):
    """FileSystemStorage whose files hold AES-GCM ciphertext carrying the key id."""

    def _save(self, name: str, content: File[Any]) -> str:
        content.seek(0)
        sealed = crypto.encrypt_bytes(content.read(), context=FILE_CONTEXT)
        return super()._save(name, ContentFile(sealed))  # type: ignore[misc]

    def _open(self, name: str, mode: str = "rb") -> File[Any]:
        with super()._open(name, "rb") as handle:  # type: ignore[misc]
            raw = handle.read()
        if crypto.is_encrypted_bytes(raw):
            raw = crypto.decrypt_bytes(raw, context=FILE_CONTEXT)
        opened = ContentFile(raw, name=name)
        opened.mode = mode  # type: ignore[attr-defined]
        return opened

    def raw_key_id(self, name: str) -> str:
        """The key id a stored file is sealed with ("" if it is still in clear)."""
        with super()._open(name, "rb") as handle:  # type: ignore[misc]
            return crypto.key_id_of_bytes(handle.read(len(crypto.FILE_MAGIC) + 64))

    def reseal(self, name: str) -> None:
        """Re-encrypt one stored file with the active key, in place (written atomically)."""
        with self.open(name) as handle:
            plain = handle.read()
        sealed = crypto.encrypt_bytes(plain, context=FILE_CONTEXT)
        _replace(self.path(name), sealed)


def _replace(path: str, content: bytes) -> None:
    # Write beside the file and rename, so a crash leaves either the old or the new file whole.
    temporary = f"{path}.rotating"
    with open(temporary, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
