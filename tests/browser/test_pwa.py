"""Installable, controlled by the service worker, light (compose's JS and CSS gzipped on the wire), cached for repeat
visits; screenshots of compose."""

from __future__ import annotations

import httpx
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, screenshot, sign_in, wait_for_service_worker

WEIGHT_LIMIT = 40_000  # compose JS + CSS on the wire, gzipped (issue 12: 40 KB, counted as decimal kilobytes)


def test_installable_with_no_errors(server, desktop):
    page = desktop.new_page()
    sign_in(page, server.url)
    wait_for_service_worker(page)
    cdp = desktop.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    manifest = cdp.send("Page.getAppManifest")
    assert errors == [] or [e["errorId"] for e in errors] == ["in-incognito"], errors
    assert not manifest.get("errors"), manifest.get("errors")
    body = page.request.get(f"{server.url}/manifest.webmanifest").json()
    assert body["display"] == "standalone" and body["start_url"] == "/" and body["scope"] == "/"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in body["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in body["icons"]:
        assert page.request.get(server.url + icon["src"]).headers["content-type"] == "image/png"
    worker = page.request.get(f"{server.url}/sw.js")
    assert worker.headers["service-worker-allowed"] == "/" and worker.headers["cache-control"] == "no-cache"
    assert "__STATIC_VERSION__" not in worker.text()


def test_installable_in_a_normal_profile(server, playwright_driver, tmp_path):
    """Chrome reports "in-incognito" for Playwright's throwaway contexts, so check a real profile too."""
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    context = playwright_driver.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    try:
        page = context.new_page()
        sign_in(page, server.url)
        wait_for_service_worker(page)
        errors = context.new_cdp_session(page).send("Page.getInstallabilityErrors")["installabilityErrors"]
        assert errors == [], errors
    finally:
        context.close()


def test_service_worker_controls_and_serves_repeat_visits(server, phone):
    page = phone.new_page()
    sign_in(page, server.url)
    wait_for_service_worker(page)
    from_worker = []
    page.on("response", lambda r: from_worker.append((r.url, r.from_service_worker)) if "/static/" in r.url else None)
    page.reload()
    wait_for_service_worker(page)
    statics = [(url, sw) for url, sw in from_worker if url.endswith((".js", ".css")) or ".js?" in url or ".css?" in url]
    assert statics and all(sw for _, sw in statics), statics
    # Signed-in pages and the API are never stored in the cache.
    cached = page.evaluate("""async () => {
      const keys = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) keys.push(new URL(request.url).pathname);
      }
      return keys;
    }""")
    assert "/offline" in cached and "/" not in cached and not [k for k in cached if k.startswith("/api/")]


def wire_bytes(url: str) -> int:
    """Bytes on the wire as a browser asking for gzip gets them (the server must compress them)."""
    with httpx.stream("GET", url, headers={"Accept-Encoding": "gzip"}) as response:
        assert response.headers.get("content-encoding") == "gzip", url
        return sum(len(chunk) for chunk in response.iter_raw())


def test_compose_page_weight_and_screenshots(server, browser, iphone):
    weights = {}
    for name, options in (("phone", iphone), ("desktop", {"viewport": {"width": 1280, "height": 900}})):
        context = browser.new_context(**options)
        page = context.new_page()
        sign_in(page, server.url)
        responses = []
        page.on("response", lambda r, found=responses: found.append(r)
                if r.request.resource_type in ("script", "stylesheet") else None)
        page.reload()
        expect(page.get_by_label("Caption")).to_be_visible()
        page.wait_for_load_state("networkidle")
        sizes = {r.url.split("?")[0]: wire_bytes(r.url) for r in responses}
        weights[name] = sum(sizes.values())
        screenshot(page, f"compose-{name}.png")
        page.emulate_media(color_scheme="dark")
        screenshot(page, f"compose-{name}-dark.png")
        context.close()
        (ARTIFACTS / f"compose-weight-{name}.txt").write_text(
            "".join(f"{size:>7} {url}\n" for url, size in sorted(sizes.items())) + f"{weights[name]:>7} total\n")
    assert weights["phone"] <= WEIGHT_LIMIT, weights
