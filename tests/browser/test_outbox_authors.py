"""Shared devices: a post waiting on the phone belongs to whoever wrote it. Signed out, Post still queues it;
the next person to sign in never sends it (not the page, not Background Sync, and the server refuses it
with 409 if anything tries); once its author signs back in it is sent under their name."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import HEAD, TEACHER, outbox_entries, poll, sign_in, wait_for_service_worker


def test_signed_out_post_waits_for_its_author_and_is_never_sent_as_someone_else(server, desktop):
    page = desktop.new_page()
    sign_in(page, server.url, TEACHER)
    wait_for_service_worker(page)
    desktop.clear_cookies()  # the session expired or was revoked while the page was open

    page.get_by_label("Caption").fill("Mr Teacher's post: Year 6 reached Robinwood safely.")
    status = page.locator("#check-status")
    expect(status).to_contain_text("You have been signed out. You can still post")
    expect(status.get_by_role("link", name="Sign in")).to_have_attribute("target", "_blank")
    expect(page.locator("body")).not_to_contain_text("nothing is lost")
    post = page.get_by_role("button", name="Post", exact=True)
    expect(post).to_be_enabled()
    post.click()
    waiting = page.locator('#outbox li[data-state="pending"]')
    expect(waiting).to_contain_text("Sign in again, then it will send", timeout=15000)
    expect(page.locator("#post-status")).to_contain_text("Queued on this computer ✓")

    # Mrs Head signs in on the same browser: his post is neither listed nor sent.
    sign_in(page, server.url, HEAD)
    wait_for_service_worker(page)
    page.wait_for_timeout(1500)  # time for the page's flush (and Background Sync) to have run
    expect(page.locator("#outbox li")).to_have_count(0)
    assert [e["state"] for e in outbox_entries(page)] == ["pending"]  # kept for him, only hidden
    assert page.request.get(f"{server.url}/api/posts").json()["posts"] == []  # she is admin: sees all posts

    # Even a sender that ignores authors is refused by the server, and the entry is kept.
    page.evaluate("() => self.TripcastOutbox.flush(self.TripcastOutbox.fetchTransport)")
    message = page.evaluate("async () => (await self.TripcastOutbox.all())[0].message")
    assert message == ("This post was written by another member of staff on this device; "
                       "they need to sign in to send it.")
    assert page.request.get(f"{server.url}/api/posts").json()["posts"] == []

    # He signs back in: it is sent, as his.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, server.url, TEACHER)
    expect(page.locator('#outbox li[data-state="accepted"]')).to_have_count(1, timeout=20000)
    poll(page, "async () => (await fetch('/api/posts').then((r) => r.json())).posts.length === 1")
    [sent] = page.request.get(f"{server.url}/api/posts").json()["posts"]
    assert sent["author"] == "Mr Teacher" and sent["text"].startswith("Mr Teacher's post")
