"""The photo pipeline: uploaded bytes in, a clean, upright, sRGB JPEG (or PNG) out.

Order of work, and why:

1. Refuse by size (bytes), then by type from the magic bytes (`detect.py`), before Pillow sees it.
2. Open lazily with only the Pillow plugin that matches the detected type, and check the pixel
   count from the header before anything is decoded (413 with the size in megapixels). Pillow's own
   MAX_IMAGE_PIXELS guard is left at its default as a second line: it turns anything over twice its
   limit into a DecompressionBombError at open, which is mapped to the same 413. PNG text-chunk bombs
   are stopped by Pillow's MAX_TEXT_CHUNK / MAX_TEXT_MEMORY caps (1 MB / 64 MB) and become a 413.
3. Decode small: JPEG uses DCT-domain scaling (`Image.draft`, 1/2, 1/4 or 1/8 inside libjpeg) and
   other formats `Image.reduce`; an integer reduction that lands within 10% under the long-edge cap
   is used as it is (a 12 MP 4032 px photo becomes 2016 px with no resampling pass at all), and
   otherwise the remaining (< 2x) step is a Lanczos resize.
4. In one pass per horizontal strip (two strips on two threads for big images; Pillow and
   LittleCMS release the GIL): resize, embedded ICC profile -> sRGB (after the downscale, so on the
   fewest pixels), EXIF orientation applied once, pasted into a brand-new image. Orientation comes
   from the EXIF block only: XMP-only orientation is ignored, as browsers ignore it, and HEIC
   rotation (irot/imir) is already applied by libheif, so EXIF orientation is never applied again.
5. Encode that fresh image with explicit arguments only (nothing from any `info` dict): baseline
   JPEG at quality 85, 4:2:0, stepping down until it fits `max_output_bytes`; PNG only for real
   transparency.

Why baseline, with libjpeg's standard Huffman tables: nobody but X and Facebook ever sees this file, and
both decode and re-encode every upload (their own size ladder, their own progressive JPEGs or WebP), so a
progressive scan order buys the viewer nothing. What it costs here is measured (2048 px photos, Pillow
with libjpeg-turbo): a progressive encode takes 4-6x as long as a baseline one for about 5% fewer bytes,
and optimised Huffman tables take about 2x as long for under 1% fewer bytes. A baseline file also
decodes fastest wherever it is shown (the Sandbox preview on a phone) and on the platforms' servers.

The steps are kept as one readable sequence in `decode_to_srgb` / `sanitise_photo`:
open -> orient (read the EXIF orientation) -> [regions hook: blur faces, to come] -> resize + colour +
orientation (`_finish`) -> encode (`_encode`).
"""

from __future__ import annotations

import io
import logging
import math
import re
import struct
import threading
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pillow_heif
from PIL import Image, UnidentifiedImageError

from app.media import colour
from app.media.blur import Region, apply_regions
from app.media.detect import GIF, HEIF, JPEG, Kind, detect_format
from app.media.errors import PhotoRejected
from app.media.limits import MediaLimits, describe_bytes, describe_megapixels

log = logging.getLogger("tripcast.media.sanitise")

# HEIC through Pillow. Thumbnails, depth maps and auxiliary images (gain maps) are never wanted, so
# pillow-heif is told not to even index them.
pillow_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)

# A DCT scale or integer reduction is used without resampling when it lands within this fraction
# under the long-edge cap.
REDUCE_SLACK = 0.90
# More scans than any camera or encoder writes (progressive JPEGs have about 10; each embedded
# thumbnail or MPF image adds its own). Every scan is a pass over the whole coefficient buffer.
MAX_JPEG_SCANS = 100
JPEG_QUALITIES = (85, 80, 75, 70, 65, 60, 50, 40)
# Big images are finished (resize, colour, orientation) in two strips on two threads.
PARALLEL_MIN_PIXELS = 1_000_000

