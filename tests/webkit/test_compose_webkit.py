"""The teacher's path in WebKit (the engine of every iPhone browser), as tests/browser/test_compose_flow.py does in
Chromium: sign in, the service worker takes control, two real photos made smaller on the device and upright, a
child's name refused live, fixed, posted, published once on the Sandbox, and no photo bytes left in IndexedDB."""

from __future__ import annotations

import base64
import io

from PIL import Image, ImageChops, ImageOps

from tests.webkit.conftest import PHOTOS, app_of, screenshot, sign_in, wait_for_service_worker

SIDEWAYS_LANDSCAPE = PHOTOS / "Landscape_6.jpg"  # stored 1200×1800 with EXIF orientation 6: upright 1800×1200
SIDEWAYS_PORTRAIT = PHOTOS / "Portrait_6.jpg"    # stored 1800×1200 with EXIF orientation 6: upright 1200×1800

# What IndexedDB itself holds (not through the app's store): the stored type of each photo's bytes.
RAW_OUTBOX_JS = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open("tripcast");
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const request = open.result.transaction("outbox").objectStore("outbox").getAll();
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      resolve(request.result.map((e) => ({ state: e.state, removed: !!e.photosRemoved, photos: (e.photos || []).map(
        (p) => ({ kind: Object.prototype.toString.call(p.bytes), size: p.bytes.byteLength, type: p.type })) })));
      open.result.close();
    };
  };
})"""


def upright_turn(published: Image.Image, original: Image.Image) -> int:
    """Which quarter turn of the upright original the published photo looks like (0: as a person sees it)."""
    upright = ImageOps.exif_transpose(original).convert("L")
    small = published.convert("L")

    def difference(turn: int) -> float:
        turned = upright.rotate(90 * turn, expand=True).resize((48, 48))
        histogram = ImageChops.difference(turned, small.resize((48, 48))).histogram()
        return sum(value * count for value, count in enumerate(histogram)) / (48 * 48)

    return min(range(4), key=difference)


def test_post_with_photos_from_an_iphone_engine(server, phone):
    page = phone
    sign_in(page, server.url)
    wait_for_service_worker(page)
    assert page.evaluate("async () => (await navigator.serviceWorker.getRegistration()).active.state") == "activated"

    page.set_input_files("Photos", SIDEWAYS_LANDSCAPE)
    page.expect_count("#thumbs img", 1)
    page.set_input_files("Photos", SIDEWAYS_PORTRAIT)
    page.expect_count("#thumbs img", 2)
    # The previews are the downscaled JPEGs, drawn upright on the device.
    sizes = page.poll("""() => {
      const images = [...document.querySelectorAll("#thumbs img")];
      return images.every((i) => i.complete && i.naturalWidth) && images.map((i) => [i.naturalWidth, i.naturalHeight]);
    }""")
    assert sizes == [[1800, 1200], [1200, 1800]]

    page.fill("Caption", "Amelia Khan loved the climbing wall at Robinwood today!")
    page.expect_text("#highlights mark", "Amelia")
    page.wait(lambda: page.all("#findings li.block"), "the refusal")
    page.expect_text("#why-disabled", "Can't post yet")
    assert not page.button("Post").is_enabled()
    screenshot(page, "compose-phone-finding.png")

    page.fill("Caption", "Year 6 loved the climbing wall at Robinwood today!")
    page.expect_count("#highlights mark", 0)
    page.fill("Description of photo 1", "Children climbing an indoor wall, seen from behind")
    page.fill("Description of photo 2", "The climbing wall from the bottom, nobody on it")
    page.expect_text("#findings .pupils", "Amelia K.")  # no photo consent: named so the teacher can check
    page.check(pattern="consent")
    page.expect_text("#why-disabled", "")
    screenshot(page, "compose-phone.png")
    page.click("Post")

    page.expect_count('#outbox li[data-state="accepted"]', 1, timeout=30)
    page.expect_text('#outbox li[data-state="accepted"]', "Photos removed from this ")
    page.expect_text('#outbox li[data-state="accepted"] .badge', "Published", timeout=30)
    [stored] = page.evaluate(RAW_OUTBOX_JS)
    assert stored == {"state": "accepted", "removed": True, "photos": []}

    feed = page.fetch_json("/api/sandbox/posts")
    assert len(feed) == 1 and feed[0]["text"].startswith("Year 6 loved") and len(feed[0]["media"]) == 2
    assert feed[0]["alt_texts"][0] == "Children climbing an indoor wall, seen from behind"
    media = app_of(server).state.channels["sandbox"].media_dir
    for url, original, size in zip(feed[0]["media"], (SIDEWAYS_LANDSCAPE, SIDEWAYS_PORTRAIT),
                                   ((1800, 1200), (1200, 1800)), strict=True):
        with Image.open(media / url.rsplit("/", 1)[1]) as published:
            assert published.size == size, url
            assert published.getexif().get(0x0112, 1) == 1, "no orientation left for a viewer to apply"
            with Image.open(original) as source:
                assert upright_turn(published, source) == 0, f"{original.name} was published turned"

    page.goto(f"{server.url}/sandbox")
    page.expect_text("main", "Year 6 loved the climbing wall")
    shown = page.poll("""() => {
      const image = document.querySelector(".feed img");
      return image && image.complete && image.naturalWidth && [image.alt, image.naturalWidth > image.naturalHeight];
    }""")
    assert shown == ["Children climbing an indoor wall, seen from behind", True]


def test_heic_that_webkitgtk_cannot_open_is_previewed_by_the_server(server, phone):
    """Safari on an iPhone decodes HEIC; WebKitGTK does not, so this is the path of a browser that can't: the
    school's server makes a small preview (so faces can be checked) and converts the original when it is sent."""
    page = phone
    sign_in(page, server.url)
    page.set_input_files("Photos", PHOTOS / "pug.heic")
    page.expect_text("#photo-message", "Preview made by the school's server.")
    size = page.poll("""() => {
      const image = document.querySelector("#thumbs img");
      return image && image.complete && image.naturalWidth && Math.max(image.naturalWidth, image.naturalHeight);
    }""")
    assert 0 < size <= 480


