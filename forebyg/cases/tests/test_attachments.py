"""Uploads (issue 8, point 9): images are stored without their metadata (EXIF with GPS, XMP,
comments, PNG text) but with their pixels, upright; bombs and undecodable images are refused;
files are stored under random names outside the web root and served only through the case's
access rule, as downloads with nosniff and a clean name."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import URLResolver, get_resolver, reverse
from django.utils import translation
from django.views.static import serve
from PIL import ExifTags, Image
from PIL.PngImagePlugin import PngInfo

from forebyg.audit.models import AuditEvent
from forebyg.cases.services import images
from forebyg.cases.services.attachments import safe_name
from forebyg.cases.tests.helpers import PNG, report, row_counts, upload

pytestmark = pytest.mark.django_db

RED, BLUE = (220, 0, 0), (0, 0, 220)
SECRET = "Jonas Jensen"


def two_colours(size=(40, 20)) -> Image.Image:
    """Left half red, right half blue: a rotation shows in where the colours end up."""
    image = Image.new("RGB", size, RED)
    image.paste(BLUE, (size[0] // 2, 0, size[0], size[1]))
    return image


def camera_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Artist] = SECRET
    exif[ExifTags.Base.Orientation] = 6  # the camera was held on its side: rotate 90° clockwise
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (56.0, 9.0, 30.0)}
    )
    return exif


def encoded(image: Image.Image, file_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=file_format, **options)
    return buffer.getvalue()


def stored(professional, aarhus, name: str, data: bytes, content_type: str):
    concern = report(professional, aarhus, attachments=[upload(name, data, content_type)])
    attachment = concern.attachments.get()
    with attachment.file.open("rb") as handle:
        return attachment, handle.read()


def close(pixel, colour) -> bool:
    return all(abs(a - b) <= 12 for a, b in zip(pixel[:3], colour, strict=True))


def test_a_jpeg_loses_exif_gps_xmp_and_comment_and_is_turned_upright(professional, aarhus):
    original = encoded(
        two_colours(),
        "JPEG",
        exif=camera_exif(),
        comment=SECRET.encode(),
        xmp=f"<x:xmpmeta><dc:creator>{SECRET}</dc:creator></x:xmpmeta>".encode(),
    )
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    attachment, data = stored(professional, aarhus, "foto.jpg", original, "image/jpeg")

    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG" and attachment.content_type == "image/jpeg"
    assert not image.getexif() and "comment" not in image.info and "xmp" not in image.info
    assert SECRET.encode() not in data and b"PhoneMaker" not in data and b"Exif" not in data
    # Rotated 90° clockwise: 40x20 becomes 20x40, the red left half is now on top.
    assert image.size == (20, 40)
    assert close(image.getpixel((10, 5)), RED) and close(image.getpixel((10, 35)), BLUE)
    assert attachment.size == len(data)


def test_a_png_loses_its_text_chunks_and_keeps_every_pixel(professional, aarhus):
    text = PngInfo()
    text.add_text("Author", SECRET)
    text.add_itxt("Description", "Optaget på Vestergade 1")
    picture = two_colours()

    _attachment, data = stored(
        professional, aarhus, "skærm.png", encoded(picture, "PNG", pnginfo=text), "image/png"
    )

    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert (
        not getattr(image, "text", None)
        and SECRET.encode() not in data
        and b"Vestergade" not in data
    )
    assert image.convert("RGB").tobytes() == picture.tobytes()


@pytest.mark.parametrize(("file_format", "content_type"), [("WEBP", "image/webp")])
def test_a_webp_loses_its_exif(professional, aarhus, file_format, content_type):
    original = encoded(two_colours(), file_format, exif=camera_exif())

    _attachment, data = stored(professional, aarhus, "foto.webp", original, content_type)

    image = Image.open(io.BytesIO(data))
    assert image.format == file_format and not image.getexif()
    assert SECRET.encode() not in data


def test_a_gif_loses_its_comment_and_keeps_its_transparency(professional, aarhus):
    picture = Image.new("P", (40, 20), 1)
    picture.putpalette([0, 0, 0, *RED, *BLUE])
    picture.paste(2, (20, 0, 40, 20))  # the right half: blue, the transparent colour
    original = encoded(picture, "GIF", comment=SECRET.encode(), transparency=2)

    _attachment, data = stored(professional, aarhus, "tegning.gif", original, "image/gif")

    image = Image.open(io.BytesIO(data))
    assert image.format == "GIF" and "comment" not in image.info
    assert SECRET.encode() not in data
    assert image.info["transparency"] == image.getpixel((30, 5)) != image.getpixel((5, 5))


@pytest.mark.parametrize("size", [(8_000, 6_000), (10_000, 10_000)])
def test_a_decompression_bomb_is_refused_and_nothing_is_saved(professional, aarhus, size):
    # A tiny file (one colour compresses to almost nothing) that would decode to 48-100 megapixels.
    bomb = encoded(Image.new("1", size), "PNG")
    assert len(bomb) < 200_000
    counts = row_counts()

    with pytest.raises(ValidationError) as caught:
        report(professional, aarhus, attachments=[upload("kort.png", bomb, "image/png")])

    with translation.override("en"):
        assert "too many pixels" in str(caught.value)
    assert row_counts() == counts


def test_an_image_that_does_not_decode_is_refused(professional, aarhus):
    broken = PNG[:40]  # the signature and header of a real PNG, then nothing

    with pytest.raises(ValidationError) as caught:
        report(professional, aarhus, attachments=[upload("skærm.png", broken, "image/png")])

    with translation.override("en"):
        assert "could not be read as an image" in str(caught.value)


def test_pillows_own_limit_is_not_what_protects_us():
    assert images.MAX_PIXELS < Image.MAX_IMAGE_PIXELS  # type: ignore[operator]


def test_the_stored_name_is_random_and_outside_anything_served(professional, aarhus):
    attachment, _data = stored(professional, aarhus, "Jonas Jensen.png", PNG, "image/png")

    assert re.fullmatch(r"attachments/[0-9a-f]{40}", attachment.file.name)
    assert attachment.original_name == "Jonas Jensen.png"
    media = Path(settings.MEDIA_ROOT).resolve()
    served = [
        Path(str(p[1] if isinstance(p, tuple) else p)).resolve() for p in settings.STATICFILES_DIRS
    ]
    if settings.STATIC_ROOT:
        served.append(Path(settings.STATIC_ROOT).resolve())
    assert not any(media.is_relative_to(root) or root.is_relative_to(media) for root in served)
    assert not getattr(settings, "MEDIA_URL", "").strip("/")  # no URL maps onto the files
    assert serve not in list(views(get_resolver().url_patterns))


def views(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from views(pattern.url_patterns)
        else:
            yield pattern.callback


def test_the_download_is_an_attachment_with_a_clean_name_and_the_sniffed_type(
    client, professional, municipal_coordinator, aarhus
):
    concern = report(
        professional, aarhus, attachments=[upload('ond"\r\nSet-Cookie: x.png', PNG, "text/html")]
    )
    attachment = concern.attachments.get()
    client.force_login(municipal_coordinator)

    response = client.get(reverse("cases:attachment", args=[attachment.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"  # sniffed, not the browser's claim
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="ond_Set-Cookie: x.png"'
    assert not response.has_header("Set-Cookie") or "x.png" not in response["Set-Cookie"]
    assert AuditEvent.objects.filter(verb="attachment.downloaded").count() == 1


def test_another_municipalitys_attachment_is_a_404_and_nothing_is_logged(
    client, professional, other_coordinator, aarhus
):
    concern = report(professional, aarhus, attachments=[upload("skærm.png", PNG, "image/png")])
    client.force_login(other_coordinator)

    response = client.get(reverse("cases:attachment", args=[concern.attachments.get().pk]))

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(verb="attachment.downloaded").exists()


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\jonas\\foto.jpg", "foto.jpg"),
        ("a\u202egpj.exe", "agpj.exe"),
        ("\r\n", "attachment"),
        ('<b>"x".pdf', "_b__x_.pdf"),
    ],
)
def test_a_file_name_is_cleaned_for_the_header(name, safe):
    assert safe_name(name) == safe
