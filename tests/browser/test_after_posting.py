"""After posting, on the Sandbox alone: publish, comment as a member of the public, see the comment hidden or
waiting on the Moderation page, act on it, then take the post down from the Posts page."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import HEAD, sign_in
from tests.browser.test_accessibility_and_counter import serious
from tests.browser.test_posts_page import compose_and_post

POLITE = "Will the coach be back before 4? Thank you!"
ABUSIVE = "The head is a f***ing useless liar"


def comment_as_public(page, base: str, author: str, text: str) -> None:
    page.goto(f"{base}/sandbox")
    post = page.locator(".feed > li").first
    post.get_by_label("Pretend name").fill(author)
    post.get_by_label("Comment", exact=True).fill(text)
    post.get_by_role("button", name="Comment as a member of the public").click()
    expect(page.locator(".flash")).to_contain_text("Comment left as a member of the public")


def test_sandbox_publish_comment_moderate_and_take_down(server, desktop):
    page = desktop.new_page()
    sign_in(page, server.url, HEAD)
    compose_and_post(page, "Year 6 planted a hedge for the birds today.")
    expect(page.locator('#outbox li[data-state="accepted"]').get_by_text("Published", exact=True)).to_be_visible(
        timeout=20000)

    comment_as_public(page, server.url, "Pat Parent", POLITE)
    comment_as_public(page, server.url, "Angry Person", ABUSIVE)
    feed = page.locator(".feed > li").first
    expect(feed.locator(".sandbox-comments")).to_contain_text(POLITE)
    expect(feed.locator(".sandbox-comments")).to_contain_text("Simulated member of the public")
    expect(feed.locator(".sandbox-comments")).not_to_contain_text(ABUSIVE)  # hidden at once
    assert serious(page) == []

    expect(page.locator("#nav-moderation .badge")).to_have_text("1")
    page.locator("#nav-moderation").click()
    abusive = page.locator(".moderation-list > li", has_text=ABUSIVE)
    expect(abusive.locator(".comment-status")).to_have_text("Hidden")
    expect(abusive).to_contain_text("Offensive language")
    expect(page.locator(".moderation-list > li", has_text=POLITE)).to_have_count(0)  # nothing waiting about it
    assert serious(page) == []

    abusive.get_by_role("button", name="Delete").click()
    expect(page.locator(".flash")).to_contain_text("Deleted.")
    expect(page.locator(".moderation-list > li", has_text=ABUSIVE)).to_have_count(0)
    expect(page.locator("#nav-moderation .badge")).to_have_count(0)
    page.get_by_role("link", name="Show all recent comments").click()
    polite = page.locator(".moderation-list > li", has_text=POLITE)
    expect(polite.locator(".comment-status")).to_have_text("Visible")
    polite.get_by_role("button", name="Hide").click()
    expect(page.locator(".flash")).to_contain_text("Hidden.")
    page.goto(f"{server.url}/sandbox")
    expect(page.locator(".sandbox-comments").first).to_contain_text("No comments.")

    page.goto(f"{server.url}/posts")
    item = page.locator("#post-list > li", has_text="planted a hedge")
    item.get_by_role("button", name="Take down").click()
    expect(item).to_contain_text("This cannot be undone.")
    item.get_by_role("button", name="Keep it").click()  # asked first: nothing happens
    expect(item.get_by_role("button", name="Take down")).to_be_visible()
    item.get_by_role("button", name="Take down").click()
    item.get_by_label("Why? (kept in the audit log)").fill("A parent asked us to remove it")
    item.get_by_role("button", name="Take it down now").click()
    progress = item.locator(".take-down")
    expect(progress).to_contain_text("Taken down", timeout=20000)
    expect(progress.locator('li[data-channel="sandbox"] .badge')).to_have_text("Removed")
    expect(progress).to_contain_text("Reason: A parent asked us to remove it")
    page.goto(f"{server.url}/sandbox")
    expect(page.get_by_text("Nothing has been published to the Sandbox yet.")).to_be_visible()
