"""A post the server refused (a pupil's name next to a photo, unchecked offline): the problem is shown once,
with nothing to tick; Edit (on Compose or the Posts page) keeps the entry until the edited post is queued."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import PHOTOS, outbox_entries, sign_in, wait_until_controlled


def test_refused_post_is_edited_from_the_posts_page_and_replaced_once_queued(server, desktop):
    page = desktop.new_page()
    sign_in(page, server.url)
    wait_until_controlled(page)
    desktop.set_offline(True)
    page.get_by_label("Photos", exact=True).set_input_files(PHOTOS / "Landscape_1.jpg")
    expect(page.locator("#thumbs img")).to_have_count(1)
    page.get_by_label("Description of photo 1").fill("A canoe on a lake")
    page.get_by_label("Caption").fill("Zofia paddled all the way across the lake!")
    page.get_by_label(re.compile("consent", re.I)).check()
    page.get_by_role("button", name="Post", exact=True).click()
    expect(page.locator('#outbox li[data-state="pending"]')).to_have_count(1)
    desktop.set_offline(False)

    refused = page.locator('#outbox li[data-state="refused"]')
    expect(refused).to_have_count(1, timeout=20000)
    errors = refused.locator(".error")
    expect(errors.first).to_contain_text("Zofia")
    texts = errors.all_inner_texts()
    assert len(texts) == len(set(texts)), texts  # each problem once
    expect(refused.locator("input[type=checkbox]")).to_have_count(0)  # nothing to confirm while blocked
    expect(refused.get_by_role("button", name="Edit")).to_be_visible()

    page.goto(f"{server.url}/posts")
    item = page.locator('#outbox li[data-state="refused"]')
    expect(item).to_contain_text("Zofia")
    item.get_by_role("link", name="Edit").click()
    expect(page.get_by_label("Caption")).to_have_value("Zofia paddled all the way across the lake!")
    expect(page.locator("#thumbs img")).to_have_count(1)
    assert [e["state"] for e in outbox_entries(page)] == ["refused"]  # still safe while being edited

    page.get_by_label("Caption").fill("Year 6 paddled all the way across the lake!")
    page.get_by_label(re.compile("consent", re.I)).check()
    page.get_by_role("button", name="Post", exact=True).click()
    expect(page.locator('#outbox li[data-state="accepted"]')).to_have_count(1, timeout=20000)
    expect(page.locator('#outbox li[data-state="refused"]')).to_have_count(0)
    assert [e["state"] for e in outbox_entries(page)] == ["accepted"]
