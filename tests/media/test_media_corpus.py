"""Every file in ../shared/photos, per its MANIFEST.json: photos come out clean, upright and in
sRGB; hostile files are refused with the right status."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pillow_heif  # noqa: F401 - app.media registers the opener; this is for the reference decodes
import pytest
from media_helpers import (
    assert_structurally_clean,
    exiftool_json,
    manifest_entries,
    manifest_files,
    mean_abs_diff,
    open_output,
    sha256,
    thumb,
)
from PIL import Image, ImageCms

from app.media import CleanPhoto, MediaLimits, PhotoRejected

# What must happen to each corpus file: "clean" or the HTTP status of the refusal.
EXPECTED: dict[str, str | int] = {
    "Landscape_0.jpg": "clean",
    "Landscape_1.jpg": "clean",
    "Landscape_2.jpg": "clean",
    "Landscape_3.jpg": "clean",
    "Landscape_4.jpg": "clean",
    "Landscape_5.jpg": "clean",
    "Landscape_6.jpg": "clean",
    "Landscape_7.jpg": "clean",
    "Landscape_8.jpg": "clean",
    "Portrait_6.jpg": "clean",
    "Issue 525.jpg": "clean",
    "Apple iPhone 6.jpg": "clean",
    "Nexus 4.jpg": "clean",
    "DSCN0010.jpg": "clean",
    "32-lens_data.jpeg": "clean",
    "Panasonic DMC-LC70 (Lumix).jpg": "clean",
    "pil_sample_cmyk.jpg": "clean",
    "Multiple ICC segments.jpg": "clean",
    "sugarshack.mpo": "clean",
    "Panasonic Lumix DMC-LX7.jpg": "clean",
    "ultrahdr.jpg": 422,  # truncated at 48 KB
    "apple_gainmap_new.jpg": "clean",
    "BlueSquare.jpg": "clean",
    "ExtendedXMP.jpg": "clean",
    "Google.jpg": "clean",
    "mat2-dirty.jpg": "clean",
    "Issue 280 (dotnet).png": "clean",
    "exif_imagemagick.png": "clean",
    "exif.png": "clean",
    "xmp_tags_orientation.png": "clean",
    "RGB_16__128x128.png": "clean",
    "zTXt-raw-profiles-0839d93f.png": "clean",
    "itxt_chunks.png": "clean",
    "Nikon Coolpix P7000.webp": "clean",
    "flower2.webp": "clean",
    "Issue 473 (Java).webp": "clean",
    "pug.heic": "clean",
    "arrow.heic": "clean",
    "Issue 263 dotnet.heic": "clean",
    "aux_YCbCr.heic": "clean",
    "exif-at-eof.heic": "clean",
    "200MP.heic": 413,  # 200 MP > 50 MP
    "mat2-dirty.heic": "clean",
    "mat2-dirty.gif": "clean",
    "multiple_comments.gif": "clean",
    "pbar-ani-invalid-XMP.gif": "clean",
    "exiftool-GIF.gif": "clean",
    "png_decompression_dos.png": 413,  # zTXt decompression bomb
    "decompression_bomb.gif": 413,  # pixel bomb
}
CLEAN = [name for name, outcome in EXPECTED.items() if outcome == "clean"]
ANIMATED = {"mat2-dirty.gif", "multiple_comments.gif", "pbar-ani-invalid-XMP.gif"}

# Strings known to sit in the inputs' metadata (checked to be in the input bytes first).
KNOWN_STRINGS: dict[str, list[bytes]] = {
    "Issue 525.jpg": [b"Hello world", b"SM-G965W", b"samsung", b"Adobe Photoshop"],
    "Apple iPhone 6.jpg": [b"iPhone 6", b"Apple"],
    "Nexus 4.jpg": [b"Nexus 4", b"LGE"],
    "DSCN0010.jpg": [b"COOLPIX P6000", b"NIKON"],
    "mat2-dirty.jpg": [b"Created with GIMP"],
    "Google.jpg": [b"Pixel 8 Pro", b"GCamera"],
    "apple_gainmap_new.jpg": [b"iPhone 13 mini", "Display P3".encode("utf-16-be")],
    "Panasonic Lumix DMC-LX7.jpg": [b"DMC-LX7", b"Panasonic"],
    "sugarshack.mpo": [b"Nintendo 3DS", b"MPF"],
    "BlueSquare.jpg": [b"Photoshop 3.0", b"8BIM"],
    "exif.png": [b"eXIf", b"tIME"],
    "exif_imagemagick.png": [b"Raw profile type exif", b"tIME"],
    "pug.heic": [b"iPhone 13 Pro", b"Apple"],
    "aux_YCbCr.heic": [b"samsung", b"hdrgainmap"],
    "exif-at-eof.heic": [b"iPhone 11 Pro"],
    "mat2-dirty.heic": ["GIMP built-in sRGB".encode("utf-16-be")],
    "multiple_comments.gif": [b"!\xfe"],
    "mat2-dirty.gif": [b"!\xfe"],
    "exiftool-GIF.gif": [b"XMP DataXMP", b"ICCRGBG1012", b"GraphicConverter", b"EOS DIGITAL REBEL"],
    "pbar-ani-invalid-XMP.gif": [b"XMP DataXMP"],
}


def test_manifest_matches_expectations():
    """Every corpus file has an expected outcome here (a new file must be classified)."""
    files = manifest_files()
    if not files:
        pytest.skip("no shared photo corpus")
    assert sorted(files) == sorted(EXPECTED), "update EXPECTED for the changed MANIFEST.json"


def test_corpus_is_what_the_manifest_says(photos_dir: Path):
    for entry in manifest_entries():
        path = photos_dir / entry["file"]
        assert path.stat().st_size == entry["bytes"], entry["file"]
        assert sha256(path) == entry["sha256"], entry["file"]


@pytest.mark.parametrize("name", list(EXPECTED))
def test_outcome(name: str, corpus_results: dict[str, CleanPhoto | PhotoRejected]):
    result = corpus_results[name]
    expected = EXPECTED[name]
    if expected == "clean":
        assert isinstance(result, CleanPhoto), f"{name} refused: {result!r}"
    else:
        assert isinstance(result, PhotoRejected), f"{name} was accepted"
        assert result.status_code == expected, result.message
        assert result.message and result.message[0].isupper() and result.message.rstrip().endswith(".")


def test_200mp_message_names_the_size(corpus_results):
    message = corpus_results["200MP.heic"].message
    assert "200 megapixels" in message and "50 megapixels" in message


def test_bombs_say_what_they_are(corpus_results):
    assert "decompression bomb" in corpus_results["png_decompression_dos.png"].message
    assert "megapixels" in corpus_results["decompression_bomb.gif"].message


@pytest.mark.parametrize("name", CLEAN)
def test_output_is_structurally_clean(name: str, corpus_results):
    clean = corpus_results[name]
    assert_structurally_clean(clean)
    out = open_output(clean)
    assert out.info.get("exif") is None and out.info.get("icc_profile") is None and "comment" not in out.info
    assert (out.width, out.height) == (clean.width, clean.height)
    assert max(out.size) <= MediaLimits().max_long_edge
    assert len(clean.data) <= MediaLimits().max_output_bytes


@pytest.mark.parametrize("name", CLEAN)
def test_output_has_no_metadata_strings_from_the_input(name: str, corpus_results, photos_dir: Path):
    source = (photos_dir / name).read_bytes()
    output = corpus_results[name].data
    for needle in KNOWN_STRINGS.get(name, []):
        assert needle in source, f"test data: {needle!r} is not in {name}"
        assert needle not in output, f"{needle!r} from {name}'s metadata survived"


def test_exiftool_sees_only_basics(exiftool: str, corpus_results, photos_dir: Path, tmp_path: Path):
    """exiftool -a -G1 -j on every output: only File/JFIF/PNG-header/Composite basics remain, and no
    string value from the input's metadata (as exiftool reads it) is in the output bytes."""
    outputs = {}
    for index, name in enumerate(CLEAN):
        clean = corpus_results[name]
        path = tmp_path / f"out{index:02d}.{'jpg' if clean.content_type == 'image/jpeg' else 'png'}"
        path.write_bytes(clean.data)
        outputs[name] = path
    seen = exiftool_json(exiftool, list(outputs.values()))
    inputs = exiftool_json(exiftool, [photos_dir / name for name in CLEAN])
    allowed_groups = {"SourceFile", "ExifTool", "System", "File", "JFIF", "Composite", "PNG"}
    allowed_png = {"ImageWidth", "ImageHeight", "BitDepth", "ColorType", "Compression", "Filter", "Interlace"}
    for name, path in outputs.items():
        tags = seen[path.name]
        groups = {key.split(":", 1)[0] for key in tags}
        assert groups <= allowed_groups, f"{name}: exiftool found {sorted(groups - allowed_groups)}: {tags}"
        png_tags = {key.split(":", 1)[1] for key in tags if key.startswith("PNG:")}
        assert png_tags <= allowed_png, f"{name}: {png_tags - allowed_png}"
        assert not any(key.startswith("File:Comment") or key.endswith("Warning") for key in tags), tags

        # strings that exiftool read from the input's metadata and that are literally in its bytes
        source = (photos_dir / name).read_bytes()
        output = path.read_bytes()
        for key, value in inputs[name].items():
            group = key.split(":", 1)[0]
            if group in allowed_groups or not isinstance(value, str) or len(value) < 6:
                continue
            needle = value.encode("utf-8", "ignore")
            if needle in source and not re.fullmatch(rb"[\d :.+-]+", needle):
                assert needle not in output, f"{name}: {key}={value!r} survived"


