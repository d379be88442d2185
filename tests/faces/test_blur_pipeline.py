"""Blur regions burnt in by the photo pipeline: exactly the padded region changes, in upright coordinates, at
every EXIF orientation, for PNG, JPEG and HEIC; and nothing of the clear pixels survives inside."""

from __future__ import annotations

import io

import numpy as np
import pillow_heif
import pytest
from PIL import Image

from app.media import MediaLimits, sanitise_photo
from app.media.blur import Region, apply_regions, padded_box
from tests.faces.helpers import (
    box_of,
    correlation,
    crop,
    encode,
    noise_image,
    outside_mask,
    pixels,
    stored_with_orientation,
)

LIMITS = MediaLimits()
SIZE = (320, 240)  # upright
FACE = Region(0.5, 0.25, 0.25, 0.3)
BADGE = Region(0.05, 0.6, 0.15, 0.1)


def transparent_corner(image: Image.Image) -> Image.Image:
    """RGBA with one clear pixel, so the pipeline keeps it as (lossless) PNG."""
    rgba = image.convert("RGBA")
    rgba.putpixel((0, 0), (0, 0, 0, 0))
    return rgba


@pytest.mark.parametrize("orientation", range(1, 9))
def test_png_regions_land_on_the_upright_image_and_nothing_else_changes(orientation):
    upright = transparent_corner(noise_image(SIZE, seed=orientation))
    stored, exif = stored_with_orientation(upright, orientation)
    clean = sanitise_photo(encode(stored, "PNG", exif), LIMITS, [FACE, BADGE])

    assert clean.content_type == "image/png" and (clean.width, clean.height) == SIZE
    out = np.asarray(Image.open(io.BytesIO(clean.data)).convert("RGBA"), dtype=np.int16)
    original = np.asarray(upright, dtype=np.int16)
    untouched = outside_mask(SIZE, [FACE, BADGE])
    assert np.array_equal(out[untouched], original[untouched])  # every pixel outside, exactly
    for region in (FACE, BADGE):
        inside = box_of(region, SIZE)
        changed = np.any(crop(out, inside) != crop(original, inside), axis=-1)
        assert changed.mean() > 0.95
        assert abs(correlation(crop(out, inside)[..., :3], crop(original, inside)[..., :3])) < 0.25


@pytest.mark.parametrize("orientation", range(1, 9))
def test_jpeg_regions_follow_exif_orientation(orientation):
    upright = noise_image(SIZE, seed=10 + orientation)
    stored, exif = stored_with_orientation(upright, orientation)
    data = encode(stored, "JPEG", exif, quality=95)
    clear = pixels(sanitise_photo(data, LIMITS).data)
    blurred = pixels(sanitise_photo(data, LIMITS, [FACE]).data)

    assert blurred.shape[:2] == (SIZE[1], SIZE[0])
    far = outside_mask(SIZE, [FACE], grow=16)  # JPEG blocks and chroma next to the region may shift a little
    assert np.abs(blurred[far] - clear[far]).mean() < 0.5
    inside = box_of(FACE, SIZE)
    assert abs(correlation(crop(blurred, inside), crop(clear, inside))) < 0.25
    assert np.abs(crop(blurred, inside) - crop(clear, inside)).mean() > 30


def test_heic_region_is_blurred():
    upright = noise_image(SIZE, seed=99)
    heif = pillow_heif.from_pillow(upright)
    buf = io.BytesIO()
    heif.save(buf, quality=95)
    clear = pixels(sanitise_photo(buf.getvalue(), LIMITS).data)
    blurred = pixels(sanitise_photo(buf.getvalue(), LIMITS, [FACE]).data)

    far = outside_mask(SIZE, [FACE], grow=16)
    assert np.abs(blurred[far] - clear[far]).mean() < 0.5
    inside = box_of(FACE, SIZE)
    assert abs(correlation(crop(blurred, inside), crop(clear, inside))) < 0.25


def test_big_photo_is_blurred_at_its_published_size():
    data = encode(noise_image((4096, 3072), seed=5), "JPEG", quality=90)
    clean = sanitise_photo(data, LIMITS, [FACE])
    assert (clean.width, clean.height) == (2048, 1536)
    clear, out = pixels(sanitise_photo(data, LIMITS).data), pixels(clean.data)
    inside = box_of(FACE, (2048, 1536))
    assert abs(correlation(crop(out, inside), crop(clear, inside))) < 0.25
    far = outside_mask((2048, 1536), [FACE], grow=16)
    assert np.abs(out[far] - clear[far]).mean() < 0.5


def test_blur_is_different_every_time_and_keeps_transparency():
    image = transparent_corner(noise_image((100, 100), seed=3))
    alpha_before = np.asarray(image.getchannel("A")).copy()
    first, second = image.copy(), image.copy()
    region = Region(0, 0, 0.5, 0.5)  # includes the clear pixel
    assert apply_regions(first, [region]) == apply_regions(second, [region]) == 1
    box = padded_box(region, image.size)
    assert not np.array_equal(crop(np.asarray(first), box), crop(np.asarray(second), box))  # fresh noise
    assert np.array_equal(np.asarray(first.getchannel("A"))[60:], alpha_before[60:])


def test_region_at_the_edge_is_clipped_to_the_photo():
    image = noise_image((50, 40), seed=4, mode="L")
    assert apply_regions(image, [Region(0.9, 0.9, 0.1, 0.1)]) == 1
    assert padded_box(Region(0.9, 0.9, 0.1, 0.1), (50, 40)) == (41, 32, 50, 40)
