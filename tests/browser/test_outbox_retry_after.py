"""When the server says "busy, come back in N seconds" (429 or 503 with Retry-After), the phone keeps the post,
says when it will try again, and does not upload it again before then (each try re-sends every photo over a
poor connection); "Send now" still sends at once."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from app.web.rate_limit import LIMITS, RateLimits
from tests.browser.conftest import PHOTOS, app_of, sign_in


def post(page, caption: str) -> None:
    page.get_by_label("Photos", exact=True).set_input_files(PHOTOS / "Landscape_1.jpg")
    expect(page.locator("#thumbs img")).to_have_count(1)
    page.get_by_label("Description of photo 1").fill("Hills above the lake")
    page.get_by_label("Caption").fill(caption)
    page.get_by_label(re.compile("consent", re.I)).check()
    button = page.get_by_role("button", name="Post", exact=True)
    expect(button).to_be_enabled(timeout=10000)
    button.click()


def test_a_busy_server_is_not_asked_again_before_retry_after_and_send_now_sends(server, phone):
    app = app_of(server)
    app.state.rate_limits = RateLimits({**LIMITS, "post": "1/minute"})  # the second post gets 429, Retry-After
    page = phone.new_page()
    sign_in(page, server.url)
    uploads: list[int] = []
    page.on("requestfinished", lambda r: r.url.endswith("/api/posts") and r.method == "POST" and uploads.append(1))

    post(page, "Morning walk up to the tarn.")
    expect(page.locator('#outbox li[data-state="accepted"]')).to_have_count(1, timeout=30000)
    post(page, "Packed lunch by the water.")
    waiting = page.locator('#outbox li[data-state="pending"]')
    expect(waiting).to_contain_text(re.compile(r"will try again in about \d+ seconds"), timeout=20000)
    assert len(uploads) == 2
    page.wait_for_timeout(8000)  # longer than the phone's first back-off (5 s) without Retry-After
    assert len(uploads) == 2  # not uploaded again: the server asked for about a minute
    [entry] = [e for e in page.evaluate("async () => await self.TripcastOutbox.all()") if e["state"] == "pending"]
    assert entry["notBefore"] > page.evaluate("() => Date.now()") + 30000

    app.state.rate_limits = RateLimits()  # the limit passes (here: a fresh window)
    page.get_by_role("button", name=re.compile("Send now", re.I)).click()
    expect(page.locator('#outbox li[data-state="accepted"]')).to_have_count(2, timeout=30000)
    assert len(uploads) == 3


def test_retry_after_is_read_as_seconds_or_a_date_and_kept_within_bounds(server, phone):
    page = phone.new_page()
    page.goto(f"{server.url}/offline")
    got = page.evaluate("""() => {
      const f = self.TripcastOutbox.retryAfterMs;
      const inTwoMinutes = new Date(Date.now() + 120000).toUTCString();
      return [f("7"), f(" 30 "), f("0"), f("86400"), f(inTwoMinutes), f(""), f(null), f("soon")];
    }""")
    assert got[:4] == [7000, 30000, 1000, 600000]
    assert 100000 < got[4] <= 120000
    assert got[5:] == [None, None, None]
