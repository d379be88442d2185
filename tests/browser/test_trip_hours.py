"""Posting hours on the phone: a trip leader's post that reaches the school just after 18:00 goes out as a
trip post instead of waiting overnight; "Schedule for" is always the next opening still to come."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import HEAD, app_of, set_server_time, sign_in, wait_until_controlled


def test_trip_leaders_post_arriving_after_hours_goes_out_as_a_trip_post(server, desktop):
    set_server_time(server, 17, 58)
    page = desktop.new_page()
    sign_in(page, server.url)  # Mr Teacher leads the Robinwood residential
    wait_until_controlled(page)
    expect(page.locator("#hours")).to_be_hidden()  # inside posting hours: no reason asked for
    desktop.set_offline(True)
    page.get_by_label("Caption").fill("Evening activity: night walk in the woods.")
    page.get_by_role("button", name="Post", exact=True).click()
    expect(page.locator('#outbox li[data-state="pending"]')).to_have_count(1)

    clock = app_of(server).state.clock
    clock.moment = clock.moment.replace(hour=18, minute=0, second=30)
    desktop.set_offline(False)
    sent = page.locator('#outbox li[data-state="accepted"]')
    expect(sent).to_have_count(1, timeout=20000)
    expect(sent.locator(".deliveries .badge")).to_have_text("Published", timeout=20000)
    [post] = page.request.get(f"{server.url}/api/posts").json()["posts"]
    assert post["status"] == "published" and post["out_of_hours_reason"] == "trip"


def test_schedule_for_is_the_next_opening_and_a_scheduled_post_says_when(server, desktop):
    set_server_time(server, 17, 59)  # the page opens inside posting hours...
    page = desktop.new_page()
    sign_in(page, server.url, HEAD)
    set_server_time(server, 18, 5)   # ...and the teacher is still typing after 18:00
    page.get_by_label("Caption").fill("Parents' evening is next Tuesday.")
    expect(page.locator("#hours")).to_be_visible()
    schedule = page.get_by_label(re.compile("Schedule for"))
    label = page.locator("#next-window")
    expect(label).to_contain_text("08:00")
    expect(label).not_to_contain_text("17:59")
    schedule.check()
    expect(page.get_by_role("button", name="Post", exact=True)).to_have_count(0)  # "Schedule" says what it does
    page.get_by_role("button", name="Schedule", exact=True).click()
    sent = page.locator('#outbox li[data-state="accepted"]')
    expect(sent).to_have_count(1, timeout=20000)
    # Posted: the out-of-hours choice is back to its start, and the button says Post again.
    expect(schedule).not_to_be_checked()
    expect(page.get_by_role("button", name="Post", exact=True)).to_be_visible()
    expect(sent.locator(".status-line").first).to_contain_text(re.compile(r"Scheduled for \w{3} \d+ \w{3}.* 08:00"))
    [post] = page.request.get(f"{server.url}/api/posts").json()["posts"]
    assert post["status"] == "scheduled" and "T08:00:00" in post["scheduled_for"]
