"""axe-core on every page (no serious or critical problems), X's counter against the conformance cases,
and downscaling on the device (orientation applied, long edge at most 2048)."""

from __future__ import annotations

import base64
import io

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import expect
from twitter_text import parse_tweet

from tests.browser.conftest import HEAD, PHOTOS, SHARED, sign_in, wait_for_service_worker

PAGES = ["/", "/posts", "/offline", "/sandbox", "/account/password", "/admin", "/admin/staff", "/admin/trips",
         "/admin/audit", "/admin/roster", "/admin/allowlist", "/admin/channels"]
CONFORMANCE = SHARED / "apis" / "twitter-text-conformance-validate.yml"


def serious(page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_axe_finds_nothing_serious_on_any_page(server, browser, dark):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark" if dark else "light")
    page = context.new_page()
    problems = {}
    page.goto(f"{server.url}/login")
    problems["/login"] = serious(page)
    sign_in(page, server.url, HEAD)
    for path in PAGES:
        page.goto(server.url + path)
        page.wait_for_load_state("networkidle")
        problems[path] = serious(page)
    page.goto(server.url + "/")
    page.get_by_label("Caption").fill("Amelia Khan at https://example.com today")
    expect(page.locator("#findings li").first).to_be_visible()
    problems["/ with findings"] = serious(page)
    context.close()
    assert {path: found for path, found in problems.items() if found} == {}


def conformance_cases() -> list[tuple[str, int]]:
    tests = yaml.safe_load(CONFORMANCE.read_text())["tests"]
    cases = [(c["text"], c["expected"]["weightedLength"]) for section in
             ("WeightedTweetsWithDiscountedEmojiCounterTest", "UnicodeDirectionalMarkerCounterTest")
             for c in tests[section]]
    # The older (no emoji parsing) section too, judged by the server's library, which is what must agree.
    cases += [(c["text"], parse_tweet(c["text"]).weightedLength) for c in tests["WeightedTweetsCounterTest"]]
    extra = ["©", "1⃣", "🇬🇧", "👍🏽", "bbc.co.uk", "see www.bbc.co.uk/news ok", "e.g. this", "Mrs.Patel",
             "http://t.co/abcdefghij", "A\r\nB", "Year 6 at Robinwood! https://wentworth.sch.uk/trips?y=6 🎉🏔️",
             "Zoë & Siobhan O’Neill", "mail me@school.org", "(see bbc.co.uk)", "https://example.com/a_(b)"]
    return cases + [(text, parse_tweet(text).weightedLength) for text in extra]


def test_live_counter_counts_like_x(server, desktop):
    page = desktop.new_page()
    page.goto(f"{server.url}/offline")
    cases = conformance_cases()
    got = page.evaluate("""async (cases) => {
      const { xWeightedLength } = await import("/static/js/x-length.js");
      return cases.map(([text]) => xWeightedLength(text));
    }""", cases)
    wrong = [(text[:40], want, count) for (text, want), count in zip(cases, got, strict=True) if want != count]
    assert len(cases) > 40 and wrong == []


def jpeg_bytes(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 90)).save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def test_photos_are_downscaled_and_upright_on_the_device(server, phone):
    page = phone.new_page()
    sign_in(page, server.url)
    wait_for_service_worker(page)
    photos = {"sideways.jpg": (PHOTOS / "Landscape_6.jpg").read_bytes(), "huge.jpg": jpeg_bytes((6000, 4000))}
    result = page.evaluate("""async (photos) => {
      const { downscale } = await import("/static/js/photos.js");
      const out = {};
      for (const [name, b64] of Object.entries(photos)) {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const small = await downscale(new File([bytes], name, { type: "image/jpeg" }), 2048);
        out[name] = { width: small.width, height: small.height, type: small.blob.type, size: small.blob.size,
                      original: bytes.length, name: small.name };
      }
      return out;
    }""", {name: base64.b64encode(data).decode() for name, data in photos.items()})
    assert result["sideways.jpg"]["width"] == 1800 and result["sideways.jpg"]["height"] == 1200
    assert (result["huge.jpg"]["width"], result["huge.jpg"]["height"]) == (2048, 1365)
    assert all(r["type"] == "image/jpeg" for r in result.values())
    assert result["huge.jpg"]["size"] < result["huge.jpg"]["original"]
