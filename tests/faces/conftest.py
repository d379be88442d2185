"""The browser test here uses the browser fixtures of tests/browser (Chromium, a phone, the live server)."""

from tests.browser.conftest import browser, desktop, iphone, phone, playwright_driver, server  # noqa: F401
