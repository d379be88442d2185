"""A new release never reloads the page by itself: it offers "Update available" and reloads only when asked,
whether this page installed the service worker (first visit) or was already controlled by it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, TEACHER, app_of, poll, sign_in, wait_until_controlled

NEW_VERSION = "v2-update-test"
CAPTION = "Half-way up Helvellyn and still smiling"


def sign_in_by_request(context, base_url: str) -> None:
    """Signs in without opening a page, so the first page opened is the service worker's first visit."""
    html = context.request.get(f"{base_url}/login").text()
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    response = context.request.post(f"{base_url}/login", form={"csrf_token": token, "next": "/", "email": TEACHER,
                                                               "password": PASSWORD})
    assert response.ok and response.url.rstrip("/") == base_url, response.url


def mark_page(page) -> None:
    page.evaluate("() => { window.__notReloaded = true; }")


def reloaded(page) -> bool:
    return not page.evaluate("() => window.__notReloaded === true")


def release_new_version(server, *pages) -> None:
    app_of(server).state.static_version = NEW_VERSION  # /sw.js now serves a different script
    for page in pages:
        page.evaluate("async () => { await (await navigator.serviceWorker.getRegistration()).update(); }")


def expect_new_version(page) -> None:
    expect(page.locator(f'script[src="/static/js/app.js?v={NEW_VERSION}"]')).to_have_count(1, timeout=15000)
    wait_until_controlled(page)
    # The old release's cache goes when the new worker has finished activating (just after the page reloads).
    poll(page, "async (name) => JSON.stringify(await caches.keys()) === JSON.stringify([name])",
         f"tripcast-shell-{NEW_VERSION}")


def type_caption_and_wait_for_toast(page, server):
    page.get_by_label("Caption").fill(CAPTION)
    mark_page(page)
    release_new_version(server, page)
    toast = page.locator("#toast")
    expect(toast).to_be_visible(timeout=15000)
    expect(toast).to_contain_text("Update available")
    page.wait_for_timeout(1500)  # time enough for a reload it must not do
    assert not reloaded(page)
    expect(page.get_by_label("Caption")).to_have_value(CAPTION)
    assert page.evaluate("async () => Boolean((await navigator.serviceWorker.getRegistration()).waiting)")
    return toast


def test_update_waits_for_the_teacher_on_a_page_the_worker_already_controlled(server, desktop):
    page = desktop.new_page()
    sign_in(page, server.url)
    wait_until_controlled(page)
    page.reload()  # now controlled from the start, like every later visit
    wait_until_controlled(page)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))

    toast = type_caption_and_wait_for_toast(page, server)
    toast.get_by_role("button", name="Update now").click()
    expect_new_version(page)
    assert reloaded(page)
    assert dialogs in ([], ["beforeunload"])  # the typed caption may be guarded by "leave this page?"


def test_update_now_reloads_on_the_visit_that_installed_the_worker(server, desktop):
    sign_in_by_request(desktop, server.url)
    page = desktop.new_page()
    page.add_init_script("window.__controlledAtLoad = Boolean(navigator.serviceWorker.controller);")
    page.goto(f"{server.url}/")
    expect(page.get_by_label("Caption")).to_be_visible()
    assert page.evaluate("() => window.__controlledAtLoad") is False
    wait_until_controlled(page)  # the first worker claims the page without reloading it
    page.on("dialog", lambda dialog: dialog.accept())

    toast = type_caption_and_wait_for_toast(page, server)
    toast.get_by_role("button", name="Update now").click()
    expect_new_version(page)
    assert reloaded(page)


def test_updating_in_one_tab_does_not_reload_a_caption_in_another(server, desktop):
    first = desktop.new_page()
    sign_in(first, server.url)
    wait_until_controlled(first)
    first.reload()
    wait_until_controlled(first)
    second = desktop.new_page()
    second.goto(f"{server.url}/")
    wait_until_controlled(second)
    dialogs = []
    second.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    mark_page(first)

    toast = type_caption_and_wait_for_toast(second, server)
    expect(first.locator("#toast")).to_be_visible()
    first.locator("#toast").get_by_role("button", name="Update now").click()
    expect_new_version(first)
    second.wait_for_timeout(1500)
    assert not reloaded(second) and dialogs == []
    expect(second.get_by_label("Caption")).to_have_value(CAPTION)
    # When the teacher is ready, this tab's toast still takes the update.
    toast.get_by_role("button", name="Update now").click()
    expect_new_version(second)
    assert reloaded(second)
