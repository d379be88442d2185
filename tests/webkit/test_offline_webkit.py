"""No signal, in WebKit, which (like every iPhone browser) has no Background Sync: the post waits in IndexedDB
with its photo as bytes, the service worker shows the offline page on a reload, and the post is published exactly
once when the server can be reached again, sent by the page itself (on opening, or "Send now").

"No signal" is the server gone from its address (connection refused): WebDriver cannot switch WebKitGTK's
network off, and navigator.onLine stays true, as on a phone with Wi-Fi but no internet."""

from __future__ import annotations

from tests.webkit.conftest import PHOTOS, sign_in, wait_for_service_worker
from tests.webkit.test_compose_webkit import RAW_OUTBOX_JS

NO_BACKGROUND_SYNC_JS = """async () => typeof SyncManager === "undefined" &&
  !("sync" in await navigator.serviceWorker.getRegistration())"""
ATTEMPTS_JS = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open("tripcast");
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const request = open.result.transaction("outbox").objectStore("outbox").getAll();
    request.onsuccess = () => { resolve(request.result.map((e) => e.attempts || 0)); open.result.close(); };
    request.onerror = () => reject(request.error);
  };
})"""
ACCEPTED = '#outbox li[data-state="accepted"]'


def published_once(page) -> None:
    page.expect_text(f"{ACCEPTED} .badge", "Published", timeout=30)
    posts = page.fetch_json("/api/posts")["posts"]
    feed = page.fetch_json("/api/sandbox/posts")
    assert len(posts) == 1 and len(feed) == 1, (posts, feed)
    assert posts[0]["status"] == "published"


def test_offline_post_waits_in_indexeddb_and_is_sent_on_opening_when_the_server_is_back(server, phone):
    page = phone
    sign_in(page, server.url)
    wait_for_service_worker(page)
    assert page.evaluate(NO_BACKGROUND_SYNC_JS), "WebKit has Background Sync now: this test no longer proves the rest"

    server.stop()
    page.set_input_files("Photos", PHOTOS / "Landscape_1.jpg")
    page.expect_count("#thumbs img", 1)
    page.fill("Caption", "Year 6 reached the top of the ghyll scramble.")
    page.fill("Description of photo 1", "Children in helmets at the top of a waterfall")
    page.expect_text("#check-status", "No signal")
    page.check(pattern="consent")
    page.click("Post")

    page.expect_text('#outbox li[data-state="pending"]', "Queued on this ")
    [entry] = page.evaluate(RAW_OUTBOX_JS)
    assert entry["state"] == "pending" and len(entry["photos"]) == 1
    assert entry["photos"][0]["kind"] == "[object ArrayBuffer]" and entry["photos"][0]["size"] > 10_000

    page.reload()  # the server is still away: the service worker answers with the offline page
    page.expect_text("h1", "No signal right now")
    page.expect_text("#waiting", "1 post is waiting")

    server.start()  # the offline page finds the server answering and goes back; compose sends the outbox
    page.expect_count("#compose", 1)
    page.expect_count(ACCEPTED, 1, timeout=30)
    page.expect_text(ACCEPTED, "Photos removed from this ")
    published_once(page)
    [entry] = page.evaluate(RAW_OUTBOX_JS)
    assert entry == {"state": "accepted", "removed": True, "photos": []}
    assert page.fetch_json("/api/posts")["posts"][0]["photos_purged"] is True


def test_send_now_sends_what_waited_while_the_server_was_away(server, phone):
    page = phone
    sign_in(page, server.url)
    wait_for_service_worker(page)

    server.stop()
    page.fill("Caption", "Lunch by the lake, then kayaking this afternoon.")
    page.expect_text("#check-status", "No signal")
    page.click("Post")
    page.expect_text('#outbox li[data-state="pending"]', "Queued on this ")
    # The page tries again after 5 s, then 15 s: once the second try has failed, the next is far enough away
    # that the post below is sent by "Send now".
    page.poll(f"async () => ({ATTEMPTS_JS})().then(([n]) => n >= 2)", timeout=40)

    server.start()
    page.click("Send now")
    page.expect_count(ACCEPTED, 1, timeout=30)
    published_once(page)


def test_post_written_on_the_offline_page_is_sent_once_under_its_author(server, phone):
    """Opening Tripcast with no signal: the service worker's cached offline page takes a post to send later."""
    page = phone
    sign_in(page, server.url)
    wait_for_service_worker(page)
    user_id = page.evaluate("() => document.body.dataset.user")
    assert user_id

    server.stop()
    page.goto(f"{server.url}/")
    page.expect_text("h1", "No signal right now")
    page.expect_text("h2", "Write a post to send later")
    page.set_input_files("Photos", PHOTOS / "Landscape_1.jpg")
    page.expect_count("#later-thumbs img", 1)
    page.fill("Description of photo 1", "Children in helmets at the top of a waterfall")
    page.fill("Caption", "Year 6 made it to the top of the ghyll scramble.")
    page.check(pattern="consent")
    page.click("Save to send later")
    page.expect_text("#later-status", "Saved on this phone")
    page.expect_text("#waiting", "1 post is waiting")
    [entry] = page.evaluate(RAW_OUTBOX_JS)
    assert entry["state"] == "pending" and entry["photos"][0]["kind"] == "[object ArrayBuffer]"
    assert page.evaluate("async () => (await self.TripcastOutbox.all())[0].author") == user_id

    server.start()  # the offline page goes back to compose by itself, which sends the outbox
    page.expect_count("#compose", 1)
    page.expect_count(ACCEPTED, 1, timeout=30)
    published_once(page)
    assert page.fetch_json("/api/posts")["posts"][0]["author"] == "Mr Teacher"
    assert page.evaluate(RAW_OUTBOX_JS)[0]["photos"] == []
