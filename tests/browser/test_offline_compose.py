"""Cold start with no signal: the cached offline page lets the teacher who last signed in on this phone write a
post to send later; it goes out once, under her name, when signal returns. Nobody signed in here: no form."""

from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from tests.browser.conftest import PHOTOS, outbox_entries, screenshot, sign_in, wait_for_service_worker

CAPTION = "Year 6 made it to the top of the ghyll scramble."
RECORD_JS = "() => localStorage.getItem('tripcast.lastUser')"
MY_ENTRIES_JS = """async () => (await self.TripcastOutbox.all()).map((e) => ({state: e.state, author: e.author,
  confirmations: e.confirmations, altTexts: e.altTexts, channels: e.channels, reason: e.reason, text: e.text}))"""


def open_cold_offline(context, base_url: str):
    """A fresh page at the home screen's start URL with no signal (as after iOS evicted the app)."""
    context.set_offline(True)
    page = context.new_page()
    page.goto(f"{base_url}/")
    expect(page.get_by_role("heading", name="No signal right now")).to_be_visible()
    return page


def test_post_written_on_the_offline_page_is_sent_once_when_signal_returns(server, phone):
    page = phone.new_page()
    sign_in(page, server.url)
    wait_for_service_worker(page)
    user_id = page.evaluate("() => document.body.dataset.user")
    assert user_id
    record = json.loads(page.evaluate(RECORD_JS))
    assert record["id"] == user_id and record["reason"] == "trip"  # a trip leader: the reason compose pre-sets
    assert set(record) == {"id", "reason", "channels"}  # no names
    page.close()

    page = open_cold_offline(phone, server.url)
    assert page.evaluate("() => document.body.dataset.user") is None  # the cached page is the signed-out one
    form = page.locator("#later")
    expect(form).to_be_visible()
    expect(page.get_by_role("heading", name="Write a post to send later")).to_be_visible()
    page.get_by_label("Photos", exact=True).set_input_files(PHOTOS / "Landscape_1.jpg")
    expect(page.locator("#later-thumbs img")).to_have_count(1)
    page.get_by_label("Description of photo 1").fill("Children in helmets at the top of a waterfall")
    page.get_by_label("Caption").fill(CAPTION)
    page.get_by_label(re.compile("consent", re.I)).check()
    save = page.get_by_role("button", name="Save to send later")
    box = save.bounding_box()
    assert box["height"] >= 44
    save.click()
    expect(page.locator("#later-status")).to_contain_text("Saved on this phone")
    expect(page.locator("#waiting")).to_contain_text("1 post is waiting")
    expect(page.get_by_label("Caption")).to_have_value("")  # the form is cleared
    expect(page.locator("#later-thumbs li")).to_have_count(0)
    screenshot(page, "offline-compose-phone.png")

    [entry] = page.evaluate(MY_ENTRIES_JS)
    assert entry["state"] == "pending" and entry["author"] == user_id and entry["text"] == CAPTION
    assert entry["confirmations"] == ["consent"]  # every photo described: no "alt-text" check to confirm
    assert entry["altTexts"] == ["Children in helmets at the top of a waterfall"]
    assert entry["reason"] == "trip" and entry["channels"]
    [stored] = outbox_entries(page)
    assert stored["photos"] == 1 and stored["photoBytes"] > 10_000

    phone.set_offline(False)  # the offline page goes back to compose by itself, which sends the outbox
    expect(page.locator("#compose")).to_be_visible(timeout=20000)
    sent = page.locator('#outbox li[data-state="accepted"]')
    expect(sent).to_have_count(1, timeout=20000)
    expect(sent.get_by_text("Published", exact=True)).to_be_visible(timeout=20000)
    assert [e["photoBytes"] for e in outbox_entries(page)] == [0]

    page.evaluate("() => self.TripcastOutbox.flush(self.TripcastOutbox.fetchTransport)")  # nothing left to send
    posts = page.request.get(f"{server.url}/api/posts").json()["posts"]
    feed = page.request.get(f"{server.url}/api/sandbox/posts").json()
    assert len(posts) == 1 and len(feed) == 1
    assert posts[0]["author"] == "Mr Teacher" and posts[0]["status"] == "published"
    assert feed[0]["text"] == CAPTION and len(feed[0]["media"]) == 1


def test_offline_page_has_no_form_when_nobody_signed_in_on_this_phone(server, phone):
    page = phone.new_page()
    page.goto(f"{server.url}/login")
    wait_for_service_worker(page)
    assert page.evaluate(RECORD_JS) is None
    page.close()

    page = open_cold_offline(phone, server.url)
    expect(page.locator("#sign-in-later")).to_be_visible()
    expect(page.locator("#later")).to_be_hidden()
    expect(page.get_by_role("button", name="Save to send later")).to_have_count(0)


def test_signing_out_forgets_the_user_so_the_offline_page_has_no_form(server, phone):
    page = phone.new_page()
    sign_in(page, server.url)
    wait_for_service_worker(page)
    assert page.evaluate(RECORD_JS)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/login"))
    assert page.evaluate(RECORD_JS) is None
    page.close()

    page = open_cold_offline(phone, server.url)
    expect(page.locator("#sign-in-later")).to_be_visible()
    expect(page.locator("#later")).to_be_hidden()


def test_offline_form_fits_a_320px_screen(server, browser, iphone):
    context = browser.new_context(**{**iphone, "viewport": {"width": 320, "height": 640}})
    try:
        page = context.new_page()
        sign_in(page, server.url)
        wait_for_service_worker(page)
        page.close()
        page = open_cold_offline(context, server.url)
        expect(page.locator("#later")).to_be_visible()
        page.get_by_label("Photos", exact=True).set_input_files(PHOTOS / "Landscape_1.jpg")
        expect(page.locator("#later-thumbs img")).to_have_count(1)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
        screenshot(page, "offline-compose-320.png")
        for name in ("Take photo", "Choose photos"):
            assert page.locator("label.button", has_text=name).bounding_box()["height"] >= 44
    finally:
        context.close()
