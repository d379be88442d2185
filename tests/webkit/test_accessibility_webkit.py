"""axe-core in WebKit on every page, as tests/browser/test_accessibility_and_counter.py does in Chromium, light and
dark (MiniBrowser's dark mode sets prefers-color-scheme): no serious or critical problems."""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python
import pytest

from tests.browser.conftest import HEAD
from tests.browser.test_accessibility_and_counter import PAGES
from tests.webkit.conftest import PHONE, sign_in, start_webkit
from tests.webkit.page import WebDriverPage

AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()  # the copy the Chromium tests use
RUN_AXE_JS = """async () => {
  const results = await axe.run(document, { resultTypes: ["violations"] });
  if (!results.passes.length) throw new Error("axe checked nothing");
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`);
}"""


def serious(page: WebDriverPage) -> list[str]:
    page.poll("() => document.readyState === 'complete'")
    page.driver.execute_script(AXE)  # WebDriver runs it as a script of its own: the page's CSP does not apply
    return page.evaluate(RUN_AXE_JS)


@pytest.fixture(params=[False, True], ids=["light", "dark"])
def themed(request, display):
    dark = request.param
    driver = start_webkit(display, *(["--dark-mode"] if dark else []))
    try:
        driver.set_window_size(*PHONE)
        page = WebDriverPage(driver)
        yield page, dark
    finally:
        driver.quit()


def test_axe_finds_nothing_serious_on_any_page_in_webkit(server, themed):
    page, dark = themed
    problems = {}
    page.goto(f"{server.url}/login")
    assert page.evaluate("() => matchMedia('(prefers-color-scheme: dark)').matches") is dark
    problems["/login"] = serious(page)
    sign_in(page, server.url, HEAD)
    for path in PAGES:
        page.goto(server.url + path)
        problems[path] = serious(page)
    page.goto(server.url + "/")
    page.fill("Caption", "Amelia Khan at https://example.com today")
    page.wait(lambda: page.all("#findings li"), "the findings")
    problems["/ with findings"] = serious(page)
    assert {path: found for path, found in problems.items() if found} == {}
