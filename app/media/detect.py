"""What a file really is, from its bytes alone (never its name or the Content-Type it came with).

`detect_format` returns one of the accepted kinds or raises PhotoRejected(415) naming what the file
is. A file that starts like an accepted image but is also another kind of document (a polyglot: a
JPEG that is also a PDF, a PNG with a ZIP/JAR glued on, an image carrying an HTML/script payload
in its first or last kilobyte) is refused too: the output would be re-encoded from pixels anyway,
but such a file was made to deceive some other program, and nothing a school publishes needs one.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass

from app.media.errors import PhotoRejected


@dataclass(frozen=True)
class Kind:
    name: str  # our short name: jpeg, png, webp, heif, gif
    pillow_formats: tuple[str, ...]  # the only Pillow plugins allowed to open it
    label: str  # for messages: "JPEG", "PNG", ...


JPEG = Kind("jpeg", ("JPEG", "MPO"), "JPEG")
PNG = Kind("png", ("PNG",), "PNG")
WEBP = Kind("webp", ("WEBP",), "WebP")
HEIF = Kind("heif", ("HEIF",), "HEIC")
GIF = Kind("gif", ("GIF",), "GIF")

# ISO base media file format brands (the `ftyp` box).
HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs"}
GENERIC_HEIF_BRANDS = {b"mif1", b"msf1", b"mif2", b"miaf", b"MiHE", b"MiHA", b"MiHB", b"MiPr"}
AVIF_BRANDS = {b"avif", b"avis"}
QUICKTIME_BRANDS = {b"qt  "}
THREEGP_PREFIXES = (b"3gp", b"3g2")
AUDIO_BRANDS = {b"M4A ", b"M4B ", b"M4P ", b"F4A ", b"F4B "}
VIDEO_BRANDS = {
    b"isom",
    b"iso2",
    b"iso3",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"mp71",
    b"avc1",
    b"dash",
    b"M4V ",
    b"M4VH",
    b"M4VP",
    b"f4v ",
    b"mmp4",
    b"MSNV",
    b"NDAS",
    b"XAVC",
    b"crx ",
}

# Markers of active content that make an image a polyglot when found in its first/last kilobyte.
_ACTIVE_CONTENT = re.compile(
    rb"<(?:script|html|iframe|body|object|embed|\?php)[\s>/]|<!doctype\s+html|<svg[\s>]|javascript:",
    re.IGNORECASE,
)
_EDGE = 1024


def detect_format(data: bytes) -> Kind:
    """The accepted kind of image `data` is, or PhotoRejected(415) naming what it is instead."""
    if not data:
        raise PhotoRejected(
            PhotoRejected.UNREADABLE, "This file is empty: nothing was uploaded. Please choose the photo again."
        )
    kind = _accepted_kind(data)
    if kind is None:
        raise PhotoRejected.unsupported(describe_unaccepted(data))
    other = polyglot_payload(data)
    if other:
        raise PhotoRejected.unsupported(
            f"a {kind.label} image that is also {other} (a 'polyglot' file made to fool other programs)"
        )
    return kind


def _accepted_kind(data: bytes) -> Kind | None:
    if data[:3] == b"\xff\xd8\xff":
        return JPEG
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return PNG
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    brands = _ftyp_brands(data)
    if brands is not None and (brands & HEIF_BRANDS or (brands & GENERIC_HEIF_BRANDS and not brands & AVIF_BRANDS)):
        return HEIF
    return None


def _ftyp_brands(data: bytes) -> set[bytes] | None:
    """Major and compatible brands of an ISO-BMFF file (HEIF, AVIF, MP4, MOV, ...), or None."""
    if len(data) < 16 or data[4:8] != b"ftyp":
        return None
    (size,) = struct.unpack(">I", data[:4])
    size = min(max(size, 16), len(data), 4096)
    brands = {data[8:12]}
    brands.update(data[i : i + 4] for i in range(16, size - 3, 4))
    return brands


def describe_unaccepted(data: bytes) -> str:
    """Completes "This file is ..." for a file that is not an accepted image."""
    head = data[:64]
    brands = _ftyp_brands(data)
    if brands is not None:
        if brands & AVIF_BRANDS:
            return "an AVIF image"
        if b"crx " in brands:
            return "a Canon RAW (CR3) file"
        if brands & QUICKTIME_BRANDS:
            return "a QuickTime video (MOV)"
        if any(b.startswith(THREEGP_PREFIXES) for b in brands):
            return "a 3GP video"
        if brands & AUDIO_BRANDS:
            return "an audio file (M4A)"
        return "a video (MP4)"
    if len(data) >= 12 and data[4:8] in (b"moov", b"mdat", b"wide", b"free", b"skip"):
        return "a QuickTime video (MOV)"
    if head.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "a PDF"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "a TIFF image (or a camera RAW file)"
    if head.startswith(b"IIRO") or head.startswith(b"IIU\x00") or head.startswith(b"FUJIFILMCCD-RAW"):
        return "a camera RAW file"
    if head.startswith(b"BM") and len(data) > 14:
        return "a BMP image"
    if head.startswith(b"\x00\x00\x01\x00") or head.startswith(b"\x00\x00\x02\x00"):
        return "an icon file (ICO)"
    if head.startswith(b"8BPS"):
        return "a Photoshop document (PSD)"
    if head.startswith(b"\xff\x0a") or head.startswith(b"\x00\x00\x00\x0cJXL \r\n\x87\n"):
        return "a JPEG XL image"
    if head.startswith(b"\x00\x00\x00\x0cjP  \r\n\x87\n") or head.startswith(b"\xff\x4f\xff\x51"):
        return "a JPEG 2000 image"
    if head[:4] == b"RIFF":
        sub = head[8:12]
        if sub == b"AVI ":
            return "an AVI video"
        if sub == b"WAVE":
            return "a WAV audio file"
        return "a RIFF file that is not a WebP image"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "a video (WebM or Matroska)"
    if (
        head.startswith(b"\x00\x00\x01\xba")
        or head.startswith(b"\x00\x00\x01\xb3")
        or head[:1] == b"\x47"
        and (len(data) > 188 and data[188:189] == b"\x47")
    ):
        return "a video (MPEG)"
    if head.startswith(b"FLV"):
        return "a Flash video"
    if head.startswith(b"0&\xb2u\x8ef\xcf\x11"):
        return "a Windows Media video"
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "an audio file (MP3)"
    if head.startswith(b"OggS"):
        return "an audio or video file (Ogg)"
    if head.startswith(b"fLaC"):
        return "an audio file (FLAC)"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "a ZIP archive (or an Office document)"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "an Office document"
    if head.startswith(b"\x1f\x8b"):
        return "a compressed archive (gzip)"
    if head.startswith(b"7z\xbc\xaf\x27\x1c") or head.startswith(b"Rar!"):
        return "a compressed archive"
    if head.startswith(b"MZ"):
        return "a Windows program"
    if head.startswith(b"\x7fELF"):
        return "a program"
    if head.startswith(b"%!PS"):
        return "a PostScript document"
    if head.startswith(b"{\\rtf"):
        return "a rich-text document (RTF)"
    text = _as_text(data[:4096])
    if text is not None:
        lowered = text.lstrip().lower()
        if "<svg" in lowered:
            return "an SVG drawing"
        if lowered.startswith(("<!doctype html", "<html", "<head", "<body", "<script")) or "<html" in lowered:
            return "a web page (HTML)"
        if lowered.startswith("<?xml"):
            return "an XML document"
        return "a text file"
    return "not a photo in a format Tripcast recognises"


def _as_text(chunk: bytes) -> str | None:
    if chunk.startswith(b"\xef\xbb\xbf"):
        chunk = chunk[3:]
    for encoding in ("utf-8", "utf-16"):
        try:
            text = chunk.decode(encoding)
        except UnicodeDecodeError:
            if encoding == "utf-8":
                # a multi-byte character cut at the end of the chunk
                try:
                    text = chunk[:-3].decode(encoding)
                except UnicodeDecodeError:
                    continue
            else:
                continue
        printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
        if text and printable / len(text) > 0.95:
            return text
    return None


def polyglot_payload(data: bytes) -> str | None:
    """What else an image file is, if it is also a PDF, a ZIP/JAR or carries a web payload."""
    head = data[:_EDGE]
    if b"%PDF-" in head:  # PDF readers look for the header anywhere in the first kilobyte
        return "a PDF"
    if _zip_trailer(data):
        return "a ZIP or JAR archive"
    tail = data[-_EDGE:]
    for region in (head, tail):
        match = _ACTIVE_CONTENT.search(region)
        if match:
            return "a web page or script"
    return None


def _zip_trailer(data: bytes) -> bool:
    """True when the file ends with a well-formed ZIP end-of-central-directory record."""
    window = data[-(22 + 65535) :]
    start = window.rfind(b"PK\x05\x06")
    while start != -1:
        if start + 22 <= len(window):
            (comment_length,) = struct.unpack("<H", window[start + 20 : start + 22])
            if start + 22 + comment_length == len(window):
                return True
        start = window.rfind(b"PK\x05\x06", 0, start)
    return False
