"""The pipeline on synthetic photos: limits, refusals, transparency, orientation, size caps."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from media_helpers import assert_structurally_clean, mean_abs_diff, open_output, thumb
from PIL import Image, ImageOps

import app.media.sanitise as sanitise_module
from app.config import Settings
from app.media import CleanPhoto, MediaLimits, PhotoRejected, sanitise_photo

LIMITS = MediaLimits()


def picture(size=(96, 64)) -> Image.Image:
    """An asymmetric test picture: four coloured quadrants and a diagonal gradient."""
    w, h = size
    im = Image.linear_gradient("L").resize(size).convert("RGB")
    quadrants = [(220, 40, 40), (40, 200, 60), (40, 60, 220), (230, 220, 40)]
    for i, colour in enumerate(quadrants):
        x, y = (i % 2) * w // 2, (i // 2) * h // 2
        im.paste(colour, (x + 2, y + 2, x + w // 2 - 2, y + h // 2 - 2))
    return im


def encode(im: Image.Image, fmt: str, **save) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **save)
    return buf.getvalue()


def exif_with_orientation(value: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = value
    return exif.tobytes()


def rejected(data: bytes, limits: MediaLimits = LIMITS) -> PhotoRejected:
    with pytest.raises(PhotoRejected) as caught:
        sanitise_photo(data, limits)
    return caught.value


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


# --- limits -------------------------------------------------------------------------------------


def test_limits_from_settings():
    settings = Settings()
    limits = MediaLimits.from_settings(settings)
    assert limits == MediaLimits(
        max_bytes=settings.upload_max_bytes,
        max_pixels=settings.upload_max_pixels,
        max_long_edge=settings.photo_max_long_edge,
        max_output_bytes=settings.photo_max_output_bytes,
    )
    assert limits.max_long_edge == 2048 and limits.max_pixels == 50_000_000


def test_limits_must_be_positive():
    with pytest.raises(ValueError):
        MediaLimits(max_bytes=0)


def test_too_many_bytes_is_413():
    error = rejected(encode(picture(), "PNG"), MediaLimits(max_bytes=100))
    assert error.status_code == 413
    assert "the limit is 100 bytes" in error.message


def test_pixel_limit_is_checked_from_the_header_before_decoding():
    """A PNG whose header says 10000 x 8000 but whose pixel data is missing: it must be refused for
    its size (413), which proves nothing was decoded (decoding would fail with a 422)."""
    ihdr = struct.pack(">IIBBBBB", 10000, 8000, 8, 2, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", zlib.compress(b"\x00" * 10))
    error = rejected(data)
    assert error.status_code == 413
    assert "80 megapixels" in error.message and "the limit is 50 megapixels" in error.message


def test_jpeg_pixel_limit_from_the_sof_header():
    jpeg = bytearray(encode(picture(), "JPEG"))
    sof = jpeg.index(b"\xff\xc0")
    jpeg[sof + 5 : sof + 9] = struct.pack(">HH", 9000, 9000)  # height, width: 81 MP
    error = rejected(bytes(jpeg))
    assert error.status_code == 413 and "81 megapixels" in error.message


def test_configured_pixel_limit():
    error = rejected(encode(picture((400, 300)), "PNG"), MediaLimits(max_pixels=100_000))
    assert error.status_code == 413 and "0.1 megapixels" in error.message


@pytest.mark.parametrize(("width", "height"), [(60000, 60000), (8000, 8000)])
def test_gif_pixel_bombs(width: int, height: int):
    header = b"GIF89a" + struct.pack("<HHBBB", width, height, 0, 0, 0)
    frame = b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0) + b"\x02\x02\x44\x01\x00\x3b"
    error = rejected(header + frame)
    assert error.status_code == 413 and "megapixels" in error.message


@pytest.mark.parametrize("chunk", [b"zTXt", b"iCCP"])
def test_png_compressed_chunk_bombs(chunk: bytes):
    bomb = zlib.compress(b"A" * (8 * 1024 * 1024), 9)  # 8 MB of text in ~8 KB
    body = (b"Comment\x00\x00" if chunk == b"zTXt" else b"icc\x00\x00") + bomb
    png = encode(picture(), "PNG")
    data = png[:33] + png_chunk(chunk, body) + png[33:]
    error = rejected(data)
    assert error.status_code == 413 and "decompression bomb" in error.message


def test_jpeg_with_thousands_of_scans_is_refused():
    jpeg = encode(picture(), "JPEG")
    junk = b"\xff\xda" * 200
    data = jpeg[:2] + b"\xff\xfe" + struct.pack(">H", len(junk) + 2) + junk + jpeg[2:]
    error = rejected(data)
    assert error.status_code == 413 and "scans" in error.message


# --- corrupt and truncated ------------------------------------------------------------------------


def _heic(im: Image.Image) -> bytes:
    import pillow_heif

    buf = io.BytesIO()
    pillow_heif.from_pillow(im).save(buf, quality=60)
    return buf.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF", "HEIF"])
@pytest.mark.parametrize("keep", [0.3, 0.6, 0.9])
def test_truncated_files_are_422(fmt: str, keep: float):
    im = picture((160, 120)).effect_spread(3)  # some detail, so the data isn't trivially short
    data = _heic(im) if fmt == "HEIF" else encode(im, fmt)
    cut = data[: int(len(data) * keep)]
    try:
        clean = sanitise_photo(cut, LIMITS)
    except PhotoRejected as error:
        assert error.status_code == 422, error.message
        assert "could not be read" in error.message
    else:  # some formats' decoders fill a cut tail with grey, which is still a clean image
        assert fmt in ("GIF",) and isinstance(clean, CleanPhoto)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_garbage_after_the_magic_is_422(fmt: str):
    data = encode(picture(), fmt)
    header = {"JPEG": 3, "PNG": 8, "WEBP": 12, "GIF": 6}[fmt]
    error = rejected(data[:header] + bytes(range(256)) * 8)
    assert error.status_code == 422


def test_bytearray_and_memoryview_are_accepted():
    data = encode(picture(), "PNG")
    assert sanitise_photo(bytearray(data), LIMITS).width == 96
    assert sanitise_photo(memoryview(data), LIMITS).width == 96


# --- output -------------------------------------------------------------------------------------


def test_opaque_photo_becomes_baseline_jpeg():
    clean = sanitise_photo(encode(picture(), "PNG"), LIMITS)
    assert clean.content_type == "image/jpeg"
    assert_structurally_clean(clean)
    assert mean_abs_diff(thumb(open_output(clean), (24, 16)), thumb(picture(), (24, 16))) < 3


def test_real_transparency_becomes_png():
    im = picture().convert("RGBA")
    im.putpixel((5, 5), (255, 0, 0, 0))
    clean = sanitise_photo(encode(im, "PNG"), LIMITS)
    assert clean.content_type == "image/png"
    assert_structurally_clean(clean)
    out = open_output(clean)
    assert out.mode == "RGBA" and out.getpixel((5, 5))[3] == 0
    assert out.getchannel("A").getextrema() == (0, 255)


def test_alpha_channel_that_is_all_opaque_becomes_jpeg():
    clean = sanitise_photo(encode(picture().convert("RGBA"), "PNG"), LIMITS)
    assert clean.content_type == "image/jpeg"


def test_palette_transparency_becomes_png():
    im = picture().convert("P", palette=Image.Palette.ADAPTIVE, colors=16)
    index = im.getpixel((0, 0))
    clean = sanitise_photo(encode(im, "GIF", transparency=index), LIMITS)
    assert clean.content_type == "image/png"
    assert open_output(clean).getpixel((0, 0))[3] == 0


def test_grey_with_alpha_stays_grey():
    im = Image.merge("LA", (Image.linear_gradient("L"), Image.linear_gradient("L").rotate(90)))
    clean = sanitise_photo(encode(im, "PNG"), LIMITS)
    assert clean.content_type == "image/png" and open_output(clean).mode == "LA"


def test_sixteen_bit_grey_is_scaled_not_clipped():
    im = Image.new("I;16", (32, 32), 51400)  # 51400 / 257 = 200 in 8 bits
    clean = sanitise_photo(encode(im, "PNG"), LIMITS)
    value = open_output(clean).convert("L").getpixel((16, 16))
    assert abs(value - 200) <= 2


def test_long_edge_is_capped():
    im = picture((3000, 1000))
    clean = sanitise_photo(encode(im, "PNG"), MediaLimits(max_long_edge=1000))
    assert 900 <= clean.width <= 1000 and clean.height == pytest.approx(clean.width / 3, abs=2)


def test_jpeg_uses_dct_scaling_and_lands_under_the_cap():
    im = picture((4032, 3024))
    clean = sanitise_photo(encode(im, "JPEG", quality=90), LIMITS)
    assert (clean.width, clean.height) == (2016, 1512)  # 1/2 DCT scale, no resampling pass


def test_small_photos_are_not_enlarged():
    clean = sanitise_photo(encode(picture((40, 30)), "JPEG"), LIMITS)
    assert (clean.width, clean.height) == (40, 30)


def test_output_bytes_cap_steps_quality_then_size_down():
    noisy = Image.effect_noise((1200, 900), 120).convert("RGB")
    data = encode(noisy, "PNG")
    roomy = sanitise_photo(data, LIMITS)
    capped = sanitise_photo(data, MediaLimits(max_output_bytes=60_000))
    assert len(capped.data) <= 60_000 < len(roomy.data)
    assert capped.content_type == "image/jpeg"


def test_saved_from_a_fresh_image_with_explicit_arguments_only(monkeypatch):
    """Nothing from an `info` dict can reach the writer: the image saved has none, and only the
    encoding arguments are passed."""
    calls = []
    real_save = Image.Image.save

    def spy(self, fp, format=None, **params):
        calls.append((dict(self.info), format, dict(params)))
        return real_save(self, fp, format, **params)

    monkeypatch.setattr(Image.Image, "save", spy)
    im = picture().convert("RGBA")
    source = io.BytesIO()
    real_save(im, source, "PNG", pnginfo=None)
    im_opaque = picture()
    for data in (
        encode(im_opaque, "JPEG", comment=b"secret comment", exif=exif_with_orientation(1)),
        source.getvalue(),
    ):
        calls.clear()
        sanitise_photo(data, LIMITS)
        assert calls, "nothing was saved"
        for info, _format, params in calls:
            assert info == {}
            assert set(params) <= {"quality", "progressive", "optimize", "subsampling", "compress_level"}, params


# --- orientation --------------------------------------------------------------------------------

# How a camera stores an upright picture for each EXIF orientation (EXIF 2.3, tag 0x0112).
STORE = {
    1: lambda im: im,
    2: ImageOps.mirror,
    3: lambda im: im.rotate(180),
    4: ImageOps.flip,
    5: lambda im: ImageOps.mirror(im.rotate(-90, expand=True)),  # = swap x and y
    6: lambda im: im.rotate(90, expand=True),
    7: lambda im: ImageOps.mirror(im.rotate(90, expand=True)),
    8: lambda im: im.rotate(-90, expand=True),
}


@pytest.mark.parametrize("orientation", range(1, 9))
@pytest.mark.parametrize("fmt", ["JPEG", "WEBP", "PNG"])
def test_exif_orientation_is_applied_once(orientation: int, fmt: str):
    upright = picture()
    stored = STORE[orientation](upright)
    data = encode(stored, fmt, exif=exif_with_orientation(orientation), **({"quality": 95} if fmt != "PNG" else {}))
    out = open_output(sanitise_photo(data, LIMITS))
    assert out.size == upright.size
    assert mean_abs_diff(thumb(out, (24, 16)), thumb(upright, (24, 16))) < 4


def test_xmp_only_orientation_is_ignored():
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description xmlns:tiff="http://ns.adobe.com/tiff/1.0/" tiff:Orientation="6"/></rdf:RDF></x:xmpmeta>'
    )
    data = encode(picture(), "JPEG", quality=95, xmp=xmp)
    out = open_output(sanitise_photo(data, LIMITS))
    assert out.size == (96, 64)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_strips_in_parallel_match_a_single_pass(orientation: int, monkeypatch):
    """The two-strip, two-thread finish is seamless: same result as one strip, with resampling, a
    colour transform and every orientation."""
    from media_helpers import PHOTOS

    icc = b""
    if (PHOTOS / "apple_gainmap_new.jpg").exists():
        with Image.open(PHOTOS / "apple_gainmap_new.jpg") as p3_photo:
            icc = p3_photo.info["icc_profile"]  # Display P3
    src = picture((1500, 1000)).effect_spread(2).convert("RGB")
    size = (1200, 800)
    monkeypatch.setattr(sanitise_module, "PARALLEL_MIN_PIXELS", 1)
    two = sanitise_module._finish(src, size, icc, orientation)
    monkeypatch.setattr(sanitise_module, "PARALLEL_MIN_PIXELS", 10**12)
    one = sanitise_module._finish(src, size, icc, orientation)
    assert two.size == one.size
    assert mean_abs_diff(two, one) < 0.05


# --- frames -------------------------------------------------------------------------------------


def test_animated_webp_keeps_the_first_frame_and_says_so():
    frames = [Image.new("RGB", (40, 30), colour) for colour in ((200, 0, 0), (0, 200, 0), (0, 0, 200))]
    buf = io.BytesIO()
    frames[0].save(buf, "WEBP", save_all=True, append_images=frames[1:], duration=100, lossless=True)
    clean = sanitise_photo(buf.getvalue(), LIMITS)
    assert clean.notes == ("Only the first frame of the animated WebP was kept.",)
    r, g, b = open_output(clean).getpixel((20, 15))
    assert r > 150 and g < 50 and b < 50


def test_heic_from_pillow_heif():
    clean = sanitise_photo(_heic(picture((128, 96))), LIMITS)
    assert clean.source_format == "HEIF" and (clean.width, clean.height) == (128, 96)
    assert mean_abs_diff(thumb(open_output(clean), (32, 24)), thumb(picture((128, 96)), (32, 24))) < 4


def test_gif_with_a_broken_second_frame_keeps_the_first():
    frames = [Image.new("P", (30, 20), i) for i in (1, 2)]
    for i, frame in enumerate(frames):
        frame.putpalette([0, 0, 0, 220, 30, 30, 30, 30, 220] + [0] * 759)
        frame.info["duration"] = 100 + i
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:])
    data = buf.getvalue()
    second = data.index(b"\x2c", data.index(b"\x2c") + 1)  # the second image descriptor
    broken = data[: second + 10] + b"\x00\xff\xff\xff" + data[second + 14 :]
    clean = sanitise_photo(broken, LIMITS)
    r, g, b = open_output(clean).getpixel((15, 10))
    assert r > 150 and b < 80


def test_transparent_p3_png_keeps_alpha_and_converts_colour():
    from media_helpers import PHOTOS
    from PIL import ImageCms

    if not (PHOTOS / "apple_gainmap_new.jpg").exists():
        pytest.skip("needs the shared Display P3 profile")
    with Image.open(PHOTOS / "apple_gainmap_new.jpg") as src:
        p3 = src.info["icc_profile"]
    im = Image.new("RGBA", (50, 40), (200, 100, 50, 255))
    im.putpixel((3, 3), (10, 200, 30, 77))
    clean = sanitise_photo(encode(im, "PNG", icc_profile=p3), LIMITS)
    out = open_output(clean)
    assert clean.content_type == "image/png" and out.mode == "RGBA"
    assert out.getpixel((3, 3))[3] == 77
    expected = ImageCms.profileToProfile(
        Image.new("RGB", (1, 1), (200, 100, 50)),
        ImageCms.ImageCmsProfile(io.BytesIO(p3)),
        ImageCms.createProfile("sRGB"),
    ).getpixel((0, 0))
    assert max(abs(a - b) for a, b in zip(out.getpixel((20, 20))[:3], expected, strict=True)) <= 1
