"""The type comes from the bytes: anything but JPEG/PNG/WebP/HEIC/GIF is a 415 naming what it is."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from PIL import Image

from app.media import MediaLimits, PhotoRejected, sanitise_photo
from app.media.detect import GIF, HEIF, JPEG, PNG, WEBP, detect_format

ACCEPTED = "Tripcast accepts photos in JPEG, PNG, WebP, HEIC or GIF format."


def _image_bytes(fmt: str, size=(32, 24), **save) -> bytes:
    im = Image.new("RGB", size, (200, 80, 40))
    buf = io.BytesIO()
    im.save(buf, fmt, **save)
    return buf.getvalue()


def _ftyp(major: bytes, *compatible: bytes) -> bytes:
    body = major + b"\x00\x00\x00\x00" + b"".join(compatible)
    return struct.pack(">I", 8 + len(body)) + b"ftyp" + body + b"\x00" * 64


def test_accepted_kinds_by_magic():
    assert detect_format(_image_bytes("JPEG")) is JPEG
    assert detect_format(_image_bytes("PNG")) is PNG
    assert detect_format(_image_bytes("WEBP")) is WEBP
    assert detect_format(_image_bytes("GIF")) is GIF
    assert detect_format(_ftyp(b"heic", b"mif1", b"heic")) is HEIF
    assert detect_format(_ftyp(b"mif1", b"heic", b"miaf")) is HEIF


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n", "a PDF"),
        (
            b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "an SVG drawing",
        ),
        (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', "an SVG drawing"),
        (b"<!DOCTYPE html><html><body>hi</body></html>", "a web page (HTML)"),
        (b"II*\x00\x08\x00\x00\x00" + b"\x00" * 64, "a TIFF image"),
        (b"MM\x00*\x00\x00\x00\x08" + b"\x00" * 64, "a TIFF image"),
        (_ftyp(b"isom", b"iso2", b"avc1", b"mp41"), "a video (MP4)"),
        (_ftyp(b"qt  ", b"qt  "), "a QuickTime video (MOV)"),
        (_ftyp(b"avif", b"mif1", b"miaf"), "an AVIF image"),
        (_ftyp(b"3gp4", b"isom"), "a 3GP video"),
        (b"RIFF\x00\x00\x00\x00AVI LIST" + b"\x00" * 32, "an AVI video"),
        (b"\x1a\x45\xdf\xa3" + b"\x00" * 32, "a video (WebM or Matroska)"),
        (b"BM" + b"\x00" * 60, "a BMP image"),
        (b"8BPS\x00\x01" + b"\x00" * 40, "a Photoshop document (PSD)"),
        (b"PK\x03\x04" + b"\x00" * 40, "a ZIP archive"),
        (b"MZ\x90\x00" + b"\x00" * 40, "a Windows program"),
        (b"Just some notes about the trip.\n", "a text file"),
        (bytes(range(256)) * 4, "not a photo in a format Tripcast recognises"),
    ],
)
def test_unaccepted_types_are_415_naming_what_they_are(data: bytes, named: str):
    with pytest.raises(PhotoRejected) as caught:
        sanitise_photo(data, MediaLimits())
    assert caught.value.status_code == 415
    assert named in caught.value.message
    assert ACCEPTED in caught.value.message


def test_the_pdf_message_reads_as_specified():
    with pytest.raises(PhotoRejected) as caught:
        sanitise_photo(b"%PDF-1.4\n", MediaLimits())
    assert caught.value.message == f"This file is a PDF. {ACCEPTED}"


def test_a_real_tiff_and_bmp_are_refused():
    for fmt, named in (("TIFF", "TIFF"), ("BMP", "BMP")):
        with pytest.raises(PhotoRejected) as caught:
            sanitise_photo(_image_bytes(fmt), MediaLimits())
        assert caught.value.status_code == 415 and named in caught.value.message


def test_polyglot_jpeg_pdf():
    jpeg = _image_bytes("JPEG")
    # a PDF header inside a JPEG comment, in the first kilobyte where PDF readers look for it
    comment = b"%PDF-1.4\n1 0 obj<<>>endobj\n"
    polyglot = jpeg[:2] + b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment + jpeg[2:]
    with pytest.raises(PhotoRejected) as caught:
        sanitise_photo(polyglot, MediaLimits())
    assert caught.value.status_code == 415
    assert "JPEG image that is also a PDF" in caught.value.message


def test_polyglot_png_zip():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("payload.class", b"\xca\xfe\xba\xbe")
    with pytest.raises(PhotoRejected) as caught:
        sanitise_photo(_image_bytes("PNG") + buf.getvalue(), MediaLimits())
    assert caught.value.status_code == 415 and "ZIP or JAR" in caught.value.message


@pytest.mark.parametrize("payload", [b"<script>alert(document.cookie)</script>", b"<html><body onload=x()>"])
def test_polyglot_gif_with_script(payload: bytes):
    gif = _image_bytes("GIF")
    with pytest.raises(PhotoRejected) as caught:
        sanitise_photo(gif + payload, MediaLimits())
    assert caught.value.status_code == 415 and "web page or script" in caught.value.message


def test_name_and_content_type_play_no_part():
    """The API takes bytes only: a PNG is a PNG whatever it was called."""
    clean = sanitise_photo(_image_bytes("PNG"), MediaLimits())
    assert clean.source_format == "PNG"


def test_empty_file_is_422():
    with pytest.raises(PhotoRejected) as caught:
        sanitise_photo(b"", MediaLimits())
    assert caught.value.status_code == 422 and "empty" in caught.value.message