# Phone and camera photos of every kind WebKit decodes (JPEG with EXIF orientations, an iPhone's, a gain map,
# CMYK, MPO, 16-bit PNG, PNG with EXIF), and a 24 MP one: made smaller on the device to what Pillow says is
# upright, long edge at most 2048. (WebP's EXIF orientation is left out: no browser applies it.)
CORPUS = ["Apple iPhone 6.jpg", "Nexus 4.jpg", "Portrait_6.jpg", "Landscape_3.jpg", "Landscape_8.jpg",
          "apple_gainmap_new.jpg", "pil_sample_cmyk.jpg", "sugarshack.mpo", "RGB_16__128x128.png", "exif.png"]
DOWNSCALE_JS = """async ([name, b64]) => {
  const { downscale } = await import("/static/js/photos.js");
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const small = await downscale(new File([bytes], name), 2048);
  return [small.width, small.height, small.blob.type];
}"""


def upright_size(data: bytes, longest: int = 2048) -> list[int]:
    with Image.open(io.BytesIO(data)) as image:
        width, height = ImageOps.exif_transpose(image).size
    scale = min(1, longest / max(width, height))
    return [max(1, round(width * scale)), max(1, round(height * scale))]


def test_photos_are_made_smaller_and_upright_in_webkit(server, phone):
    page = phone
    sign_in(page, server.url)
    big = io.BytesIO()
    Image.new("RGB", (6000, 4000), (30, 120, 90)).save(big, "JPEG", quality=90)
    photos = {name: (PHOTOS / name).read_bytes() for name in CORPUS} | {"24mp.jpg": big.getvalue()}
    got = {name: page.evaluate(DOWNSCALE_JS, [name, base64.b64encode(data).decode()]) for name, data in photos.items()}
    want = {name: [*upright_size(data), "image/jpeg"] for name, data in photos.items()}
    assert got == want
    assert want["24mp.jpg"][:2] == [2048, 1365] and want["Nexus 4.jpg"][0] < want["Nexus 4.jpg"][1]