_TRANSPOSE_FOR_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_SWAPS_AXES = {5, 6, 7, 8}
_ORIENTATION_TAG = 0x0112
_BOMB_PIXELS = re.compile(r"\((\d+) pixels\)")


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    content_type: str  # "image/jpeg" or "image/png"
    width: int
    height: int
    source_format: str  # "JPEG", "PNG", "WEBP", "HEIF" or "GIF"
    notes: tuple[str, ...] = ()  # for the teacher, e.g. that only the first frame of a GIF was kept


@dataclass(frozen=True)
class DecodedPhoto:
    """The pipeline before encoding: a fresh, upright, sRGB image of pixels only (mode L, RGB,
    LA or RGBA, the last two only with real transparency)."""

    image: Image.Image
    source_format: str
    notes: tuple[str, ...]


def sanitise_photo(data: bytes, limits: MediaLimits, blur: list[Region] | None = None) -> CleanPhoto:
    """Check, decode, downscale, colour-correct, orient and re-encode one uploaded photo.

    CPU-bound and synchronous: from async code use `sanitise_photo_async`. Raises PhotoRejected
    (413 / 415 / 422) for anything it will not publish; never lets a decoder error escape.
    `blur`: regions (fractions of the upright image) burnt in before encoding (app/media/blur.py).
    """
    decoded = decode_to_srgb(data, limits)
    if blur:  # upright and at its final size: the clear pixels never reach the encoder
        apply_regions(decoded.image, blur)
    try:
        body, content_type, image = _encode(decoded.image, limits)
    except PhotoRejected:
        raise
    except Exception as exc:  # not expected: the image is a fresh L/RGB/LA/RGBA one
        log.exception("could not encode a sanitised %s photo", decoded.source_format)
        raise PhotoRejected.unreadable(reason="could not be converted") from exc
    return CleanPhoto(
        data=body,
        content_type=content_type,
        width=image.width,
        height=image.height,
        source_format=decoded.source_format,
        notes=decoded.notes,
    )


def decode_to_srgb(data: bytes, limits: MediaLimits) -> DecodedPhoto:
    """Every step of `sanitise_photo` but the encoding (also used by the benchmark)."""
    size = memoryview(data).nbytes
    if size > limits.max_bytes:
        raise PhotoRejected.too_large(
            f"This file is {describe_bytes(size)}; the limit is {describe_bytes(limits.max_bytes)} "
            "per photo. Please choose a smaller photo."
        )
    data = bytes(data)  # no copy when it is bytes already
    kind = detect_format(data)
    if kind is JPEG:
        _check_jpeg_scans(data)

    im = _open(data, kind, limits)
    try:
        return _process(im, kind, limits)
    finally:
        im.close()


# --- opening and checks ---------------------------------------------------------------------


def _open(data: bytes, kind: Kind, limits: MediaLimits) -> Image.Image:
    try:
        return Image.open(io.BytesIO(data), formats=list(kind.pillow_formats))
    except Exception as exc:  # every decoder failure must become a clean rejection, never a 500
        raise _rejection_for(exc, kind, limits) from exc


