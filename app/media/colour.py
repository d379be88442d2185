"""Embedded ICC profile -> sRGB, with LittleCMS through Pillow's ImageCms.

Transforms are cached by the profile's bytes (phones embed the same few profiles over and over), and
a profile that already maps every colour to itself within one level (an sRGB profile under another
name) is recognised once and then skipped, so the common case costs nothing.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict

from PIL import Image, ImageCms

_SRGB = ImageCms.createProfile("sRGB")
_CACHE_SIZE = 16
_cache: OrderedDict[tuple[bytes, str, str], ImageCms.ImageCmsTransform | None] = OrderedDict()
_lock = threading.Lock()

# The colour spaces of the image modes we transform (ICC header "data colour space").
_MODE_SPACES = {"RGB": b"RGB ", "RGBA": b"RGB ", "CMYK": b"CMYK"}
_IDENTITY = object()


def srgb_transform(icc: bytes, in_mode: str, out_mode: str) -> ImageCms.ImageCmsTransform | None:
    """A transform from the embedded profile to sRGB for images of `in_mode`, or None when there is
    nothing to do (the profile is sRGB already) or the profile can't be used (corrupt, or for another
    colour space than the pixels): the pixels are then taken as sRGB, which is what browsers do."""
    if in_mode not in _MODE_SPACES or len(icc) < 132 or icc[16:20] != _MODE_SPACES[in_mode]:
        return None
    key = (hashlib.sha256(icc).digest(), in_mode, out_mode)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            cached = _cache[key]
            return None if cached is _IDENTITY else cached
    transform = _build(icc, in_mode, out_mode)
    with _lock:
        _cache[key] = _IDENTITY if transform is None else transform
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return transform


def _build(icc: bytes, in_mode: str, out_mode: str) -> ImageCms.ImageCmsTransform | None:
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        transform = ImageCms.buildTransform(
            profile,
            _SRGB,
            in_mode,
            out_mode,
            renderingIntent=ImageCms.Intent.PERCEPTUAL,
            # lcms's per-pixel cache only helps flat images and costs ~40% on photos
            flags=ImageCms.Flags.NOCACHE,
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None
    if in_mode == out_mode and _is_identity(transform, in_mode):
        return None
    return transform


def _is_identity(transform: ImageCms.ImageCmsTransform, mode: str) -> bool:
    """True when the transform moves no colour of a 16-step cube by more than one level."""
    steps = [0, 17, 34, 51, 68, 85, 102, 119, 136, 153, 170, 187, 204, 221, 238, 255]
    cube = bytes(v for r in steps for g in steps for b in steps for v in (r, g, b))
    probe = Image.frombytes("RGB", (len(steps) ** 3, 1), cube)
    if mode == "RGBA":
        probe = probe.convert("RGBA")
    out = ImageCms.applyTransform(probe, transform)
    if out is None:
        return False
    diff = [abs(a - b) for a, b in zip(probe.convert("RGB").tobytes(), out.convert("RGB").tobytes(), strict=True)]
    return max(diff) <= 1


def icc_description(icc: bytes) -> str:
    """The profile's description, for notes and tests ("Display P3"); empty when unreadable."""
    try:
        return ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(icc))).strip()
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return ""
