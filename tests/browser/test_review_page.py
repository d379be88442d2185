"""The governors' trial review in a real browser: after a post goes out through Compose, the Head's review page
counts it, has nothing serious for axe (light and dark), and prints as a clean paper: no navigation or
controls, every table and the chart kept, nothing wider than an A4 page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import HEAD, new_context, sign_in
from tests.browser.test_accessibility_and_counter import serious

A4_CSS_PX = 794  # 210 mm at 96 px an inch


def post_one(browser, base_url: str) -> None:
    context = new_context(browser)
    page = context.new_page()
    sign_in(page, base_url)
    page.get_by_label("Caption").fill("Year 6 have arrived safely at the outdoor centre.")
    post = page.get_by_role("button", name=re.compile("^(Post|Schedule)$"))
    expect(post).to_be_enabled(timeout=10000)
    post.click()
    expect(page.locator('#outbox li[data-state="accepted"]').get_by_text("Published", exact=True)).to_be_visible(
        timeout=30000)
    context.close()


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_review_page_counts_a_real_post_and_axe_finds_nothing_serious(server, browser, dark):
    post_one(browser, server.url)
    context = new_context(browser, color_scheme="dark" if dark else "light")
    page = context.new_page()
    sign_in(page, server.url, HEAD)
    page.goto(f"{server.url}/admin/review")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Social media trial review")
    chart = page.get_by_role("img", name=re.compile("Posts", re.I))
    expect(chart).to_be_visible()
    weekly = page.locator("table", has=page.locator("caption", has_text="Posts published each week"))
    assert sum(int(n) for n in weekly.locator("tbody td:not(:first-child)").all_inner_texts()) >= 1
    people = page.locator("table", has=page.locator("caption", has_text="Posts by member of staff"))
    expect(people.locator("tbody tr").first).not_to_contain_text("Nobody posted")
    assert serious(page) == []
    context.close()


def test_review_page_prints_as_a_clean_paper(server, browser):
    post_one(browser, server.url)
    context = new_context(browser, viewport={"width": A4_CSS_PX, "height": 1123})
    page = context.new_page()
    sign_in(page, server.url, HEAD)
    page.goto(f"{server.url}/admin/review")
    on_screen = page.locator("table").count()
    assert page.locator("nav").first.is_visible() and page.locator("form.no-print").is_visible()  # on screen
    page.emulate_media(media="print")
    for hidden in ("nav", "header.top", "form.no-print", "a.no-print"):
        assert all(not el.is_visible() for el in page.locator(hidden).all()), hidden
    expect(page.locator("table")).to_have_count(on_screen)
    assert all(table.is_visible() for table in page.locator("table").all())
    expect(page.locator("svg.chart")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= A4_CSS_PX
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 1
    context.close()
