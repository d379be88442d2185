"""Images for the face and blur tests: noise textures (so any leak of the clear pixels shows as correlation),
EXIF orientations, and the region arithmetic."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from app.media.blur import Region, padded_box

# What Pillow's transpose must do to the upright image to give the pixels stored with each EXIF orientation:
# the inverse of the transpose that orientation asks for.
STORE_FOR_ORIENTATION = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def noise_image(size: tuple[int, int], seed: int, mode: str = "RGB") -> Image.Image:
    """Blocky random noise (4 px cells survive JPEG well, and no two parts look alike)."""
    rng = np.random.default_rng(seed)
    w, h = size
    cells = rng.integers(0, 256, size=((h + 3) // 4, (w + 3) // 4, 3), dtype=np.uint8)
    pixels = np.repeat(np.repeat(cells, 4, axis=0), 4, axis=1)[:h, :w]
    image = Image.fromarray(pixels)
    return image.convert(mode) if mode != "RGB" else image


def stored_with_orientation(upright: Image.Image, orientation: int) -> tuple[Image.Image, Image.Exif]:
    """The pixels a camera would store for `upright` with this EXIF orientation, and that EXIF block."""
    op = STORE_FOR_ORIENTATION[orientation]
    stored = upright.transpose(op) if op is not None else upright.copy()
    exif = Image.Exif()
    exif[0x0112] = orientation
    return stored, exif


def encode(image: Image.Image, fmt: str, exif: Image.Exif | None = None, **options) -> bytes:
    buf = io.BytesIO()
    if exif is not None:
        options["exif"] = exif.tobytes()
    image.save(buf, fmt, **options)
    return buf.getvalue()


def pixels(data_or_image) -> np.ndarray:
    image = data_or_image if isinstance(data_or_image, Image.Image) else Image.open(io.BytesIO(data_or_image))
    return np.asarray(image.convert("RGB"), dtype=np.float64)


def box_of(region: Region, size: tuple[int, int]) -> tuple[int, int, int, int]:
    w, h = size
    return (round(region.x * w), round(region.y * h), round((region.x + region.w) * w),
            round((region.y + region.h) * h))


def outside_mask(size: tuple[int, int], regions: list[Region], grow: int = 0) -> np.ndarray:
    """True where no padded region (grown by `grow` px) reaches."""
    w, h = size
    mask = np.ones((h, w), dtype=bool)
    for region in regions:
        left, top, right, bottom = padded_box(region, size)
        mask[max(0, top - grow):bottom + grow, max(0, left - grow):right + grow] = False
    return mask


def correlation(a: np.ndarray, b: np.ndarray) -> float:
    a, b = a.ravel() - a.mean(), b.ravel() - b.mean()
    denominator = np.sqrt((a * a).sum() * (b * b).sum())
    return float((a * b).sum() / denominator) if denominator else 0.0


def crop(array: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    left, top, right, bottom = box
    return array[top:bottom, left:right]
