"""Compose at a desk: two columns, photos by drag and drop or paste, and a keyboard path through the form."""

from __future__ import annotations

import base64

from playwright.sync_api import expect

from tests.browser.conftest import PHOTOS, sign_in

PHOTO = PHOTOS / "Landscape_1.jpg"

MAKE_TRANSFER_JS = """([b64, name]) => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name, { type: "image/jpeg" }));
  return transfer;
}"""


def photo_transfer(page, name: str):
    return page.evaluate_handle(MAKE_TRANSFER_JS, [base64.b64encode(PHOTO.read_bytes()).decode(), name])


def expect_photo(page, number: int) -> None:
    expect(page.locator("#thumbs img")).to_have_count(number, timeout=15000)
    image = page.get_by_role("img", name=f"Photo {number}", exact=True)
    expect(image).to_be_visible()
    assert image.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    description = page.get_by_label(f"Description of photo {number}")
    expect(description).to_be_editable()
    description.fill(f"Description {number}")
    expect(page.get_by_role("button", name=f"Remove photo {number}")).to_be_visible()
    expect(page.locator("#photo-count")).to_have_text(f"({number} of 4)")


def test_drag_and_drop_and_paste_add_photos(server, desktop):
    page = desktop.new_page()
    sign_in(page, server.url)
    main = page.locator(".compose-main").bounding_box()
    side = page.locator(".compose-side").bounding_box()
    assert side["x"] >= main["x"] + main["width"], "two columns at desktop width"

    zone = page.locator("#drop-zone")
    transfer = photo_transfer(page, "dropped.jpg")
    zone.dispatch_event("dragenter", {"dataTransfer": transfer})
    zone.dispatch_event("dragover", {"dataTransfer": transfer})
    expect(zone).to_have_class("card drop dragging")
    zone.dispatch_event("drop", {"dataTransfer": transfer})
    expect(zone).to_have_class("card drop")
    expect_photo(page, 1)

    page.get_by_label("Caption").focus()
    pasted = page.evaluate("""(transfer) => {
      const event = new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true });
      document.activeElement.dispatchEvent(event);
      return event.defaultPrevented;
    }""", photo_transfer(page, "pasted.jpg"))
    assert pasted, "a pasted image is taken as a photo, not pasted into the caption"
    expect_photo(page, 2)
    expect(page.get_by_label("Caption")).to_have_value("")

    # Both photos reach the server as sanitised JPEGs with their descriptions.
    page.get_by_label("Caption").fill("Photos from the office computer.")
    page.get_by_label("consent").check()
    page.get_by_role("button", name="Post", exact=True).click()
    expect(page.locator('#outbox li[data-state="accepted"]')).to_have_count(1, timeout=20000)
    [post] = page.request.get(f"{server.url}/api/posts").json()["posts"]
    assert post["photo_count"] == 2


def focus_path(page, presses: int) -> list[str]:
    path = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        path.append(page.evaluate("""() => {
          const e = document.activeElement;
          const label = e.labels && e.labels.length ? e.labels[0].textContent.trim() : "";
          if (e.type === "checkbox" && e.name === "channels") return `channel:${e.value}`;
          return (e.id || e.getAttribute("aria-label") || label || e.tagName).slice(0, 40);
        }"""))
    return path


def test_keyboard_reaches_photos_caption_channels_and_post_in_order(server, desktop):
    page = desktop.new_page()
    sign_in(page, server.url)
    post = page.get_by_role("button", name="Post", exact=True)
    expect(post).to_be_disabled()
    expect(post).to_have_accessible_description("Write a caption or add a photo.")

    page.get_by_label("Caption").fill("Orienteering in the woods this morning.")
    expect(post).to_be_enabled()
    expect(post).to_have_accessible_description("")
    page.locator("#main").focus()  # the skip link's target: start of the page's own content
    path = focus_path(page, 8)
    wanted = ["take-photo", "photos", "caption", "channel:sandbox", "post-button"]
    assert [step for step in path if step in wanted][:len(wanted)] == wanted, path
    between = path[path.index("caption"):path.index("post-button")]
    assert between == ["caption", "channel:sandbox"], path

    # Space on the channel toggle works from the keyboard, and the Post button says why it is blocked.
    page.get_by_role("checkbox", name="Sandbox (demo)").focus()
    page.keyboard.press("Space")
    expect(post).to_be_disabled()
    expect(post).to_have_accessible_description("Choose at least one channel.")
    expect(page.locator("#why-disabled")).to_be_visible()
    page.keyboard.press("Space")
    expect(post).to_be_enabled()
    page.keyboard.press("Tab")
    expect(post).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator('#outbox li[data-state="accepted"]')).to_have_count(1, timeout=20000)
