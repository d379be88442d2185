"""On a phone: add a group photo, see its faces outlined and numbered, blur both (one by tap, one by keyboard),
the consent question goes away, post, and the Sandbox publishes the photo with both faces blurred. The phone's
own copy in the outbox was blurred before it was sent."""

from __future__ import annotations

import io
import json
import re

import numpy as np
import pytest
from PIL import Image, ImageFilter
from playwright.sync_api import expect

from app.media import MediaLimits, sanitise_photo
from tests.browser.conftest import app_of, screenshot, sign_in, wait_for_service_worker
from tests.conftest import SHARED
from tests.faces.helpers import correlation

pytestmark = pytest.mark.browser

GROUP = SHARED / "faces" / "intel_face-demographics-walking_f017.png"  # two people walking towards the camera


# What the outbox sends (by XMLHttpRequest, for its progress bar), seen from the page: Playwright gives no body
# for a multipart upload of a Blob.
RECORD_POSTS = """() => {
  const send = XMLHttpRequest.prototype.send;
  window.postedForms = [];
  XMLHttpRequest.prototype.send = function (body) {
    if (body instanceof FormData && body.get("photos")) {
      const record = { faces: body.get("faces"), blur: body.get("blur") };
      window.postedForms.push(record);
      body.get("photos").arrayBuffer().then((bytes) => { record.photo = [...new Uint8Array(bytes)]; });
    }
    return send.call(this, body);
  };
}"""


def faces_of(name: str) -> list[list[int]]:
    return next(a for a in json.loads((GROUP.parent / "annotations.json").read_text()) if a["file"] == name)["faces"]


def detail_kept(image: Image.Image, original: Image.Image, box) -> float:
    """How much of the original's fine detail (what makes a face recognisable) is still there: the correlation
    of the two images' high-pass parts inside `box`. About 0.9 for a clear face re-encoded as JPEG, about 0 for
    a blurred one."""
    def detail(im: Image.Image) -> np.ndarray:
        grey = im.convert("L")
        return np.asarray(grey, dtype=np.float64) - np.asarray(grey.filter(ImageFilter.GaussianBlur(2)), np.float64)

    x, y, w, h = box
    return correlation(detail(image)[y:y + h, x:x + w], detail(original)[y:y + h, x:x + w])


def test_blur_two_faces_on_a_phone_and_the_sandbox_shows_them_blurred(server, phone):
    page = phone.new_page()
    sign_in(page, server.url)
    page.evaluate(RECORD_POSTS)
    page.get_by_label("Photos", exact=True).set_input_files(GROUP)

    thumb = page.locator("#thumbs button.face-thumb")
    expect(thumb).to_contain_text("2 faces, 0 blurred", timeout=20000)
    consent = page.locator("#findings li.confirm", has_text="2 faces visible, 0 blurred")
    expect(consent).to_contain_text("Amelia K.")

    thumb.click()
    editor = page.get_by_role("dialog", name="Photo 1: faces")
    expect(editor).to_be_visible()
    expect(editor).to_contain_text("faces can be missed: tap anywhere else")  # the detector is not perfect
    first, second = editor.get_by_role("button", name="Blur face 1"), editor.get_by_role("button", name="Blur face 2")
    expect(first).to_have_attribute("aria-pressed", "false")
    first.tap()
    expect(first).to_have_attribute("aria-pressed", "true")
    expect(editor.get_by_role("status")).to_contain_text("Face 1 blurred. 2 faces, 1 blurred")
    second.focus()
    page.keyboard.press("Enter")  # the keyboard way: Tab to a face, Enter or Space
    expect(second).to_have_attribute("aria-pressed", "true")
    expect(editor.get_by_role("status")).to_contain_text("2 faces, 2 blurred")
    screenshot(page, "faces-editor-phone.png")
    editor.get_by_role("button", name="Done").click()
    expect(editor).to_be_hidden()
    expect(thumb).to_contain_text("2 faces, 2 blurred")

    page.get_by_label("Description of photo 1").fill("Two walkers on a path, faces blurred")
    page.get_by_label("Caption").fill("A walk around the lake this afternoon.")
    expect(page.locator("#findings li", has_text="faces visible")).to_have_count(0)  # every face blurred: not asked
    post = page.get_by_role("button", name="Post", exact=True)
    expect(post).to_be_enabled(timeout=10000)
    post.click()
    expect(page.locator('#outbox li[data-state="accepted"]').get_by_text("Published", exact=True)).to_be_visible(
        timeout=30000)

    original = Image.open(GROUP)
    faces = faces_of(GROUP.name)
    (sent,) = page.evaluate("() => window.postedForms")
    assert json.loads(sent["faces"]) == [{"found": 2, "blurred": 2}]
    assert len(json.loads(sent["blur"])[0]) == 2
    uploaded = Image.open(io.BytesIO(bytes(sent["photo"])))
    assert all(detail_kept(uploaded, original, face) < 0.4 for face in faces)  # burnt in on the phone already

    feed = page.request.get(f"{server.url}/api/sandbox/posts").json()
    published = Image.open(io.BytesIO(page.request.get(f"{server.url}{feed[0]['media'][0]}").body()))
    assert published.size == original.size
    assert all(detail_kept(published, original, face) < 0.4 for face in faces)
    assert detail_kept(published, original, (0, 200, 480, 70)) > 0.7  # the path at the bottom is untouched
    page.goto(f"{server.url}/sandbox")
    expect(page.locator(".feed img").first).to_have_attribute("alt", "Two walkers on a path, faces blurred")
    screenshot(page, "faces-sandbox-phone.png")


