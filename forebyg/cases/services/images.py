# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Images sent with a concern are decoded and saved anew, so that only their pixels are kept.

A photo from a phone carries EXIF (the camera, the time and often the GPS position of where it
was taken), XMP, comments and, in a PNG, text chunks: personal data nobody chose to send. Saving
the decoded pixels into a fresh file drops all of it. The EXIF orientation is applied first, so
the picture still stands the right way up. An animated GIF or WebP keeps its first frame only.

A file that does not decode is refused, and so is one whose header promises more pixels than
MAX_PIXELS (a "decompression bomb": a few kilobytes that would take gigabytes to decode)."""

import io
import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# 40 megapixels: more than any phone camera, far below what would exhaust the server's memory.
MAX_PIXELS = 40_000_000
FORMATS = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/gif": "GIF",
    "image/webp": "WEBP",
}
JPEG_QUALITY = 90  # for JPEG and WebP: no visible loss, and no bigger than the photo sent
# Kept from the original's info: how a palette image marks its transparent colour (not metadata).
KEPT_INFO = ("transparency",)


def _refused(name: str) -> ValidationError:
    return ValidationError(
        _("%(name)s could not be read as an image. Send it again as PNG, JPEG, GIF or WebP."),
        code="image_unreadable",
        params={"name": name},
    )


def _too_large(name: str) -> ValidationError:
    return ValidationError(
        _("%(name)s has too many pixels (at most %(limit)d megapixels)."),
        code="image_too_large",
        params={"name": name, "limit": MAX_PIXELS // 1_000_000},
    )


def _decoded(data: bytes, content_type: str, name: str) -> Image.Image:
    """The image, fully decoded, after checking its size from the header (before decoding)."""
    with warnings.catch_warnings():
        # Pillow only warns between its limit and twice that; here any bomb is an error.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=[FORMATS[content_type]])
            if image.width * image.height > MAX_PIXELS:
                raise _too_large(name)
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_large(name) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            raise _refused(name) from None
    return image


def strip_metadata(data: bytes, content_type: str, name: str) -> bytes:
    """The image saved anew in its own format with its pixels only (orientation applied); a
    ValidationError when it does not decode or is too large."""
    image = _decoded(data, content_type, name)
    try:
        upright = ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError):
        raise _refused(name) from None
    upright.info = {key: image.info[key] for key in KEPT_INFO if key in image.info}
    file_format = FORMATS[content_type]
    if file_format == "JPEG" and upright.mode not in ("RGB", "L", "CMYK"):
        upright = upright.convert("RGB")
    options: dict[str, object] = {"exif": b""} if file_format != "GIF" else {}
    if file_format in ("JPEG", "WEBP"):
        options["quality"] = JPEG_QUALITY
    buffer = io.BytesIO()
    upright.save(buffer, format=file_format, **options)
    return buffer.getvalue()
