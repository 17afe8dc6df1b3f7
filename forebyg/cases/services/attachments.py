# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Checking and storing files sent with a concern. The type comes from the file's first bytes,
never from its name or the browser's claim, and only PDF and common images are accepted. Images
are saved anew without their metadata (services/images.py); every file is stored under a random
name (models.attachment_path), encrypted (core/storage.py), and served only by the download view
behind the case's access rule."""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from forebyg.cases.models import Attachment, Concern
from forebyg.cases.services import images

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 10
NAME_MAX_LENGTH = 255
CHUNK = 64 * 1024

SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


@dataclass(frozen=True)
class CheckedFile:
    file: File
    original_name: str
    content_type: str
    size: int
    sha256: str


def sniff(head: bytes) -> str | None:
    """The content type of a file from its first bytes, or None when it is not accepted."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def safe_name(name: str) -> str:
    """The file's own name without a path, control characters or quotes, for the download's
    Content-Disposition header (a line break there would split the header)."""
    base = PurePath(str(name or "").replace("\\", "/")).name
    cleaned = "".join("_" if ch in '"<>' else ch for ch in base if ch.isprintable())
    return cleaned.strip()[:NAME_MAX_LENGTH] or "attachment"


def _read(upload: File, name: str) -> bytes:
    """The upload's bytes, counted as they come: the declared size can lie."""
    data, size = bytearray(), 0
    upload.seek(0)
    for chunk in upload.chunks(CHUNK):
        size += len(chunk)
        if size > MAX_BYTES:
            raise ValidationError(
                _("%(name)s is larger than 10 MB."), code="file_too_big", params={"name": name}
            )
        data += chunk
    return bytes(data)


def check_file(upload: File) -> CheckedFile:
    """Measure and sniff one upload, strip an image's metadata, hash what will be stored;
    ValidationError if too big, not a PDF or image, or an image that does not decode."""
    name = safe_name(str(upload.name or ""))
    data = _read(upload, name)
    content_type = sniff(data[:16])
    if content_type is None:
        raise ValidationError(
            _("%(name)s is not a PDF or an image (PNG, JPEG, GIF or WebP)."),
            code="file_type",
            params={"name": name},
        )
    if content_type.startswith("image/"):
        data = images.strip_metadata(data, content_type, name)
    # A PDF is stored as sent: its metadata (author, producer) is part of the document the
    # reporter chose to send, and rewriting it could break a signature.
    digest = hashlib.sha256(data).hexdigest()
    return CheckedFile(ContentFile(data, name="upload"), name, content_type, len(data), digest)


def check_files(uploads: Iterable[File]) -> tuple[list[CheckedFile], list[ValidationError]]:
    """Check every upload; return the good ones and one error per bad one."""
    files = list(uploads)
    if len(files) > MAX_FILES:
        error = ValidationError(
            _("Send at most %(limit)d files."), code="too_many_files", params={"limit": MAX_FILES}
        )
        return [], [error]
    checked, errors = [], []
    for upload in files:
        try:
            checked.append(check_file(upload))
        except ValidationError as error:
            errors.append(error)
    return checked, errors


def store(concern: Concern, checked: CheckedFile, saved: list[str]) -> Attachment:
    """Save the file under a random name and record it; append the stored name to `saved`
    so the caller can remove the file if the transaction fails."""
    attachment = Attachment(
        concern=concern,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
    )
    attachment.file.save("upload", checked.file, save=False)
    saved.append(attachment.file.name or "")
    attachment.save()
    return attachment
