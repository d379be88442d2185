"""Fixtures for publishing: the real app with a fixed clock, the Sandbox, or X and Facebook faked at HTTP."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import responses
import respx
from fastapi.testclient import TestClient

from app.main import create_app
from tests.channels.fake_facebook import PAGE_ID, PAGE_TOKEN, FakeFacebook
from tests.channels.fake_x import CREDENTIALS, FakeX
from tests.conftest import SHARED, add_user, login, make_settings, migrated

LONDON = ZoneInfo("Europe/London")
WEDNESDAY_10AM = datetime(2026, 11, 25, 10, 0, tzinfo=LONDON)
PHOTO = SHARED / "photos" / "Landscape_3.jpg"
GPS_PHOTO = SHARED / "photos" / "DSCN0010.jpg"  # camera JPEG with a GPS block


class Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def clock() -> Clock:
    return Clock(WEDNESDAY_10AM)


def build_client(tmp_path: Path, clock: Clock, **overrides) -> TestClient:
    settings = migrated(make_settings(tmp_path, **overrides))
    add_user(settings, "head@school.example", "admin", name="Mrs Head")
    add_user(settings, "teacher@school.example", "poster", name="Mr Teacher")
    app = create_app(settings)
    app.state.clock = clock
    return TestClient(app)


@pytest.fixture
def sandbox_client(tmp_path, clock):
    with build_client(tmp_path, clock) as client:
        login(client, "teacher@school.example")
        yield client


@pytest.fixture
def fakes():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as x_mock, respx.mock(
        assert_all_called=False
    ) as fb_mock:
        yield FakeX(x_mock), FakeFacebook(fb_mock)


@pytest.fixture
def social_client(tmp_path, clock, fakes):
    overrides = dict(
        x_api_key=CREDENTIALS["api_key"], x_api_secret=CREDENTIALS["api_secret"],
        x_access_token=CREDENTIALS["access_token"], x_access_token_secret=CREDENTIALS["access_token_secret"],
        facebook_page_id=PAGE_ID, facebook_page_token=PAGE_TOKEN,
    )
    with build_client(tmp_path, clock, **overrides) as client:
        login(client, "teacher@school.example")
        yield client


def submit(client: TestClient, text: str, photos: list[Path] = (), *, alt: list[str] | None = None,
           channels: list[str] | None = None, confirm: tuple[str, ...] = ("consent", "alt-text", "names-with-photo"),
           key: str | None = None, **extra):
    data: dict = {"text": text, "idempotency_key": key or str(uuid.uuid4()), "confirmations": list(confirm)}
    if channels:
        data["channels"] = channels
    if alt is not None:
        data["alt_text"] = alt
    data.update(extra)
    files = [("photos", (p.name, p.read_bytes(), "image/jpeg")) for p in photos]
    return client.post("/api/posts", data=data, files=files or None)


def outbox(client: TestClient):
    return client.app.state.outbox


def drain(client: TestClient, at: datetime | None = None) -> int:
    return outbox(client).drain(at)
