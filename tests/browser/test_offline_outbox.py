"""No signal: the post waits in IndexedDB, survives a reload, and is published exactly once when signal returns."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import PHOTOS, outbox_entries, sign_in, wait_for_service_worker


def test_offline_post_is_queued_survives_reload_and_publishes_once(server, phone):
    page = phone.new_page()
    sign_in(page, server.url)
    wait_for_service_worker(page)

    phone.set_offline(True)
    page.get_by_label("Photos", exact=True).set_input_files(PHOTOS / "Landscape_1.jpg")
    expect(page.locator("#thumbs img")).to_have_count(1)
    page.get_by_label("Caption").fill("Year 6 reached the top of the ghyll scramble.")
    page.get_by_label("Description of photo 1").fill("Children in helmets at the top of a waterfall")
    expect(page.locator("#check-status")).to_contain_text("No signal")
    page.get_by_label(re.compile("consent", re.I)).check()
    page.get_by_role("button", name="Post", exact=True).click()

    queued = page.locator('#outbox li[data-state="pending"]')
    expect(queued).to_have_count(1)
    expect(queued).to_contain_text("Queued on this phone")
    [entry] = outbox_entries(page)
    assert entry["photos"] == 1 and entry["photoBytes"] > 10_000

    page.reload()  # still offline: the service worker answers with the offline page
    expect(page.get_by_role("heading", name="No signal right now")).to_be_visible()
    expect(page.locator("#waiting")).to_contain_text("1 post is waiting")

    phone.set_offline(False)  # the offline page reloads itself; compose sends the outbox
    expect(page.get_by_label("Caption")).to_be_visible(timeout=15000)
    sent = page.locator('#outbox li[data-state="accepted"]')
    expect(sent).to_have_count(1, timeout=20000)
    expect(sent.get_by_text("Photos removed from this phone")).to_be_visible()
    expect(sent.get_by_text("Published", exact=True)).to_be_visible(timeout=20000)
    assert [e["photoBytes"] for e in outbox_entries(page)] == [0]

    page.evaluate("() => self.TripcastOutbox.flush(self.TripcastOutbox.fetchTransport)")  # nothing left to send
    posts = page.request.get(f"{server.url}/api/posts").json()["posts"]
    feed = page.request.get(f"{server.url}/api/sandbox/posts").json()
    assert len(posts) == 1 and len(feed) == 1
    assert posts[0]["status"] == "published" and posts[0]["photos_purged"] is True


def test_lost_response_is_resent_with_the_same_key_and_not_duplicated(server, desktop):
    page = desktop.new_page()
    sign_in(page, server.url)
    wait_for_service_worker(page)
    dropped = []

    def drop_first_answer(route):
        response = route.fetch()  # the server gets the post...
        if not dropped:
            dropped.append(response.status)
            route.abort("connectionreset")  # ...but the phone never hears back
        else:
            route.fulfill(response=response)

    page.route("**/api/posts", drop_first_answer)
    page.get_by_label("Caption").fill("Lunch by the lake, then kayaking this afternoon.")
    page.get_by_role("button", name="Post", exact=True).click()
    sent = page.locator('#outbox li[data-state="accepted"]')
    expect(sent).to_have_count(1, timeout=30000)
    assert dropped == [202]
    posts = page.request.get(f"{server.url}/api/posts").json()["posts"]
    assert len(posts) == 1
