"""The teacher's path on a phone: sign in, add a real photo, a child's name is highlighted, fix it, post,
see it on the Sandbox feed, and find no photo left in IndexedDB."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import PHOTOS, outbox_entries, screenshot, sign_in, wait_for_service_worker

PHOTO = PHOTOS / "Landscape_6.jpg"  # EXIF orientation 6: stored sideways, shown upright


def test_post_with_photo_from_a_phone(server, phone):
    page = phone.new_page()
    sign_in(page, server.url)
    wait_for_service_worker(page)

    page.get_by_label("Photos", exact=True).set_input_files(PHOTO)
    expect(page.locator("#thumbs img")).to_have_count(1)

    caption = page.get_by_label("Caption")
    caption.fill("Amelia Khan loved the climbing wall at Robinwood today!")
    expect(page.locator("#highlights mark").first).to_have_text(re.compile("Amelia"))
    expect(page.locator("#findings li.block").first).to_be_visible()
    post = page.get_by_role("button", name="Post", exact=True)
    expect(post).to_be_disabled()
    expect(page.locator("#why-disabled")).to_contain_text("Can't post yet")
    screenshot(page, "compose-phone-finding.png")

    caption.fill("Year 6 loved the climbing wall at Robinwood today!")
    expect(page.locator("#highlights mark")).to_have_count(0)
    page.get_by_label("Description of photo 1").fill("Children climbing an indoor wall, seen from behind")
    consent = page.get_by_label(re.compile("consent", re.I))
    expect(consent).to_be_visible()
    expect(page.locator("#findings .pupils")).to_contain_text("Amelia K.")
    consent.check()
    expect(post).to_be_enabled()
    screenshot(page, "compose-phone.png")
    post.click()

    sent = page.locator('#outbox li[data-state="accepted"]')
    expect(sent).to_have_count(1, timeout=20000)
    expect(sent.get_by_text("Photos removed from this phone")).to_be_visible()
    expect(sent.get_by_text("Published", exact=True)).to_be_visible(timeout=20000)
    entries = outbox_entries(page)
    assert [e["photoBytes"] for e in entries] == [0] and entries[0]["removed"]

    feed = page.request.get(f"{server.url}/api/sandbox/posts").json()
    assert len(feed) == 1 and feed[0]["text"].startswith("Year 6 loved") and len(feed[0]["media"]) == 1
    page.goto(f"{server.url}/sandbox")
    expect(page.get_by_text("demo network", exact=False).first).to_be_visible()
    expect(page.get_by_text("Year 6 loved the climbing wall")).to_be_visible()
    image = page.locator(".feed img").first
    expect(image).to_have_attribute("alt", "Children climbing an indoor wall, seen from behind")
    width, height = image.evaluate("img => img.decode().then(() => [img.naturalWidth, img.naturalHeight])")
    assert width > height, "the phone applied the EXIF orientation before upload"
