"""Blur that cannot be undone, burnt into the upright image before it is encoded.

`parse_blur(text, photo_count)` reads the `blur` form field of POST /api/posts: JSON, one list per photo of
regions {"x", "y", "w", "h"} as fractions (0-1) of the upright image (null for a photo: nothing to blur).
Anything else is a BlurError with a plain-English message (the route answers 422).

`apply_regions(image, regions)` covers every region, plus a margin, with coarse pixelation (about
BLOCKS_ACROSS blocks across the padded region, each the average of its pixels), then a Gaussian blur and
random noise. Averaging throws the detail away, and the noise (from the OS's random source, different each
time) stops anyone reconstructing the block averages from a known face ("depixelation"): what is published
never held the clear pixels. Pixels outside the padded regions are not touched.
"""

from __future__ import annotations

import json
import math
import secrets
from dataclasses import dataclass

from PIL import Image, ImageFilter

MARGIN = 0.2  # of the region's width / height, on every side
MIN_MARGIN_PX = 4
BLOCKS_ACROSS = 5  # pixel blocks across the padded region's longer side
MIN_BLOCK_PX = 4
NOISE = 24  # +- this much uniform noise on each channel, 0-255 scale
MAX_REGIONS = 100  # per photo
MIN_SIZE = 0.002  # a region narrower or shorter than this fraction of the image is a mistake


class BlurError(ValueError):
    """The `blur` field could not be used; `message` is plain English for the teacher."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Region:
    """Fractions (0-1) of the upright image."""

    x: float
    y: float
    w: float
    h: float


def parse_blur(text: str, photo_count: int) -> list[list[Region]]:
    """One list of regions per photo (empty lists when the field is absent or empty)."""
    if text is None or not text.strip():
        return [[] for _ in range(photo_count)]
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise BlurError("The blur instructions could not be read (they are not JSON). Reload and try again.") from exc
    if isinstance(data, list):
        data = [[] if item is None else item for item in data]  # null: nothing to blur in that photo
    if not isinstance(data, list) or not all(isinstance(item, list) for item in data):
        raise BlurError("The blur instructions must be a list with one list of regions per photo.")
    if len(data) != photo_count:
        raise BlurError(f"The blur instructions are for {len(data)} photo{'' if len(data) == 1 else 's'}, "
                        f"but the post has {photo_count}. Send one list of regions per photo.")
    photos = []
    for number, regions in enumerate(data, start=1):
        if len(regions) > MAX_REGIONS:
            raise BlurError(f"Photo {number} has {len(regions)} blur regions; at most {MAX_REGIONS} are allowed.")
        photos.append([_region(item, number) for item in regions])
    return photos


MAX_FACE_COUNT = 1000


def parse_face_counts(text: str, photo_count: int, blur: list[list[Region]]) -> tuple[tuple[int, int] | None, ...]:
    """The `faces` form field: JSON, one {"found": n, "blurred": m} (or null where the face check did not run)
    per photo. `blurred` counts faces, so it cannot be more than the regions sent for that photo."""
    if text is None or not text.strip():
        return tuple(None for _ in range(photo_count))
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise BlurError("The face counts could not be read (they are not JSON). Reload and try again.") from exc
    if not isinstance(data, list) or len(data) != photo_count:
        raise BlurError(f"The face counts must be a list with one entry per photo ({photo_count}).")
    counts: list[tuple[int, int] | None] = []
    for number, (item, regions) in enumerate(zip(data, blur, strict=True), start=1):
        if item is None:
            counts.append(None)
            continue
        found, blurred = (item.get(k) if isinstance(item, dict) else None for k in ("found", "blurred"))
        if not all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= MAX_FACE_COUNT
                   for v in (found, blurred)):
            raise BlurError(f"The face count of photo {number} must be whole numbers 'found' and 'blurred'.")
        if blurred > found or blurred > len(regions):
            raise BlurError(f"Photo {number} says {blurred} faces were blurred, but {found} were found and "
                            f"{len(regions)} blur region{'' if len(regions) == 1 else 's'} sent.")
        counts.append((found, blurred))
    return tuple(counts)


def _region(item, number: int) -> Region:
    if not isinstance(item, dict):
        raise BlurError(f"A blur region of photo {number} is not an object with x, y, w and h.")
    values = {}
    for key in ("x", "y", "w", "h"):
        value = item.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise BlurError(f"A blur region of photo {number} has no number for '{key}'.")
        values[key] = float(value)
    x, y, w, h = values["x"], values["y"], values["w"], values["h"]
    slack = 1e-6
    if not (0 <= x <= 1 and 0 <= y <= 1 and MIN_SIZE <= w <= 1 and MIN_SIZE <= h <= 1
            and x + w <= 1 + slack and y + h <= 1 + slack):
        raise BlurError(f"A blur region of photo {number} is outside the photo: x, y, w and h are fractions "
                        "of the photo (0 to 1) and the region must fit inside it.")
    return Region(x, y, min(w, 1 - x), min(h, 1 - y))


def padded_box(region: Region, size: tuple[int, int]) -> tuple[int, int, int, int]:
    """The pixel box (left, top, right, bottom) that `apply_regions` changes for `region`."""
    width, height = size
    mx = max(MIN_MARGIN_PX, region.w * width * MARGIN)
    my = max(MIN_MARGIN_PX, region.h * height * MARGIN)
    left = max(0, math.floor(region.x * width - mx))
    top = max(0, math.floor(region.y * height - my))
    right = min(width, math.ceil((region.x + region.w) * width + mx))
    bottom = min(height, math.ceil((region.y + region.h) * height + my))
    return left, top, right, bottom


def apply_regions(image: Image.Image, regions: list[Region]) -> int:
    """Blur every region of `image` in place. Returns how many regions were applied."""
    applied = 0
    for region in regions:
        box = padded_box(region, image.size)
        if box[2] - box[0] < 1 or box[3] - box[1] < 1:
            continue
        image.paste(_obliterate(image.crop(box)), box[:2])
        applied += 1
    return applied


def _obliterate(part: Image.Image) -> Image.Image:
    import numpy as np  # here, not at the top: the app starts without it until a photo is blurred

    w, h = part.size
    block = max(MIN_BLOCK_PX, math.ceil(max(w, h) / BLOCKS_ACROSS))
    small = part.resize((max(1, math.ceil(w / block)), max(1, math.ceil(h / block))), Image.Resampling.BOX)
    coarse = small.resize((w, h), Image.Resampling.NEAREST).filter(ImageFilter.GaussianBlur(block / 3))
    pixels = np.asarray(coarse, dtype=np.int16)
    rng = np.random.default_rng(secrets.randbits(128))
    noisy = pixels + rng.integers(-NOISE, NOISE + 1, size=pixels.shape, dtype=np.int16)
    if part.mode in ("LA", "RGBA"):
        noisy[..., -1] = pixels[..., -1]  # transparency is blurred but not made noisy
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))  # same mode: L, LA, RGB or RGBA
