"""Property tests: random photos carrying a random marker string in their EXIF, XMP, comments or
PNG text never yield an output containing that marker; random bytes never escape as a 500."""

from __future__ import annotations

import io
import struct
import zlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from media_helpers import assert_structurally_clean
from PIL import Image, PngImagePlugin, TiffImagePlugin

from app.media import CleanPhoto, MediaLimits, PhotoRejected, sanitise_photo

LIMITS = MediaLimits()
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

markers = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ23456789", min_size=10, max_size=24).map(lambda s: f"TCM{s}")
sizes = st.tuples(st.integers(1, 80), st.integers(1, 80))
modes = st.sampled_from(["RGB", "RGBA", "L", "P"])
places = st.sets(
    st.sampled_from(["exif_description", "exif_artist", "exif_usercomment", "exif_gps", "xmp", "comment", "icc_desc"]),
    min_size=1,
)


@st.composite
def images(draw) -> Image.Image:
    width, height = draw(sizes)
    mode = draw(modes)
    seed = draw(st.binary(min_size=3, max_size=3))
    im = Image.effect_noise((width, height), 30 + seed[0] % 60).convert("RGB")
    im = Image.blend(im, Image.new("RGB", (width, height), tuple(seed)), 0.5)
    if mode == "RGBA":
        im = im.convert("RGBA")
        im.putalpha(Image.linear_gradient("L").resize((width, height)))
    elif mode in ("L", "P"):
        im = im.convert(mode)
    return im


def _exif(marker: str, where: set[str]) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 1
    if "exif_description" in where:
        exif[0x010E] = marker  # ImageDescription
    if "exif_artist" in where:
        exif[0x013B] = marker  # Artist
    if "exif_usercomment" in where:
        exif.get_ifd(0x8769)[0x9286] = b"ASCII\x00\x00\x00" + marker.encode()  # UserComment
    if "exif_gps" in where:
        gps = exif.get_ifd(0x8825)
        gps[1] = "N"
        gps[2] = (TiffImagePlugin.IFDRational(51), TiffImagePlugin.IFDRational(30), TiffImagePlugin.IFDRational(0))
        gps[0x1B] = b"ASCII\x00\x00\x00" + marker.encode()  # GPSProcessingMethod
    exif[0x0131] = marker  # Software, always
    return exif.tobytes()


def _xmp(marker: str) -> bytes:
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="{marker}"/>'
        '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode()


def _icc_with(marker: str) -> bytes:
    """An sRGB profile whose description is the marker."""
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    raw = bytearray(profile.tobytes())
    # append a private tag holding the marker (profiles may carry any extra tags)
    count = struct.unpack(">I", raw[128:132])[0]
    payload = b"text\x00\x00\x00\x00" + marker.encode() + b"\x00"
    offset = len(raw) + 12  # after the new tag table entry is inserted
    entry = b"mrkr" + struct.pack(">II", offset, len(payload))
    raw[128:132] = struct.pack(">I", count + 1)
    raw[132 + 12 * count : 132 + 12 * count] = entry
    # shift every other tag's offset by the 12 inserted bytes
    for i in range(count):
        at = 132 + 12 * i + 4
        raw[at : at + 4] = struct.pack(">I", struct.unpack(">I", raw[at : at + 4])[0] + 12)
    raw += payload
    raw[0:4] = struct.pack(">I", len(raw))
    return bytes(raw)


def _encode(im: Image.Image, fmt: str, marker: str, where: set[str]) -> bytes:
    buf = io.BytesIO()
    exif = _exif(marker, where)
    xmp = _xmp(marker)
    icc = _icc_with(marker) if "icc_desc" in where and im.mode in ("RGB", "RGBA") else None
    if fmt == "JPEG":
        im = im.convert("RGB") if im.mode not in ("RGB", "L") else im
        im.save(buf, "JPEG", quality=90, exif=exif, xmp=xmp, comment=marker.encode(), icc_profile=icc)
    elif fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", marker)
        info.add_text("Author", marker, zip=True)
        info.add_itxt("XML:com.adobe.xmp", xmp.decode(), zip=False)
        info.add_itxt("Description", marker, lang="en", tkey="Description", zip=True)
        im.save(buf, "PNG", pnginfo=info, exif=exif, icc_profile=icc)
    elif fmt == "WEBP":
        im = im.convert("RGBA" if im.mode in ("RGBA", "P") else "RGB")
        im.save(buf, "WEBP", quality=90, exif=exif, xmp=xmp, icc_profile=icc)
    elif fmt == "GIF":
        im.convert("P").save(buf, "GIF", comment=marker.encode())
    return buf.getvalue()


