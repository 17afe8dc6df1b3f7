"""The enrollment QR code as inline SVG (segno): no image request, and only presentation
attributes, so the strict CSP needs no exception."""

from base64 import b32encode

import segno
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

SECRET_GROUP = 4  # characters per group in the secret shown for typing in by hand


def qr_svg(device: TOTPDevice, title: str) -> SafeString:
    """The device's otpauth:// address as an SVG element, named by `title` for screen readers."""
    code = segno.make(device.config_url, error="m")
    svg = code.svg_inline(scale=5, border=4, dark="#000", light="#fff", title=title)
    # segno escapes the title; the rest is its own markup. role=img makes the title its name.
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups, as authenticator apps ask for it when typed in."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + SECRET_GROUP] for i in range(0, len(secret), SECRET_GROUP))