# --- upright ----------------------------------------------------------------------------------

DIHEDRAL = [None, *Image.Transpose]


def _variants(im: Image.Image):
    for op in DIHEDRAL:
        yield op, (im if op is None else im.transpose(op))


@pytest.mark.parametrize("n", range(9))
def test_landscape_f_images_come_out_upright(n: int, corpus_results):
    """Landscape_0..8 (EXIF orientation absent, 1..8) all display as Landscape_1 does; the identity
    must be the best of the eight flips/rotations of the output, by a wide margin."""
    reference = thumb(open_output(corpus_results["Landscape_1.jpg"]))
    out = open_output(corpus_results[f"Landscape_{n}.jpg"])
    assert out.size == (1800, 1200)
    scores = {}
    for op, variant in _variants(out):
        if variant.size == out.size:
            scores[op] = mean_abs_diff(thumb(variant), reference)
    best = min(scores, key=scores.get)
    assert best is None, f"Landscape_{n} needs {best} to match: {scores}"
    runner_up = min(v for k, v in scores.items() if k is not None)
    assert scores[None] < 12 and runner_up > 2 * scores[None], scores


def test_portrait_6_is_rotated_clockwise(photos_dir: Path, corpus_results):
    """Orientation 6: the stored pixels' top row is the picture's right side, so the upright picture
    is the stored one turned 90 degrees clockwise (EXIF 2.3, Orientation tag)."""
    with Image.open(photos_dir / "Portrait_6.jpg") as src:
        stored = src.convert("RGB")
    assert stored.size == (1800, 1200)
    upright = stored.rotate(-90, expand=True)  # clockwise
    out = open_output(corpus_results["Portrait_6.jpg"])
    assert out.size == (1200, 1800)
    assert mean_abs_diff(thumb(out, (40, 60)), thumb(upright, (40, 60))) < 3
    assert mean_abs_diff(thumb(out, (40, 60)), thumb(stored.rotate(90, expand=True), (40, 60))) > 10