def _assert_marker_gone(clean: CleanPhoto, marker: str) -> None:
    assert_structurally_clean(clean)
    for form in (marker.encode(), marker.encode("utf-16-be"), marker.encode("utf-16-le"), marker.lower().encode()):
        assert form not in clean.data


@SETTINGS
@given(im=images(), fmt=st.sampled_from(["JPEG", "PNG", "WEBP", "GIF"]), marker=markers, where=places)
def test_marker_in_metadata_never_reaches_the_output(im, fmt, marker, where):
    data = _encode(im, fmt, marker, where)
    assert marker.encode() in data or fmt in ("PNG",) or "icc_desc" in where  # zTXt hides it; fine
    clean = sanitise_photo(data, LIMITS)
    _assert_marker_gone(clean, marker)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(size=st.tuples(st.integers(8, 64), st.integers(8, 64)), marker=markers)
def test_marker_in_heic_metadata_never_reaches_the_output(size, marker):
    import pillow_heif

    im = Image.effect_noise(size, 50).convert("RGB")
    buf = io.BytesIO()
    pillow_heif.from_pillow(im).save(buf, quality=70, exif=_exif(marker, {"exif_description"}), xmp=_xmp(marker))
    assert marker.encode() in buf.getvalue()
    _assert_marker_gone(sanitise_photo(buf.getvalue(), LIMITS), marker)


def _png_with_raw_chunks(marker: str) -> bytes:
    """Hand-made chunks Pillow's writer wouldn't produce: tIME, eXIf after IDAT, a private chunk."""
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 20, 30)).save(buf, "PNG")
    png = buf.getvalue()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    exif = b"MM\x00*\x00\x00\x00\x08\x00\x01\x01\x0e\x00\x02" + struct.pack(">II", len(marker) + 1, 26)
    exif += b"\x00\x00\x00\x00" + marker.encode() + b"\x00"
    iend = png.rindex(b"IEND") - 4
    return (
        png[:33]
        + chunk(b"tIME", b"\x07\xe8\x01\x02\x03\x04\x05")
        + chunk(b"prVt", marker.encode())
        + png[33:iend]
        + chunk(b"eXIf", exif)
        + chunk(b"tEXt", b"Comment\x00" + marker.encode())
        + png[iend:]
    )


@SETTINGS
@given(marker=markers)
def test_hand_made_png_chunks(marker):
    data = _png_with_raw_chunks(marker)
    assert marker.encode() in data
    _assert_marker_gone(sanitise_photo(data, LIMITS), marker)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    fmt=st.sampled_from(["JPEG", "PNG", "WEBP", "GIF"]),
    edits=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=12),
    cut=st.one_of(st.none(), st.integers(0, 10**6)),
)
def test_mangled_files_are_accepted_or_refused_never_crash(fmt, edits, cut):
    """Flip bytes in (and cut) valid files: the pipeline returns a clean photo or a PhotoRejected
    with a 4xx status; no other exception escapes."""
    buf = io.BytesIO()
    Image.effect_noise((48, 32), 40).convert("RGB").save(buf, fmt)
    data = bytearray(buf.getvalue())
    for position, value in edits:
        data[position % len(data)] = value
    if cut is not None:
        data = data[: max(1, cut % (len(data) + 1))]
    try:
        clean = sanitise_photo(bytes(data), LIMITS)
    except PhotoRejected as error:
        assert error.status_code in (413, 415, 422), error
        assert error.message
    else:
        assert_structurally_clean(clean)


@settings(max_examples=100, deadline=None)
@given(data=st.binary(min_size=0, max_size=2048))
def test_random_bytes_are_refused_cleanly(data):
    try:
        sanitise_photo(data, LIMITS)
    except PhotoRejected as error:
        assert error.status_code in (413, 415, 422)
