"""Helpers for the photo pipeline tests (a uniquely named module, importable from the tests)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from app.media import CleanPhoto

ROOT = Path(__file__).resolve().parents[2]
PHOTOS = Path(os.environ.get("TRIPCAST_SHARED_PHOTOS", ROOT.parent / "shared" / "photos"))
IN_CI = os.environ.get("CI", "").lower() == "true"


def require(condition: bool, reason: str) -> None:
    """Skip with `reason` on a developer machine; fail under CI=true, where it must be there."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this must be available in CI)")
    pytest.skip(reason)


def manifest_entries() -> list[dict]:
    path = PHOTOS / "MANIFEST.json"
    if not path.exists():
        return []
    return json.loads(path.read_text())


def manifest_files() -> list[str]:
    return [entry["file"] for entry in manifest_entries()]


def exiftool_json(exiftool: str, paths: list[Path]) -> dict[str, dict]:
    """exiftool -a -G1 -j for many files in one run, keyed by file name."""
    proc = subprocess.run(
        [exiftool, "-a", "-G1", "-j", "-charset", "filename=utf8", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.stdout.strip(), proc.stderr
    return {Path(item["SourceFile"]).name: item for item in json.loads(proc.stdout)}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def open_output(clean: CleanPhoto) -> Image.Image:
    im = Image.open(io.BytesIO(clean.data))
    im.load()
    return im


# Byte strings that only metadata carries: none may appear in a sanitised output.
METADATA_SIGNATURES = [
    b"Exif\x00\x00",  # EXIF APP1 / WebP EXIF
    b"MM\x00*",  # TIFF header inside EXIF (big-endian)
    b"II*\x00",  # TIFF header inside EXIF (little-endian)
    b"http://ns.adobe.com/xap/1.0/",  # XMP APP1
    b"http://ns.adobe.com/xmp/extension/",  # Extended XMP
    b"<x:xmpmeta",
    b"<?xpacket",
    b"ICC_PROFILE",  # ICC APP2
    b"acsp",  # every ICC profile's signature
    b"Photoshop 3.0",  # IPTC / IRB APP13
    b"8BIM",
    b"MPF\x00",  # multi-picture (MPO, gain maps)
    b"Adobe\x00",  # Adobe APP14 (a carrier for nothing private, but a sign of copied segments)
    b"GCamera",
    b"hdrgm",
    b"Apple iOS",
    b"NIKON",
    b"Raw profile type",
]


def jpeg_markers(data: bytes) -> list[int]:
    """The marker codes of a JPEG's segments up to the first scan, then every marker after it."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    markers = [0xD8]
    i = 2
    while i < len(data) - 1:
        if data[i] != 0xFF:
            i += 1
            continue
        marker = data[i + 1]
        if marker == 0xFF:
            i += 1
            continue
        if marker == 0x00 or 0xD0 <= marker <= 0xD7:  # stuffed byte or restart: inside scan data
            i += 2
            continue
        markers.append(marker)
        if marker == 0xD9:
            break
        length = int.from_bytes(data[i + 2 : i + 4], "big")
        i += 2 + length
    return markers


def png_chunks(data: bytes) -> list[bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    chunks = []
    i = 8
    while i + 8 <= len(data):
        length = int.from_bytes(data[i : i + 4], "big")
        chunks.append(data[i + 4 : i + 8])
        i += 12 + length
    return chunks


ALLOWED_JPEG_MARKERS = {0xD8, 0xE0, 0xDB, 0xC0, 0xC4, 0xDA, 0xD9, 0xDD}  # SOI APP0 DQT SOF0 DHT SOS EOI DRI
ALLOWED_PNG_CHUNKS = {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}


def assert_structurally_clean(clean: CleanPhoto) -> None:
    if clean.content_type == "image/jpeg":
        markers = jpeg_markers(clean.data)
        extra = sorted(set(markers) - ALLOWED_JPEG_MARKERS)
        assert not extra, f"unexpected JPEG segments {[hex(m) for m in extra]}"
        assert 0xC0 in markers and markers.count(0xDA) == 1, "not a baseline JPEG (one scan)"
        assert markers.count(0xE0) == 1 and markers.count(0xD8) == 1
    else:
        assert clean.content_type == "image/png"
        chunks = png_chunks(clean.data)
        extra = sorted(set(chunks) - ALLOWED_PNG_CHUNKS)
        assert not extra, f"unexpected PNG chunks {extra}"
    for signature in METADATA_SIGNATURES:
        assert signature not in clean.data, f"output carries {signature!r}"


def mean_abs_diff(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference per channel value (0-255) of two same-size RGB images."""
    from PIL import ImageChops, ImageStat

    assert a.size == b.size, (a.size, b.size)
    diff = ImageChops.difference(a.convert("RGB"), b.convert("RGB"))
    return sum(ImageStat.Stat(diff).mean) / 3


def thumb(im: Image.Image, size: tuple[int, int] = (64, 64)) -> Image.Image:
    """A small box-filtered version, for comparing pictures made at different sizes."""
    return im.convert("RGB").resize(size, Image.Resampling.BOX)