def test_with_no_signal_a_tapped_spot_is_blurred_and_faces_are_looked_for_when_signal_returns(server, phone):
    page = phone.new_page()
    sign_in(page, server.url)
    wait_for_service_worker(page)  # the face editor comes from the service worker's cache with no signal
    phone.set_offline(True)
    page.get_by_label("Photos", exact=True).set_input_files(GROUP)
    thumb = page.locator("#thumbs button.face-thumb")
    expect(thumb).to_contain_text("Faces not checked (no signal)", timeout=20000)

    thumb.click()
    editor = page.get_by_role("dialog", name="Photo 1: faces")
    editor.locator("img").tap(position={"x": 20, "y": 20})
    spot = editor.get_by_role("button", name="Blurred spot 1: remove the blur")
    expect(spot).to_be_visible()
    expect(editor.get_by_role("status")).to_contain_text("Spot blurred")
    editor.get_by_role("button", name="Done").click()
    expect(thumb).to_contain_text("1 spot blurred")

    phone.set_offline(False)
    page.evaluate("() => dispatchEvent(new Event('online'))")
    expect(thumb).to_contain_text("2 faces, 0 blurred, 1 spot blurred", timeout=20000)


def test_on_the_offline_page_a_tapped_face_is_burnt_into_the_photo_before_it_waits(server, phone):
    """A cold start with no signal (the offline page, signed out): the teacher can still blur a face by hand, the
    copy saved on the phone is already blurred, and it goes out blurred when signal returns."""
    page = phone.new_page()
    sign_in(page, server.url)
    wait_for_service_worker(page)
    page.close()
    phone.set_offline(True)
    page = phone.new_page()
    page.goto(f"{server.url}/")
    expect(page.get_by_role("heading", name="No signal right now")).to_be_visible()
    page.get_by_label("Photos", exact=True).set_input_files(GROUP)
    thumb = page.locator("#later-thumbs button.face-thumb")
    expect(thumb).to_contain_text("Faces not checked (no signal)", timeout=20000)

    thumb.click()
    editor = page.get_by_role("dialog", name="Photo 1: faces")
    image = editor.locator("img")
    shown = image.bounding_box()
    original = Image.open(GROUP)
    x, y, w, h = faces_of(GROUP.name)[0]
    scale = shown["width"] / original.width
    image.tap(position={"x": (x + w / 2) * scale, "y": (y + h / 2) * scale})
    expect(editor.get_by_role("button", name="Blurred spot 1: remove the blur")).to_be_visible()
    editor.get_by_role("button", name="Done").click()
    expect(thumb).to_contain_text("1 spot blurred")

    page.get_by_label("Description of photo 1").fill("Two walkers on a path")
    page.get_by_label("Caption").fill("A walk around the lake this afternoon.")
    page.get_by_label("consent", exact=False).check()
    page.get_by_role("button", name="Save to send later").click()
    expect(page.locator("#later-status")).to_contain_text("Saved on this phone")
    [entry] = page.evaluate("""async () => (await self.TripcastOutbox.all()).map((e) => ({blur: e.blur,
      faces: e.faces, photo: [...new Uint8Array(e.photos[0].bytes)]}))""")
    assert len(entry["blur"]) == 1 and len(entry["blur"][0]) == 1 and entry["faces"] == [None]
    waiting = Image.open(io.BytesIO(bytes(entry["photo"])))
    assert detail_kept(waiting, original, (x, y, w, h)) < 0.4  # the clear face never waits on the phone

    phone.set_offline(False)  # the offline page goes back to compose by itself, which sends the outbox
    expect(page.locator("#compose")).to_be_visible(timeout=20000)
    expect(page.locator('#outbox li[data-state="accepted"]').get_by_text("Published", exact=True)).to_be_visible(
        timeout=30000)
    feed = page.request.get(f"{server.url}/api/sandbox/posts").json()
    published = Image.open(io.BytesIO(page.request.get(f"{server.url}{feed[0]['media'][0]}").body()))
    assert detail_kept(published, original, (x, y, w, h)) < 0.4
    assert detail_kept(published, original, (0, 200, 480, 70)) > 0.7


