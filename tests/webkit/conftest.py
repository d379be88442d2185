"""WebKit fixtures: Debian's WebKitGTK (the engine of every iPhone browser) through its W3C WebDriver,
/usr/bin/WebKitWebDriver, driven by Selenium, on a virtual X display (Xvfb) this session starts itself.

The app is the same as in tests/browser (its `server` fixture: the real app under uvicorn with the outbox on, a
fixed clock inside posting hours, a trip and a small roster), here with a fixed port so a test can stop the
server (the phone has no signal) and start it again on the same address.

WebKitWebDriver or Xvfb missing fails the tests with what to install (`.ci/run` installs both); set
TRIPCAST_SKIP_WEBKIT=1 to skip them on a machine without them.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.webkitgtk.options import Options
from selenium.webdriver.webkitgtk.service import Service

from app.main import create_app
from tests.browser.conftest import (
    ARTIFACTS,
    PHOTOS,
    TEACHER,
    Clock,
    app_of,
    next_wednesday_morning,
    seed,
)
from tests.conftest import PASSWORD, LiveServer, make_settings, migrated
from tests.webkit.page import WebDriverPage

__all__ = ["ARTIFACTS", "PASSWORD", "PHOTOS", "TEACHER", "app_of"]

WEBDRIVER = "/usr/bin/WebKitWebDriver"
# WebKitGTK's own small browser, from Debian's libwebkit2gtk-4.1-0 (a dependency of webkit2gtk-driver)
MINIBROWSER = next(iter(sorted(glob.glob("/usr/lib/*/webkit2gtk-4.1/MiniBrowser"))),
                   "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser")
# An iPhone 13's screen in CSS pixels; MiniBrowser's toolbar keeps the window at least 447 wide (an iPhone Pro Max
# is 430). WebKitGTK cannot emulate touch, the device pixel ratio or the iOS user agent.
PHONE = (390, 844)
SKIP = os.environ.get("TRIPCAST_SKIP_WEBKIT") == "1"


def pytest_collection_modifyitems(items) -> None:
    here = Path(__file__).parent
    for item in items:
        if item.path.parent == here:
            item.add_marker(pytest.mark.webkit)
            # Selenium's own WebKitGTK driver class still uses a deprecated way to make its connection.
            item.add_marker(pytest.mark.filterwarnings("ignore:setting remote_server_addr:DeprecationWarning"))


def _missing() -> list[str]:
    found = []
    if not Path(WEBDRIVER).exists():
        found.append(f"{WEBDRIVER} (Debian package webkit2gtk-driver)")
    if not Path(MINIBROWSER).exists():
        found.append(f"{MINIBROWSER} (Debian package libwebkit2gtk-4.1-0)")
    if not shutil.which("Xvfb"):
        found.append("Xvfb (Debian package xvfb)")
    return found


@pytest.fixture(scope="session")
def display() -> Iterator[str]:
    """A private virtual X display for WebKitGTK (no window manager, 24-bit colour)."""
    if SKIP:
        pytest.skip("TRIPCAST_SKIP_WEBKIT=1: the WebKit tests are skipped on this machine")
    missing = _missing()
    if missing:
        pytest.fail("The WebKit tests need " + ", ".join(missing) + ". Run .ci/run (it installs them), or set "
                    "TRIPCAST_SKIP_WEBKIT=1 to skip the WebKit tests on this machine.", pytrace=False)
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp",
                             "-noreset"], pass_fds=[write], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    number = b""
    with os.fdopen(read, "rb") as answer:  # Xvfb writes the display number it took once it is ready
        while not number.endswith(b"\n"):
            chunk = answer.read(1)
            if not chunk:
                xvfb.kill()
                pytest.fail(f"Xvfb did not start (exit code {xvfb.wait()})", pytrace=False)
            number += chunk
    try:
        yield f":{number.decode().strip()}"
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)


def start_webkit(display: str, *args: str) -> webdriver.WebKitGTK:
    options = Options()
    options.binary_location = MINIBROWSER
    options.add_argument("--automation")
    for arg in args:
        options.add_argument(arg)
    ARTIFACTS.mkdir(exist_ok=True)
    service = Service(executable_path=WEBDRIVER, env={**os.environ, "DISPLAY": display},
                      log_output=str(ARTIFACTS / "webkit-webdriver.log"))
    driver = webdriver.WebKitGTK(options=options, service=service)
    driver.set_script_timeout(60)
    return driver


@pytest.fixture
def webkit(display) -> Iterator[webdriver.WebKitGTK]:
    """A fresh WebKitGTK browser (its own ephemeral storage: no service worker or IndexedDB from other tests)."""
    driver = start_webkit(display)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def phone(webkit) -> WebDriverPage:
    webkit.set_window_size(*PHONE)
    return WebDriverPage(webkit)


@pytest.fixture
def desktop(webkit) -> WebDriverPage:
    webkit.set_window_size(1280, 900)
    return WebDriverPage(webkit)


class Server:
    """The live app on a fixed port, which can go away (no signal) and come back on the same address."""

    def __init__(self, app) -> None:
        self.app = app
        self.live = LiveServer(app).__enter__()
        self.port = self.live.port
        self.url = self.live.url

    def stop(self) -> None:
        self.live.__exit__(None, None, None)
        self.live = None

    def start(self) -> None:
        live = LiveServer(self.app)
        live.port = self.port
        live.url = self.url
        live.server.config.port = self.port
        self.live = live.__enter__()

    @property
    def server(self):  # as tests.conftest.LiveServer, for tests.browser.conftest.app_of
        return self.live.server

    def close(self) -> None:
        if self.live:
            self.stop()


@pytest.fixture
def server(tmp_path) -> Iterator[Server]:
    settings = migrated(make_settings(tmp_path, outbox_enabled=True, outbox_poll_seconds=0.05))
    seed(settings)
    app = create_app(settings)
    app.state.clock = Clock(next_wednesday_morning(date.today()))
    live = Server(app)
    try:
        yield live
    finally:
        live.close()


def sign_in(page: WebDriverPage, base_url: str, email: str = TEACHER, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/login")
    page.fill("Email", email)
    page.fill("Password", password)
    page.click("Sign in")
    page.wait_for_url(f"{base_url}/")
    page.by_label("Caption")


def wait_for_service_worker(page: WebDriverPage) -> None:
    """Until the service worker controls the page (it claims clients when it activates)."""
    page.poll("() => !!navigator.serviceWorker && navigator.serviceWorker.controller !== null")


def screenshot(page: WebDriverPage, name: str) -> Path:
    return page.screenshot(ARTIFACTS / f"webkit-{name}")
