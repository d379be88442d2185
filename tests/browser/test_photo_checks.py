"""Photos on the device: a file cut short is refused, not "repaired" into a white image; a HEIC the browser
cannot open is previewed by the server (POST /api/preview) and uploaded for it to convert; a photo the server would
refuse is refused when it is added; photos over the limit are named; focus after Remove."""

from __future__ import annotations

import base64
import re

from playwright.sync_api import expect

from tests.browser.conftest import PHOTOS, sign_in

COMPLETE_JS = """async (files) => {
  const { complete } = await import("/static/js/photos.js");
  const out = {};
  for (const [name, b64] of Object.entries(files)) {
    out[name] = complete(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
  }
  return out;
}"""


def test_completeness_check_on_the_shared_photos(server, desktop):
    page = desktop.new_page()
    page.goto(f"{server.url}/login")
    kinds = (".jpg", ".jpeg", ".mpo", ".png")
    files = {p.name: p.read_bytes() for p in sorted(PHOTOS.iterdir()) if p.suffix.lower() in kinds}
    files["half of Landscape_1.jpg"] = files["Landscape_1.jpg"][: len(files["Landscape_1.jpg"]) // 2]
    files["padded.jpg"] = files["Landscape_1.jpg"] + b"\0" * 300
    files["cut.png"] = files["exif.png"][:-20]
    result = page.evaluate(COMPLETE_JS, {name: base64.b64encode(data).decode() for name, data in files.items()})
    incomplete = sorted(name for name, ok in result.items() if not ok)
    # Gain maps, MPO frames and the LX7's trailer after the EOI are fine; only files cut short are not.
    assert incomplete == ["cut.png", "half of Landscape_1.jpg", "ultrahdr.jpg"], result


def test_damaged_photos_are_refused_in_the_ui(server, desktop):
    page = desktop.new_page()
    sign_in(page, server.url)
    chooser = page.get_by_label("Photos", exact=True)
    message = page.locator("#photo-message")
    chooser.set_input_files(PHOTOS / "ultrahdr.jpg")
    expect(message).to_have_text("“ultrahdr.jpg” looks damaged or incomplete. Choose another photo.")
    chooser.set_input_files(PHOTOS / "png_decompression_dos.png")  # decodes to a 1×1 image
    expect(message).to_have_text("“png_decompression_dos.png” looks damaged or incomplete. Choose another photo.")
    expect(page.locator("#thumbs li")).to_have_count(0)
    chooser.set_input_files(PHOTOS / "apple_gainmap_new.jpg")
    expect(message).to_have_text("Photo 1 added.")
    expect(page.locator("#thumbs img")).to_have_count(1)


def test_heic_the_browser_cannot_open_is_previewed_by_the_server_and_sent_for_it_to_convert(server, desktop):
    page = desktop.new_page()
    sign_in(page, server.url)
    page.get_by_label("Photos", exact=True).set_input_files(PHOTOS / "pug.heic")
    expect(page.locator("#photo-message")).to_have_text("Photo 1 added. Preview made by the school's server.")
    preview = page.get_by_role("img", name="Photo 1", exact=True)
    expect(preview).to_be_visible()
    width, height = preview.evaluate("img => img.decode().then(() => [img.naturalWidth, img.naturalHeight])")
    assert 0 < max(width, height) <= 480, (width, height)  # a small preview, not the photo itself
    page.get_by_label("Description of photo 1").fill("A pug on a picnic blanket")
    page.get_by_label("Caption").fill("Picnic lunch in the sunshine.")
    page.get_by_label(re.compile("consent", re.I)).check()
    page.get_by_role("button", name="Post", exact=True).click()
    expect(page.locator('#outbox li[data-state="accepted"]')).to_have_count(1, timeout=30000)
    expect(page.locator("#post-status")).to_have_text(re.compile("Sent ✓|Queued on this computer ✓"))
    expect(page.locator("#why-disabled")).to_have_class(re.compile(r"\bidle\b"))
    [post] = page.request.get(f"{server.url}/api/posts").json()["posts"]
    assert post["photo_count"] == 1  # the original HEIC went, for the server to convert


def test_a_photo_the_server_would_refuse_is_refused_when_added(server, desktop):
    page = desktop.new_page()
    sign_in(page, server.url)
    page.get_by_label("Photos", exact=True).set_input_files(PHOTOS / "200MP.heic")
    expect(page.locator("#photo-message")).to_contain_text("This photo is 200 megapixels; the limit is 50 megapixels.")
    expect(page.locator("#thumbs li")).to_have_count(0)
    expect(page.locator("#photo-count")).to_have_text("(0 of 4)")


def test_heic_with_no_signal_waits_for_the_server_to_convert_it(server, desktop):
    page = desktop.new_page()
    sign_in(page, server.url)
    desktop.set_offline(True)
    page.get_by_label("Photos", exact=True).set_input_files(PHOTOS / "pug.heic")
    expect(page.locator("#photo-message")).to_contain_text(
        "This browser can't preview HEIC photos; the school's server will convert it.")
    expect(page.locator("#thumbs .no-preview")).to_contain_text("pug.heic")


def test_photos_over_the_limit_are_named_and_focus_follows_remove(server, desktop):
    page = desktop.new_page()
    sign_in(page, server.url)
    names = [f"Landscape_{n}.jpg" for n in range(1, 6)]
    page.get_by_label("Photos", exact=True).set_input_files([PHOTOS / n for n in names])
    expect(page.locator("#thumbs img")).to_have_count(4, timeout=20000)
    message = page.locator("#photo-message")
    expect(message).to_contain_text("Photo 4 added.")
    expect(message).to_contain_text("Only 4 more photos fit in one post; left out: “Landscape_5.jpg”.")
    page.get_by_role("button", name="Remove photo 2").click()
    expect(page.get_by_role("button", name="Remove photo 2")).to_be_focused()  # the next photo's, renumbered
    for _ in range(3):
        page.get_by_role("button", name="Remove photo 1").click()
    expect(page.locator("#photos")).to_be_focused()