def _rejection_for(exc: Exception, kind: Kind, limits: MediaLimits) -> PhotoRejected:
    """The PhotoRejected that a decoder exception stands for."""
    if isinstance(exc, PhotoRejected):
        return exc
    if isinstance(exc, Image.DecompressionBombError):
        # Pillow's own guard fired at open, from the header: same answer as our pixel check
        match = _BOMB_PIXELS.search(str(exc))
        size = describe_megapixels(int(match.group(1))) if match else "far too many pixels"
        limit = limits.max_pixels
        if Image.MAX_IMAGE_PIXELS:  # a configured limit above Pillow's hard one can't be reached
            limit = min(limit, 2 * Image.MAX_IMAGE_PIXELS)
        return PhotoRejected.too_large(
            f"This photo is {size}; the limit is {describe_megapixels(limit)}. An image this "
            "large is what 'decompression bomb' attacks use, so Tripcast refused it. Please choose a "
            "smaller photo, or set the camera to a lower resolution."
        )
    if isinstance(exc, ValueError) and "MAX_TEXT" in str(exc):
        return PhotoRejected.too_large(
            "This PNG hides compressed text that expands to far more than the file's own size "
            "(a 'decompression bomb'), so Tripcast refused it."
        )
    if isinstance(exc, MemoryError):
        return PhotoRejected.too_large("This photo is too large to process. Please choose a smaller photo.")
    if not isinstance(
        exc,
        (
            UnidentifiedImageError,
            OSError,
            SyntaxError,
            ValueError,
            EOFError,
            struct.error,
            zlib.error,
            IndexError,
            KeyError,
            RuntimeError,
        ),
    ):
        log.warning("unexpected %s while decoding a %s upload", type(exc).__name__, kind.label, exc_info=exc)
    return PhotoRejected.unreadable(kind.label)


def _check_pixels(width: int, height: int, limits: MediaLimits) -> None:
    if width <= 0 or height <= 0:
        raise PhotoRejected.unreadable(reason="says it has no pixels")
    pixels = width * height
    if pixels > limits.max_pixels:
        raise PhotoRejected.too_large(
            f"This photo is {describe_megapixels(pixels)} ({width} × {height}); the limit is "
            f"{describe_megapixels(limits.max_pixels)}. Please choose a smaller photo, or set the "
            "camera to a lower resolution."
        )


def _check_jpeg_scans(data: bytes) -> None:
    # In entropy-coded data 0xFF is always followed by 0x00 or a restart marker, so every FF DA is a
    # real start-of-scan (of the image, or of a thumbnail / MPF image embedded in it).
    scans = data.count(b"\xff\xda")
    if scans > MAX_JPEG_SCANS:
        raise PhotoRejected.too_large(
            f"This JPEG is split into {scans} passes ('scans'), far more than any camera writes; "
            "decoding it would tie up the server, so Tripcast refused it."
        )


def _exif_orientation(im: Image.Image, kind: Kind) -> int:
    """EXIF orientation 1-8 from the real EXIF block only (not Pillow's getexif(), which also reads
    an XMP tiff:Orientation that browsers ignore). HEIC pixels come out of libheif already rotated."""
    if kind in (HEIF, GIF):
        return 1
    raw = im.info.get("exif")
    if not raw or not isinstance(raw, bytes):
        return 1
    try:
        exif = Image.Exif()
        exif.load(raw)
        value = exif.get(_ORIENTATION_TAG)
    except Exception:  # a broken EXIF block just means "no orientation"
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


# --- the pipeline -----------------------------------------------------------------------------


