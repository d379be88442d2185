"""The Posts page: a post whose delivery needs attention says so per channel and its Retry publishes it; a post
waiting for posting hours can be cancelled, and cancelling deletes its photos from the server."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from app.posts.models import Delivery
from tests.browser.conftest import HEAD, PHOTOS, app_of, set_server_time, sign_in, wait_until_controlled


def compose_and_post(page, caption: str) -> None:
    page.get_by_label("Caption").fill(caption)
    post = page.get_by_role("button", name=re.compile("^(Post|Schedule)$"))  # "Schedule" when scheduling
    expect(post).to_be_enabled()
    post.click()


def test_unknown_delivery_shows_check_and_retry_and_retry_publishes(server, desktop):
    app = app_of(server)
    set_server_time(server, 19)  # out of hours: schedule it, so nothing is sent before the test says so
    page = desktop.new_page()
    sign_in(page, server.url)
    page.get_by_label(re.compile("Schedule for")).check()
    compose_and_post(page, "Campfire songs and hot chocolate to end the day.")
    expect(page.locator('#outbox li[data-state="accepted"]')).to_have_count(1, timeout=20000)
    [post] = page.request.get(f"{server.url}/api/posts").json()["posts"]
    assert post["status"] == "scheduled"

    # The scheduled send happened but the answer was lost: the outbox could not tell whether it went out.
    with app.state.db.session() as db:
        delivery = db.scalars(select(Delivery).where(Delivery.post_id == post["id"])).one()
        delivery.status, delivery.next_attempt_at = "unknown", None
        delivery.message = "We could not confirm whether Sandbox (demo) received this post."
        db.commit()
    set_server_time(server, 10)

    page.goto(f"{server.url}/posts")
    item = page.locator("#post-list li", has_text="Campfire songs")
    expect(item.locator(".status-line")).to_contain_text("Needs attention")
    row = item.locator(".deliveries li")
    expect(row).to_contain_text("Sandbox (demo):")
    expect(row).to_contain_text("Not sure it went out: check and retry")
    expect(row).to_contain_text("We could not confirm whether Sandbox (demo) received this post.")
    assert page.request.get(f"{server.url}/api/sandbox/posts").json() == []

    row.get_by_role("button", name="Retry Sandbox (demo)").click()
    expect(row.locator(".badge")).to_have_text("Published", timeout=20000)
    expect(row.get_by_role("link", name="View post")).to_be_visible()
    expect(item.locator(".status-line")).to_contain_text("Published")
    feed = page.request.get(f"{server.url}/api/sandbox/posts").json()
    assert [entry["text"] for entry in feed] == ["Campfire songs and hot chocolate to end the day."]


def test_post_that_reached_the_server_out_of_hours_can_be_cancelled(server, desktop):
    """Written in hours with no signal; it reaches the school after 18:00, so the server holds it. (Mrs Head
    leads no trip: a trip leader's post carries the trip reason and would go out.)"""
    app = app_of(server)
    page = desktop.new_page()
    sign_in(page, server.url, HEAD)
    wait_until_controlled(page)
    desktop.set_offline(True)
    page.get_by_label("Photos", exact=True).set_input_files(PHOTOS / "Landscape_1.jpg")
    expect(page.locator("#thumbs img")).to_have_count(1)
    page.get_by_label("Description of photo 1").fill("Canoes pulled up on a pebble beach")
    page.get_by_label("Caption").fill("Canoeing on the lake this afternoon.")
    page.get_by_label(re.compile("consent", re.I)).check()
    page.get_by_role("button", name="Post", exact=True).click()
    expect(page.locator('#outbox li[data-state="pending"]')).to_have_count(1)

    set_server_time(server, 19)
    desktop.set_offline(False)
    sent = page.locator('#outbox li[data-state="accepted"]')
    expect(sent).to_have_count(1, timeout=20000)
    expect(sent).to_contain_text("Waiting")
    photo_files = [p for p in app.state.settings.photos_dir.rglob("*") if p.is_file()]
    assert photo_files, "the server holds the sanitised photo until the post is published or cancelled"

    page.goto(f"{server.url}/posts")
    item = page.locator("#post-list li", has_text="Canoeing on the lake")
    expect(item.locator(".status-line")).to_contain_text("Waiting to send")
    expect(item.locator(".deliveries li")).to_contain_text("Outside posting hours")
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    item.get_by_role("button", name="Cancel post").click()  # a slip of the finger: asked first
    expect(item.locator(".status-line")).to_contain_text("Waiting to send")
    assert dialogs == ["Cancel this post? Its photos will be deleted from the school's server."]
    page.once("dialog", lambda dialog: dialog.accept())
    item.get_by_role("button", name="Cancel post").click()
    expect(item.locator(".status-line")).to_contain_text("Cancelled")
    expect(item.locator(".deliveries .badge")).to_have_text("Cancelled")
    expect(item).to_contain_text("Photos deleted from the school's server.")
    expect(item.get_by_role("button", name="Cancel post")).to_have_count(0)

    [post] = page.request.get(f"{server.url}/api/posts").json()["posts"]
    assert post["status"] == "cancelled" and post["photos_purged"] is True
    assert [p for p in app.state.settings.photos_dir.rglob("*") if p.is_file()] == []
    set_server_time(server, 10)  # back in hours: a cancelled post must still never go out
    page.wait_for_timeout(500)
    assert page.request.get(f"{server.url}/api/sandbox/posts").json() == []