@pytest.mark.parametrize("name", ["arrow.heic", "Issue 263 dotnet.heic", "exif-at-eof.heic"])
def test_heic_rotation_is_applied_exactly_once(name: str, photos_dir: Path, corpus_results):
    """These carry EXIF Orientation=6 and an irot box; libheif applies irot, and the pipeline must
    not rotate again from the EXIF."""
    out = open_output(corpus_results[name])
    assert out.height > out.width  # a portrait shot
    with Image.open(photos_dir / name) as src:
        decoded = src.convert("RGB")  # libheif's upright decode (P3 numbers, hence the tolerance)
    assert decoded.height > decoded.width
    right = mean_abs_diff(thumb(out, (30, 40)), thumb(decoded, (30, 40)))
    wrong = mean_abs_diff(thumb(out, (30, 40)), thumb(decoded.transpose(Image.Transpose.ROTATE_180), (30, 40)))
    assert right < 6 and wrong > 2 * right, (right, wrong)


def test_xmp_only_orientation_is_ignored(photos_dir: Path, corpus_results):
    """xmp_tags_orientation.png has only an XMP tiff:Orientation=3, which browsers ignore."""
    out = open_output(corpus_results["xmp_tags_orientation.png"])
    stored = _imagecms_reference(photos_dir / "xmp_tags_orientation.png", out.size)  # ColorMatch RGB
    assert out.size == stored.size == (326, 268)
    assert mean_abs_diff(thumb(out), thumb(stored)) < 3
    assert mean_abs_diff(thumb(out), thumb(stored.transpose(Image.Transpose.ROTATE_180))) > 10


# --- colour -----------------------------------------------------------------------------------

SRGB = ImageCms.createProfile("sRGB")


def _imagecms_reference(path: Path, size: tuple[int, int]) -> Image.Image:
    """Full-size decode, ImageCms from the embedded profile to sRGB, then resized."""
    with Image.open(path) as src:
        icc = src.info["icc_profile"]
        src.load()
        pixels = src if src.mode == "CMYK" else src.convert("RGB")
        reference = ImageCms.profileToProfile(pixels, ImageCms.ImageCmsProfile(io.BytesIO(icc)), SRGB, outputMode="RGB")
    return reference.resize(size, Image.Resampling.LANCZOS)


@pytest.mark.parametrize(
    "name",
    [
        "apple_gainmap_new.jpg",
        "pug.heic",
        "aux_YCbCr.heic",
        "flower2.webp",
        "Multiple ICC segments.jpg",
        "Issue 280 (dotnet).png",
        "xmp_tags_orientation.png",
    ],
)
def test_colours_match_an_imagecms_reference(name: str, photos_dir: Path, corpus_results):
    """Converted from the embedded profile (Display P3, DCI-P3, CMYK, ...) to sRGB, close to a
    straightforward full-size ImageCms conversion."""
    out = open_output(corpus_results[name])
    reference = _imagecms_reference(photos_dir / name, out.size)
    assert mean_abs_diff(thumb(out, (48, 48)), thumb(reference, (48, 48))) < 1.5


