"""A small page helper over a W3C WebDriver session (Selenium), in Playwright's words, so the WebKit tests read
like the Chromium ones in tests/browser: `page.evaluate(js, arg)` takes the same JavaScript function text as
Playwright's (`"async (arg) => ..."`), controls are found by their label or accessible name, and every wait is
an explicit WebDriverWait on a condition, never a sleep.

Scripts run through WebDriver's Execute Async Script, which the page's Content-Security-Policy (no eval) does not
stop; the function text is placed in the script, not eval'd by the page.
"""

from __future__ import annotations

from pathlib import Path

from selenium.common.exceptions import (
    JavascriptException,
    StaleElementReferenceException,
    TimeoutException,
    WebDriverException,
)
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

TIMEOUT = 20  # seconds: the machine running the tests is shared and slow; every wait ends as soon as it is met

# The control a <label> or aria-label names, like Playwright's get_by_label: by default the label contains `name`
# (any case), with exact=True it is `name`; `pattern` is a case-insensitive regular expression instead.
_BY_LABEL = """
const [name, exact, pattern] = arguments;
const matches = (text) => pattern ? new RegExp(pattern, "i").test(text)
  : exact ? text.trim() === name : text.toLowerCase().includes(name.toLowerCase());
for (const label of document.querySelectorAll("label")) {
  if (matches(label.textContent.replace(/\\s+/g, " ")) && label.control) return label.control;
}
for (const node of document.querySelectorAll("[aria-label]")) {
  if (matches(node.getAttribute("aria-label"))) return node;
}
return null;
"""

# A visible button (or link styled as one) by its text, like get_by_role("button", name=..., exact=True).
_BUTTON = """
const [name, scope] = arguments;
for (const node of (scope || document).querySelectorAll("button, [role=button], input[type=submit]")) {
  if ((node.textContent || node.value || "").trim() === name && node.getClientRects().length) return node;
}
return null;
"""

# Runs `fn(arg)` (sync or async) and answers {value} or {error}, so a rejected promise fails the test clearly.
_EVALUATE = """
const done = arguments[arguments.length - 1];
Promise.resolve().then(() => (%s)(arguments[0])).then(
  (value) => done({ value: value === undefined ? null : value }),
  (error) => done({ error: String(error && error.stack || error) }));
"""


class PageError(AssertionError):
    pass


class WebDriverPage:
    def __init__(self, driver: WebDriver, timeout: float = TIMEOUT) -> None:
        self.driver = driver
        self.timeout = timeout

    # Navigation ----------------------------------------------------------------------

    def goto(self, url: str) -> None:
        self.driver.get(url)

    def reload(self) -> None:
        self.driver.refresh()

    @property
    def url(self) -> str:
        return self.driver.current_url

    def wait_for_url(self, url: str) -> None:
        self.wait(lambda: self.driver.current_url.rstrip("/") == url.rstrip("/"), f"the page to be {url}")

    # Scripts -------------------------------------------------------------------------

    def evaluate(self, js: str, arg=None):
        """Playwright's page.evaluate: `js` is a function expression, called with `arg`; promises are awaited."""
        answer = self.driver.execute_async_script(_EVALUATE % js, arg)
        if answer is None:
            raise PageError(f"no answer from {js[:80]}")
        if "error" in answer:
            raise PageError(f"{js[:80]}… failed in the page: {answer['error']}")
        return answer["value"]

    def wait(self, condition, what: str, timeout: float | None = None):
        """Until condition() is truthy (its value is returned); page errors while the page changes are retried."""
        return WebDriverWait(self.driver, timeout or self.timeout, poll_frequency=0.1,
                             ignored_exceptions=(StaleElementReferenceException, JavascriptException, PageError)
                             ).until(lambda _driver: condition(), f"timed out waiting for {what}")

    def poll(self, js: str, arg=None, timeout: float | None = None):
        """Until the function `js` answers something truthy in the page (like the Chromium tests' poll)."""
        return self.wait(lambda: self.evaluate(js, arg), js, timeout)

    # Finding and using controls ---------------------------------------------------------

    def by_label(self, name: str, exact: bool = False, pattern: str | None = None) -> WebElement:
        return self.wait(lambda: self.driver.execute_script(_BY_LABEL, name, exact, pattern),
                         f"a control labelled {name or pattern!r}")

    def button(self, name: str, within: WebElement | None = None) -> WebElement:
        return self.wait(lambda: self.driver.execute_script(_BUTTON, name, within), f"a button named {name!r}")

    def fill(self, label: str, text: str) -> None:
        """Replaces the control's value as typed by a person (input events fire for every character)."""
        control = self.by_label(label)
        control.clear()
        control.send_keys(text)
        self.wait(lambda: control.get_property("value") == text, f"{label!r} to read {text!r}")

    def check(self, label: str = "", pattern: str | None = None) -> None:
        box = self.by_label(label, pattern=pattern)
        self.wait(lambda: box.is_enabled() and box.is_displayed(), f"{label or pattern!r} to be ready")
        if not box.is_selected():
            self.to_middle(box)
            box.click()
        self.wait(box.is_selected, f"{label or pattern!r} to be ticked")

    def click(self, name: str, within: WebElement | None = None) -> None:
        button = self.button(name, within)
        self.wait(button.is_enabled, f"{name!r} to be enabled")
        self.to_middle(button)
        button.click()

    def to_middle(self, element: WebElement) -> None:
        """Scroll the control to the middle of the window first: on a phone, Compose's Post bar is fixed to the
        bottom edge, and WebDriver's own scrolling would leave a control under it (the click is intercepted)."""
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", element)

    def set_input_files(self, label: str, path: Path, exact: bool = True) -> None:
        """A file chosen in the file picker: WebDriver types the path into the <input type=file>."""
        self.by_label(label, exact).send_keys(str(path))

    # Reading the page ----------------------------------------------------------------

    def all(self, css: str) -> list[WebElement]:
        return self.driver.find_elements("css selector", css)

    def texts(self, css: str) -> list[str]:
        return self.evaluate("(css) => [...document.querySelectorAll(css)].map((n) => n.textContent)", css)

    def expect_count(self, css: str, count: int, timeout: float | None = None) -> None:
        self.wait(lambda: len(self.all(css)) == count, f"{count} × {css}", timeout)

    def expect_text(self, css: str, text: str, timeout: float | None = None) -> None:
        """Some element matching `css` contains `text` (a timeout says what the elements said instead)."""
        try:
            self.wait(lambda: any(text in found for found in self.texts(css)), f"{text!r} in {css}", timeout)
        except TimeoutException as exc:
            raise TimeoutException(f"{exc.msg}; it said {self.texts(css)!r}") from None

    def value(self, label: str) -> str:
        return self.by_label(label).get_property("value")

    def screenshot(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.driver.save_screenshot(str(path))
        return path

    def fetch_json(self, path: str):
        """GET `path` with this page's cookies (Playwright's page.request.get(...).json())."""
        return self.evaluate("""async (path) => {
          const response = await fetch(path, { headers: { Accept: "application/json" }, credentials: "same-origin" });
          if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
          return response.json();
        }""", path)

    def __repr__(self) -> str:
        try:
            return f"<WebDriverPage {self.driver.current_url}>"
        except WebDriverException:
            return "<WebDriverPage (closed)>"

