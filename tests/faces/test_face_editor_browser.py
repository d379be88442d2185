"""On a phone: add a group photo, see its faces outlined and numbered, blur both (one by tap, one by keyboard),
the consent question goes away, post, and the Sandbox publishes the photo with both faces blurred. The phone's
own copy in the outbox was blurred before it was sent."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in
from tests.conftest import SHARED

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


def difference_at(image: Image.Image, original: Image.Image, box) -> float:
    x, y, w, h = box
    a = np.asarray(image.convert("RGB").crop((x, y, x + w, y + h)), dtype=np.float64)
    b = np.asarray(original.convert("RGB").crop((x, y, x + w, y + h)), dtype=np.float64)
    return float(np.abs(a - b).mean())


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
    assert all(difference_at(uploaded, original, face) > 12 for face in faces)  # burnt in on the phone already

    feed = page.request.get(f"{server.url}/api/sandbox/posts").json()
    published = Image.open(io.BytesIO(page.request.get(f"{server.url}{feed[0]['media'][0]}").body()))
    assert published.size == original.size
    assert all(difference_at(published, original, face) > 12 for face in faces)
    assert difference_at(published, original, (0, 200, 480, 70)) < 6  # the path at the bottom is untouched
    page.goto(f"{server.url}/sandbox")
    expect(page.locator(".feed img").first).to_have_attribute("alt", "Two walkers on a path, faces blurred")
    screenshot(page, "faces-sandbox-phone.png")