def test_p3_conversion_is_visible_on_saturated_colours(tmp_path: Path):
    """A synthetic Display P3 photo: the output matches ImageCms, and differs from taking the P3
    numbers as sRGB (so the test above would notice a missing conversion)."""
    from media_helpers import PHOTOS

    p3_path = PHOTOS / "apple_gainmap_new.jpg"
    if not p3_path.exists():
        pytest.skip("needs the shared Display P3 profile")
    with Image.open(p3_path) as src:
        p3 = src.info["icc_profile"]
    patches = [(200, 100, 50), (40, 180, 60), (60, 80, 200), (230, 200, 40), (128, 128, 128), (255, 40, 120)]
    im = Image.new("RGB", (64 * len(patches), 64))
    for i, colour in enumerate(patches):
        im.paste(colour, (64 * i, 0, 64 * (i + 1), 64))
    buf = io.BytesIO()
    im.save(buf, "PNG", icc_profile=p3)
    from app.media import sanitise_photo

    clean = sanitise_photo(buf.getvalue(), MediaLimits())
    out = open_output(clean)
    reference = ImageCms.profileToProfile(im, ImageCms.ImageCmsProfile(io.BytesIO(p3)), SRGB)
    shifted = 0
    for i, raw in enumerate(patches):
        centre = (64 * i + 32, 32)
        got, want = out.getpixel(centre), reference.getpixel(centre)
        assert max(abs(a - b) for a, b in zip(got, want, strict=True)) <= 3, (raw, got, want)
        shifted += max(abs(a - b) for a, b in zip(want, raw, strict=True)) >= 8
    assert shifted >= 3


def test_profile_for_another_colour_space_is_ignored(photos_dir: Path, corpus_results):
    """zTXt-raw-profiles carries a CMYK (FOGRA27) profile on RGB pixels: unusable, so the pixels are
    taken as sRGB, as browsers do."""
    with Image.open(photos_dir / "zTXt-raw-profiles-0839d93f.png") as src:
        assert src.info["icc_profile"][16:20] == b"CMYK" and src.mode == "RGB"
        stored = src.convert("RGB")
    out = open_output(corpus_results["zTXt-raw-profiles-0839d93f.png"])
    assert mean_abs_diff(thumb(out), thumb(stored)) < 1.5


def test_cmyk_without_profile_is_converted(photos_dir: Path, corpus_results):
    with Image.open(photos_dir / "pil_sample_cmyk.jpg") as src:
        expected = src.convert("RGB")
    out = open_output(corpus_results["pil_sample_cmyk.jpg"])
    assert out.mode == "RGB"
    assert mean_abs_diff(thumb(out, (25, 25)), thumb(expected, (25, 25))) < 3


# --- frames, notes, formats ---------------------------------------------------------------------


@pytest.mark.parametrize("name", CLEAN)
def test_notes_only_for_animations(name: str, corpus_results):
    notes = corpus_results[name].notes
    if name in ANIMATED:
        assert notes == ("Only the first frame of the animated GIF was kept.",)
    else:
        assert notes == ()


@pytest.mark.parametrize("name", ["sugarshack.mpo", "Panasonic Lumix DMC-LX7.jpg", "apple_gainmap_new.jpg"])
def test_multi_picture_files_keep_the_primary_image(name: str, photos_dir: Path, corpus_results):
    clean = corpus_results[name]
    with Image.open(photos_dir / name) as src:
        primary = src.convert("RGB")  # frame 0
    out = open_output(clean)
    assert clean.source_format == "JPEG"
    assert out.width / out.height == pytest.approx(primary.width / primary.height, rel=0.01)
    assert mean_abs_diff(thumb(out), thumb(primary)) < 4


def test_source_formats(corpus_results):
    assert corpus_results["pug.heic"].source_format == "HEIF"
    assert corpus_results["flower2.webp"].source_format == "WEBP"
    assert corpus_results["exif.png"].source_format == "PNG"
    assert corpus_results["mat2-dirty.gif"].source_format == "GIF"
    assert corpus_results["Landscape_1.jpg"].source_format == "JPEG"


def test_big_photos_are_capped_near_the_long_edge(corpus_results):
    for name in ("Issue 525.jpg", "pug.heic", "Apple iPhone 6.jpg", "Nikon Coolpix P7000.webp", "itxt_chunks.png"):
        clean = corpus_results[name]
        assert 0.9 * 2048 <= max(clean.width, clean.height) <= 2048, (name, clean.width, clean.height)
