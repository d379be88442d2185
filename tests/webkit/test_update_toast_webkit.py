"""A new release in WebKit, as tests/browser/test_update_toast.py in Chromium: the waiting service worker is
offered as "Update available" without reloading the caption away, and "Update now" reloads into the new
release, whose worker controls the page and has deleted the old release's cache; whether the page was
controlled from the start or is the visit that installed the first worker."""

from __future__ import annotations

from tests.webkit.conftest import PASSWORD, TEACHER, app_of, sign_in, wait_for_service_worker

NEW_VERSION = "v2-webkit-update-test"
CAPTION = "Half-way up Helvellyn and still smiling"
SIGN_IN_JS = """async ([email, password]) => {
  const response = await fetch("/api/session", { method: "POST", headers: { "Content-Type": "application/json" },
                                                 body: JSON.stringify({ email, password }) });
  if (!response.ok) throw new Error(await response.text());
}"""


WORKER_STATE = """async (cache) => {
  if ((await navigator.serviceWorker.getRegistration()).waiting) return "waiting";
  return JSON.stringify(await caches.keys()) === JSON.stringify([cache]) ? "activated by itself" : null;
}"""


def update_waits_for_the_teacher(page, server, may_activate_itself: bool = False) -> None:
    page.fill("Caption", CAPTION)
    page.evaluate("() => { window.__notReloaded = true; }")
    app_of(server).state.static_version = NEW_VERSION  # /sw.js now serves a different script
    page.evaluate("async () => { await (await navigator.serviceWorker.getRegistration()).update(); }")
    page.expect_text("#toast", "Update available", timeout=30)
    assert page.evaluate("() => window.__notReloaded === true"), "the update reloaded the page by itself"
    assert page.value("Caption") == CAPTION
    # One CI run of WebKit on a loaded machine showed the toast while the registration reported no waiting worker.
    # Either WebKit set the registration's waiting worker after the "installed" state change that showed the toast
    # (so ask until it does), or, on the visit that installed the first worker, it let the new worker activate
    # without waiting because its claim had not yet counted the page as using the old one. The page does not reload
    # in either case, and "Update now" reloads into the new release either way.
    state = page.poll(WORKER_STATE, f"tripcast-shell-{NEW_VERSION}", timeout=30)
    assert state == "waiting" or (may_activate_itself and state == "activated by itself"), state

    page.click("Update now", within=page.all("#toast")[0])
    page.poll("(src) => !!document.querySelector(`script[src=\"${src}\"]`)", f"/static/js/app.js?v={NEW_VERSION}",
              timeout=30)
    assert not page.evaluate("() => window.__notReloaded === true")
    wait_for_service_worker(page)
    page.poll("async (name) => JSON.stringify(await caches.keys()) === JSON.stringify([name])",
              f"tripcast-shell-{NEW_VERSION}")


def test_update_waits_for_the_teacher_on_a_page_the_worker_already_controlled(server, phone):
    page = phone
    sign_in(page, server.url)
    wait_for_service_worker(page)
    page.reload()  # controlled from the start, like every later visit
    page.by_label("Caption")
    wait_for_service_worker(page)
    update_waits_for_the_teacher(page, server)


def test_update_now_reloads_on_the_visit_that_installed_the_worker(server, phone):
    page = phone
    page.goto(f"{server.url}/healthz")  # a page of the app's origin without the app's scripts: no worker yet
    page.evaluate(SIGN_IN_JS, [TEACHER, PASSWORD])
    assert page.evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length") == 0
    page.goto(f"{server.url}/")  # the first visit registers the worker, which claims the page without reloading
    page.evaluate("() => { window.__firstLoad = true; }")
    wait_for_service_worker(page)
    assert page.evaluate("() => window.__firstLoad === true")
    update_waits_for_the_teacher(page, server, may_activate_itself=True)