def _process(im: Image.Image, kind: Kind, limits: MediaLimits) -> DecodedPhoto:
    width, height = im.size
    _check_pixels(width, height, limits)
    source_format = "JPEG" if im.format == "MPO" else (im.format or kind.label)

    notes: list[str] = []
    try:
        animated = kind is not JPEG and bool(getattr(im, "is_animated", False))
    except Exception:  # a broken later frame: only the first is wanted anyway
        animated = False
    if animated:
        notes.append(
            "Only the main image of the HEIC file was kept."
            if kind is HEIF
            else f"Only the first frame of the animated {kind.label} was kept."
        )
    if kind is not HEIF and im.tell() != 0:  # HEIF's current image is its primary, not always 0
        try:
            im.seek(0)
        except Exception as exc:
            raise _rejection_for(exc, kind, limits) from exc

    orientation = _exif_orientation(im, kind)
    icc = im.info.get("icc_profile") or b""

    # Decode, as small as the cap allows.
    target_long = min(limits.max_long_edge, max(width, height))
    try:
        if kind is JPEG:
            scale = _reduction(max(width, height), target_long, (8, 4, 2))
            if scale > 1:
                im.draft(None, (max(1, width // scale), max(1, height // scale)))
            im.load()
            src = im
        else:
            im.load()
            src = im
            factor = _reduction(max(width, height), target_long, range(min(8, max(width, height)), 1, -1))
            if factor == 1 and max(width, height) >= 2 * target_long:
                factor = max(width, height) // target_long  # leaves a < 2x step for the resize
            if factor > 1:
                src = _normalise_mode(src)
                src = src.reduce(factor)
        icc = icc or im.info.get("icc_profile") or b""  # PNG iCCP can follow other chunks
        src = _normalise_mode(src)
    except Exception as exc:
        raise _rejection_for(exc, kind, limits) from exc

    # Final size, in stored orientation (the long edge is the same either way).
    sw, sh = src.size
    scale = min(1.0, limits.max_long_edge / max(sw, sh))
    size = (max(1, round(sw * scale)), max(1, round(sh * scale))) if scale < 1 else (sw, sh)

    try:
        clean = _finish(src, size, icc, orientation)
        if clean.mode in ("RGBA", "LA") and clean.getchannel("A").getextrema()[0] == 255:
            clean = clean.convert("RGB" if clean.mode == "RGBA" else "L")  # opaque after all: JPEG
    except Exception as exc:
        raise _rejection_for(exc, kind, limits) from exc
    return DecodedPhoto(image=clean, source_format=source_format, notes=tuple(notes))


def _reduction(long_edge: int, target_long: int, factors) -> int:
    """The largest factor whose reduced long edge still lands in [REDUCE_SLACK x target, target]
    or above the target (never below the slack band); 1 when none does."""
    for factor in factors:
        reduced = math.ceil(long_edge / factor)
        if reduced >= REDUCE_SLACK * target_long:
            return factor
    return 1


def _normalise_mode(im: Image.Image) -> Image.Image:
    """One of L, LA, RGB, RGBA or CMYK (CMYK is converted to RGB after the downscale)."""
    mode = im.mode
    if mode in ("L", "LA", "RGB", "RGBA", "CMYK"):
        return im
    if mode in ("P", "PA"):
        has_alpha = mode == "PA" or "transparency" in im.info
        return im.convert("RGBA" if has_alpha else "RGB")
    if mode == "1":
        return im.convert("L")
    if mode.startswith("I;16") or mode == "I":
        # 16-bit greys (PNG): scale to 8 bits rather than clip
        return im.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if mode == "La":
        return im.convert("LA")
    if mode in ("RGBa", "RGBX"):
        return im.convert("RGBA" if mode == "RGBa" else "RGB")
    return im.convert("RGB")


# --- resize, colour and orientation, strip by strip --------------------------------------------

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _executor() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="tripcast-photo-strip")
        return _pool


def _finish(src: Image.Image, size: tuple[int, int], icc: bytes, orientation: int) -> Image.Image:
    """Resize to `size`, convert to sRGB, apply the orientation: returns a new image holding pixels
    and nothing else."""
    in_mode = src.mode
    out_mode = "RGB" if in_mode == "CMYK" else in_mode
    transform = colour.srgb_transform(icc, in_mode, out_mode) if icc else None
    resample = size != src.size
    op = _TRANSPOSE_FOR_ORIENTATION.get(orientation)
    tw, th = size
    final_size = (th, tw) if orientation in _SWAPS_AXES else (tw, th)
    if not resample and transform is None and op is None and in_mode == out_mode:
        return _pixels_only(src)  # already the right size, sRGB and upright: nothing to copy
    out = Image.new(out_mode, final_size, None)  # every pixel is pasted below

    strips = 2 if (tw * th >= PARALLEL_MIN_PIXELS and in_mode in ("RGB", "L", "CMYK") and th >= 2) else 1
    bounds = [round(th * i / strips) for i in range(strips + 1)]
    y_scale = src.height / th

    def strip(i: int) -> tuple[Image.Image, tuple[int, int]]:
        y0, y1 = bounds[i], bounds[i + 1]
        if resample:
            bottom = float(src.height) if i == strips - 1 else y1 * y_scale
            box = (0.0, y0 * y_scale, float(src.width), bottom)
            part = src.resize((tw, y1 - y0), Image.Resampling.LANCZOS, box=box)
        else:
            part = src.crop((0, y0, tw, y1))
        if transform is not None:
            if in_mode == out_mode:
                transform.apply_in_place(part)
            else:
                part = transform.apply(part)
        elif part.mode != out_mode:
            part = part.convert(out_mode)
        if op is not None:
            part = part.transpose(op)
        return part, _transposed_origin(op, (0, y0, tw, y1), (tw, th))

    if strips == 1:
        results = [strip(0)]
    else:
        future = _executor().submit(strip, 1)
        results = [strip(0), future.result()]
    for part, origin in results:
        out.paste(part, origin)
    return out


def _pixels_only(im: Image.Image) -> Image.Image:
    """A new plain Image over the same decoded pixels and nothing else: no `info` (comments, EXIF, ICC,
    XMP), none of the decoder's state (quantisation tables, markers). Saves copying a 2048 px photo that
    needs no other work (about 15 ms), which is what a phone's own downscaled upload is."""
    fresh = im._new(im.im)
    fresh.info = {}
    return fresh


def _transposed_origin(op: Image.Transpose | None, box: tuple[int, int, int, int], size: tuple[int, int]):
    """Top-left corner, in the transposed image, of what was `box` in an image of `size`."""
    x0, y0, x1, y1 = box
    w, h = size
    T = Image.Transpose
    if op is None:
        return (x0, y0)
    if op is T.FLIP_LEFT_RIGHT:
        return (w - x1, y0)
    if op is T.FLIP_TOP_BOTTOM:
        return (x0, h - y1)
    if op is T.ROTATE_180:
        return (w - x1, h - y1)
    if op is T.ROTATE_90:  # counter-clockwise: (x, y) -> (y, w - 1 - x)
        return (y0, w - x1)
    if op is T.ROTATE_270:  # clockwise: (x, y) -> (h - 1 - y, x)
        return (h - y1, x0)
    if op is T.TRANSPOSE:  # (x, y) -> (y, x)
        return (y0, x0)
    if op is T.TRANSVERSE:  # (x, y) -> (h - 1 - y, w - 1 - x)
        return (h - y1, w - x1)
    raise ValueError(op)


# --- encoding ---------------------------------------------------------------------------------


def _encode(img: Image.Image, limits: MediaLimits) -> tuple[bytes, str, Image.Image]:
    """Encode with explicit arguments only; step quality (then size) down to fit the byte cap."""
    transparent = img.mode in ("RGBA", "LA")
    while True:
        if transparent:
            for level in (6, 9):
                body = _save_png(img, level)
                if len(body) <= limits.max_output_bytes:
                    return body, "image/png", img
        else:
            for quality in JPEG_QUALITIES:
                body = _save_jpeg(img, quality)
                if len(body) <= limits.max_output_bytes:
                    return body, "image/jpeg", img
        if max(img.size) <= 64:
            raise PhotoRejected.too_large(
                f"This photo cannot be made smaller than {describe_bytes(limits.max_output_bytes)}."
            )
        smaller = (max(1, round(img.width * 0.8)), max(1, round(img.height * 0.8)))
        img = _fresh(img.resize(smaller, Image.Resampling.LANCZOS))


def _save_jpeg(img: Image.Image, quality: int) -> bytes:
    """Baseline JPEG, standard Huffman tables, 4:2:0 (see the module docstring for why)."""
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, progressive=False, optimize=False, subsampling="4:2:0")
    return buf.getvalue()


def _save_png(img: Image.Image, level: int) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG", compress_level=level)
    return buf.getvalue()


def _fresh(img: Image.Image) -> Image.Image:
    out = Image.new(img.mode, img.size, None)
    out.paste(img, (0, 0))
    return out
