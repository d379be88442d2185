"""Compose one-handed on a phone: the Post bar stays on screen with a photo and findings showing, a draft comes
back after a reload (iOS reloads background tabs), photos chosen from the camera roll are remembered until the
teacher says they are deleted there, and the office (no trip) chooses classes to see who has no photo consent."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    ARTIFACTS,
    HEAD,
    PHOTOS,
    new_context,
    poll,
    screenshot,
    sign_in,
    wait_for_service_worker,
)

PHOTO = PHOTOS / "Landscape_1.jpg"
DRAFT_JS = """() => new Promise((resolve) => {
  const request = indexedDB.open("tripcast-device");
  request.onsuccess = () => {
    const db = request.result;
    if (!db.objectStoreNames.contains("drafts")) { resolve(null); return; }
    const get = db.transaction("drafts").objectStore("drafts").getAll();
    get.onsuccess = () => resolve(get.result.map((d) => ({ text: d.text, photos: d.photos.length, ticked: d.ticked })));
  };
  request.onerror = () => resolve(null);
})"""


def on_screen_and_on_top(page, locator) -> bool:
    """Inside the viewport as the page is now, and the element under its centre (nothing covers it)."""
    return locator.evaluate("""(el) => {
      const box = el.getBoundingClientRect();
      const x = box.left + box.width / 2, y = box.top + box.height / 2;
      return box.top >= 0 && box.bottom <= innerHeight && box.height >= 44
        && el.contains(document.elementFromPoint(x, y));
    }""")


@pytest.mark.parametrize("height", [844, 664], ids=["390x844", "390x664-safari-bars"])
def test_post_bar_is_reachable_without_scrolling_with_a_photo_and_findings(server, browser, iphone, height):
    context = new_context(browser, iphone, viewport={"width": 390, "height": height})
    try:
        page = context.new_page()
        sign_in(page, server.url)
        page.get_by_label("Photos", exact=True).set_input_files(PHOTO)
        expect(page.locator("#thumbs img")).to_have_count(1)
        page.get_by_label("Caption").fill("Amelia Khan loved the zip wire!")
        refusal = page.locator("#findings li.block")
        expect(refusal.first).to_be_visible()
        page.evaluate("() => window.scrollTo(0, 0)")
        post = page.get_by_role("button", name="Post", exact=True)
        why = page.locator("#why-disabled")
        expect(why).to_contain_text("Can't post yet")
        assert on_screen_and_on_top(page, post)
        inside = "(e) => { const b = e.getBoundingClientRect(); return b.top >= 0 && b.bottom <= innerHeight; }"
        assert why.evaluate(inside)
        # Each refusal once (the bar gives a few words, not the finding again); the pupils without consent once.
        messages = refusal.locator("span").first.inner_text()
        assert messages not in why.inner_text()
        assert page.locator("#findings").inner_text().count("Amelia K.") == 1
        expect(page.locator("#findings li.rule-consent")).to_have_count(1)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"compose-phone-post-bar-{height}.png"))  # the screen as it is seen

        page.get_by_label("Caption").fill("Year 6 loved the zip wire!")
        page.get_by_label("Description of photo 1").fill("Children on a zip wire, seen from behind")
        page.get_by_label(re.compile("consent", re.I)).check()
        expect(post).to_be_enabled()
        page.evaluate("() => window.scrollTo(0, 0)")
        assert on_screen_and_on_top(page, post)
        box = post.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # where it is: no scrolling
        expect(page.locator('#outbox li[data-state="accepted"]')).to_have_count(1, timeout=20000)
    finally:
        context.close()


def test_draft_comes_back_after_a_reload_until_it_is_discarded(server, phone):
    page = phone.new_page()
    sign_in(page, server.url)
    page.get_by_label("Photos", exact=True).set_input_files(PHOTO)
    expect(page.locator("#thumbs img")).to_have_count(1)
    page.get_by_label("Description of photo 1").fill("Tents in a field")
    page.get_by_label("Caption").fill("Tents are up at Robinwood.")
    consent = page.get_by_label(re.compile("consent", re.I))
    consent.check()
    page.get_by_role("checkbox", name="Sandbox (demo)").uncheck()
    page.get_by_role("checkbox", name="Sandbox (demo)").check()
    expect(page.get_by_role("button", name="Post", exact=True)).to_be_enabled()
    wanted = [{"text": "Tents are up at Robinwood.", "photos": 1, "ticked": ["consent"]}]
    poll(page, f"async () => JSON.stringify(await ({DRAFT_JS})()) === '{json.dumps(wanted, separators=(',', ':'))}'")

    page.reload()  # what iOS does to a tab left in the background
    expect(page.get_by_label("Caption")).to_have_value("Tents are up at Robinwood.")
    expect(page.locator("#thumbs img")).to_have_count(1)
    expect(page.get_by_label("Description of photo 1")).to_have_value("Tents in a field")
    expect(page.get_by_label(re.compile("consent", re.I))).to_be_checked()
    expect(page.locator("#post-status")).to_contain_text("Your unfinished post is back")
    expect(page.get_by_role("button", name="Post", exact=True)).to_be_enabled()

    page.get_by_role("button", name="Discard draft").click()
    expect(page.get_by_label("Caption")).to_have_value("")
    expect(page.locator("#thumbs li")).to_have_count(0)
    page.reload()
    expect(page.get_by_label("Caption")).to_have_value("")
    expect(page.locator("#thumbs li")).to_have_count(0)
    assert page.evaluate(DRAFT_JS) == []


def post_photo(page, chooser: str, text: str) -> None:
    page.get_by_label(chooser, exact=True).set_input_files(PHOTO)
    expect(page.locator("#thumbs img")).to_have_count(1)
    page.get_by_label("Description of photo 1").fill("A view of the lake")
    page.get_by_label("Caption").fill(text)
    page.get_by_label(re.compile("consent", re.I)).check()
    page.get_by_role("button", name="Post", exact=True).click()


def test_camera_roll_reminder_until_done(server, phone):
    page = phone.new_page()
    sign_in(page, server.url)
    wait_for_service_worker(page)
    reminder = page.locator("#camera-roll")

    # Take photo: never in the camera roll, so nothing to delete there.
    post_photo(page, "Take photo", "Morning on the lake.")
    sent = page.locator('#outbox li[data-state="accepted"]')
    expect(sent.get_by_text("Published", exact=True)).to_be_visible(timeout=20000)
    expect(reminder).to_be_hidden()
    expect(sent.get_by_role("button", name="Cancel post")).to_have_count(0)  # published: nothing left to cancel
    view = sent.get_by_role("link", name="View post").first
    assert view.bounding_box()["height"] >= 44
    shown = page.locator("body").inner_text()
    assert "this phone" in shown and "drag photos" not in shown and "this computer" not in shown

    # Chosen from the library: once published, delete it from the camera roll (thumbnail and time shown).
    post_photo(page, "Photos", "Afternoon on the lake.")
    expect(sent.get_by_text("Published", exact=True)).to_have_count(2, timeout=20000)
    expect(reminder).to_be_visible(timeout=10000)
    expect(reminder.get_by_role("heading")).to_have_text("Delete these photos from your camera roll")
    thumb = reminder.locator("img")
    expect(thumb).to_have_count(1)
    assert thumb.evaluate("img => img.decode().then(() => Math.max(img.naturalWidth, img.naturalHeight))") <= 96
    expect(reminder.locator(".roll-thumbs li")).to_contain_text(re.compile(r"\d{2}:\d{2}"))
    screenshot(page, "compose-phone-camera-roll.png")

    page.goto(f"{server.url}/posts")  # it keeps reminding until Done
    reminder = page.locator("#camera-roll")
    expect(reminder).to_be_visible()
    reminder.get_by_role("button", name=re.compile("^Done")).click()
    expect(reminder).to_be_hidden()
    page.reload()
    expect(page.locator("#post-list li").first).to_be_visible()
    expect(page.locator("#camera-roll")).to_be_hidden()


def test_office_chooses_classes_to_see_who_has_no_photo_consent(server, desktop):
    page = desktop.new_page()
    sign_in(page, server.url, HEAD)  # leads no trip today
    page.get_by_label("Photos", exact=True).set_input_files(PHOTO)
    page.get_by_label("Caption").fill("Sports day practice.")
    question = page.locator("#findings li.confirm", has_text="consent")
    expect(question).to_be_visible()
    expect(question.locator(".pupils")).to_have_count(0)
    page.get_by_role("checkbox", name="6B").check()
    expect(question.locator(".pupils")).to_have_text("Amelia K.")
    shown = page.locator("body").inner_text()  # what is on screen, not hidden words for the other device
    assert "this computer" in shown and "this phone" not in shown.lower()  # a computer is not a phone
    expect(page.get_by_text("drag photos here", exact=False)).to_be_visible()
