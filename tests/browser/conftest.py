"""Browser fixtures: Debian Chromium through Playwright, the real app under uvicorn with the outbox on,
a fixed server clock inside posting hours, a trip led by the teacher, and a small roster."""

from __future__ import annotations

import os
from datetime import date, datetime, time, timedelta
from pathlib import Path
from time import monotonic
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from app.accounts.models import User
from app.db import Database
from app.main import create_app
from app.roster.models import Pupil
from app.trips.service import create_trip
from tests.conftest import PASSWORD, SHARED, LiveServer, add_user, make_settings, migrated

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
PHOTOS = SHARED / "photos"
LONDON = ZoneInfo("Europe/London")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
TEACHER = "teacher@school.example"
HEAD = "head@school.example"
PUPILS = [  # legal, preferred, surname, class, photo consent
    ("Amelia", "", "Khan", "6B", False),
    ("Oliver", "Ollie", "Bennett", "6B", True),
    ("Zofia", "", "Nowak", "6B", True),
]


class Clock:
    """The server's clock: fixed to a weekday morning so posting hours never depend on when tests run."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def next_wednesday_morning(today: date) -> datetime:
    days = (2 - today.weekday()) % 7 or 7
    return datetime.combine(today + timedelta(days=days), time(10, 0), tzinfo=LONDON)


@pytest.fixture(scope="package")
def playwright_driver():
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does) to run the browser tests"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="package")
def browser(playwright_driver) -> Browser:
    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield chromium
    chromium.close()


@pytest.fixture(scope="package")
def iphone(playwright_driver) -> dict:
    """Apple's iPhone 13 screen, touch and user agent, rendered by Chromium (WebKit cannot run here)."""
    device = dict(playwright_driver.devices["iPhone 13"])
    device.pop("default_browser_type", None)
    return device


def seed(settings) -> None:
    add_user(settings, HEAD, "admin", name="Mrs Head")
    add_user(settings, TEACHER, "poster", name="Mr Teacher")
    database = Database(settings.db_url)
    with database.session() as db:
        db.add_all(Pupil(legal_forename=legal, preferred_forename=preferred, surname=surname, class_name=klass,
                         photo_consent=consent) for legal, preferred, surname, klass, consent in PUPILS)
        teacher = db.query(User).filter_by(email=TEACHER).one()
        head = db.query(User).filter_by(email=HEAD).one()
        today = date.today()
        create_trip(db, name="Year 6 residential to Robinwood", start=today - timedelta(days=1),
                    end=today + timedelta(days=9), leaders=[teacher], classes=["6B"], actor=head)
        db.commit()
    database.dispose()


@pytest.fixture
def server(tmp_path):
    settings = migrated(make_settings(tmp_path, outbox_enabled=True, outbox_poll_seconds=0.05))
    seed(settings)
    app = create_app(settings)
    app.state.clock = Clock(next_wednesday_morning(date.today()))
    with LiveServer(app) as live:
        yield live


def new_context(browser: Browser, device: dict | None = None, **options) -> BrowserContext:
    settings = dict(device or {"viewport": {"width": 1280, "height": 900}})
    settings.update(options)
    return browser.new_context(**settings)


@pytest.fixture
def phone(browser, iphone) -> BrowserContext:
    context = new_context(browser, iphone)
    yield context
    context.close()


@pytest.fixture
def desktop(browser) -> BrowserContext:
    context = new_context(browser)
    yield context
    context.close()


def sign_in(page: Page, base_url: str, email: str = TEACHER, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/")


def wait_for_service_worker(page: Page) -> None:
    """Until the service worker controls the page (it claims clients when it activates)."""
    poll(page, "() => !!navigator.serviceWorker && navigator.serviceWorker.controller !== null")


OUTBOX_ENTRIES_JS = """async () => {
  const entries = await self.TripcastOutbox.all();
  return entries.map((e) => ({key: e.key, state: e.state, photoBytes: (e.photos || []).reduce(
    (n, p) => n + (p.bytes ? p.bytes.byteLength : 0), 0), photos: (e.photos || []).length,
    removed: !!e.photosRemoved}));
}"""


def outbox_entries(page: Page) -> list[dict]:
    return page.evaluate(OUTBOX_ENTRIES_JS)


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path


def app_of(server: LiveServer):
    """The FastAPI app behind the live server (its clock, database and static version)."""
    return server.server.config.app


def set_server_time(server: LiveServer, hour: int, minute: int = 0) -> None:
    """Moves the server's fixed clock on the same day, e.g. to 19:00 to be outside posting hours."""
    clock = app_of(server).state.clock
    clock.moment = clock.moment.replace(hour=hour, minute=minute)


def poll(page, script: str, arg=None, timeout: float = 15) -> None:
    """Polls from Python: wait_for_function's string predicates need eval, which the app's CSP forbids."""
    deadline = monotonic() + timeout
    while not page.evaluate(script, arg):
        assert monotonic() < deadline, f"timed out waiting for {script}"
        page.wait_for_timeout(100)


def wait_until_controlled(page) -> None:
    poll(page, "() => navigator.serviceWorker.controller !== null")