def test_a_heic_the_browser_cannot_open_is_blurred_by_the_server(server, desktop):
    """Chrome cannot decode HEIC: the face editor works on the server's preview, the post is still saved (the
    phone cannot burn the blur in itself), and the server burns the tapped spot into what is published."""
    heic = SHARED / "photos" / "pug.heic"
    page = desktop.new_page()
    sign_in(page, server.url)
    page.get_by_label("Photos", exact=True).set_input_files(heic)
    thumb = page.locator("#thumbs button.face-thumb")
    expect(thumb).to_be_visible(timeout=20000)
    expect(thumb).not_to_contain_text("Looking for faces", timeout=20000)
    thumb.click()
    editor = page.get_by_role("dialog", name="Photo 1: faces")
    image = editor.locator("img")
    shown = image.bounding_box()
    image.click(position={"x": shown["width"] / 2, "y": shown["height"] / 2})
    expect(editor.get_by_role("button", name="Blurred spot 1: remove the blur")).to_be_visible()
    editor.get_by_role("button", name="Done").click()

    page.get_by_label("Description of photo 1").fill("A pug on a picnic blanket")
    page.get_by_label("Caption").fill("Picnic lunch in the sunshine.")
    consent = page.locator("#findings li.confirm input")
    for index in range(consent.count()):
        consent.nth(index).check()
    post = page.get_by_role("button", name="Post", exact=True)
    expect(post).to_be_enabled(timeout=10000)
    post.click()
    expect(page.locator('#outbox li[data-state="accepted"]')).to_have_count(1, timeout=30000)

    feed = page.request.get(f"{server.url}/api/sandbox/posts").json()
    published = Image.open(io.BytesIO(page.request.get(f"{server.url}{feed[0]['media'][0]}").body()))
    clear = Image.open(io.BytesIO(sanitise_photo(heic.read_bytes(), MediaLimits.from_settings(app_of(server).state
                                                                                      .settings)).data))
    assert clear.size == published.size  # the same photo through the same pipeline, with no blur
    w, h = published.size
    middle = (int(w * 0.46), int(h * 0.46), int(w * 0.08), int(h * 0.08))
    assert detail_kept(published, clear, middle) < 0.4
    assert detail_kept(published, clear, (0, 0, w, int(h * 0.3))) > 0.8  # the top of the photo is untouched


def test_the_blur_comes_back_with_the_draft_after_a_reload(server, phone):
    """iOS may reload the app while the teacher is away: the faces found, the blurred face and the tapped spot
    come back with the draft, and what is published is blurred as she left it."""
    page = phone.new_page()
    sign_in(page, server.url)
    page.get_by_label("Photos", exact=True).set_input_files(GROUP)
    thumb = page.locator("#thumbs button.face-thumb")
    expect(thumb).to_contain_text("2 faces, 0 blurred", timeout=20000)
    thumb.click()
    editor = page.get_by_role("dialog", name="Photo 1: faces")
    editor.get_by_role("button", name="Blur face 1").tap()
    editor.locator("img").tap(position={"x": 10, "y": 10})
    expect(editor.get_by_role("status")).to_contain_text("2 faces, 1 blurred, 1 spot blurred")
    editor.get_by_role("button", name="Done").click()
    page.get_by_label("Caption").fill("A walk around the lake this afternoon.")
    page.wait_for_timeout(1000)  # the draft is saved 400 ms after the last change

    page.reload()
    thumb = page.locator("#thumbs button.face-thumb")
    expect(thumb).to_contain_text("2 faces, 1 blurred, 1 spot blurred", timeout=20000)
    thumb.click()
    editor = page.get_by_role("dialog", name="Photo 1: faces")
    expect(editor.get_by_role("button", name="Blur face 1")).to_have_attribute("aria-pressed", "true")
    expect(editor.get_by_role("button", name="Blur face 2")).to_have_attribute("aria-pressed", "false")
    editor.get_by_role("button", name="Done").click()

    page.get_by_label("Description of photo 1").fill("Two walkers on a path")
    page.get_by_label(re.compile("consent", re.I)).check()
    post = page.get_by_role("button", name="Post", exact=True)
    expect(post).to_be_enabled(timeout=10000)
    post.click()
    expect(page.locator('#outbox li[data-state="accepted"]').get_by_text("Published", exact=True)).to_be_visible(
        timeout=30000)
    original = Image.open(GROUP)
    feed = page.request.get(f"{server.url}/api/sandbox/posts").json()
    published = Image.open(io.BytesIO(page.request.get(f"{server.url}{feed[0]['media'][0]}").body()))
    kept = sorted(detail_kept(published, original, face) for face in faces_of(GROUP.name))
    assert kept[0] < 0.4 and kept[1] > 0.7  # one face blurred, the other clear, as she left them
