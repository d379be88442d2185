"""Shared fixtures: a fresh data dir and migrated SQLite file per test, the real app, staff accounts.

`client` drives the app in-process over HTTP (httpx via Starlette's TestClient); `live_server` runs
the real app under uvicorn on a loopback port, for browser tests and end-to-end flows.
"""

from __future__ import annotations

import secrets
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from app.accounts.service import create_user
from app.config import Settings
from app.db import Database
from app.main import create_app
from app.migrate import upgrade

SHARED = Path(__file__).resolve().parents[2] / "shared"
PASSWORD = "correct horse battery"


def make_settings(tmp_path: Path, **overrides) -> Settings:
    values = dict(
        data_dir=tmp_path / "data",
        secret_key=secrets.token_urlsafe(40),
        outbox_enabled=False,
        outbox_poll_seconds=0.05,
        channel_check_hours=0,  # no daily connection check unless a test asks (the fakes count requests)
    )
    values.update(overrides)
    return Settings(_env_file=None, **values)


def migrated(settings: Settings) -> Settings:
    settings.ensure_dirs()
    upgrade(settings.db_url)
    return settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return migrated(make_settings(tmp_path))


@pytest.fixture
def app(settings: Settings):
    return create_app(settings)


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def db(settings: Settings):
    database = Database(settings.db_url)
    with database.session() as session:
        yield session
    database.dispose()


def add_user(settings: Settings, email: str, role: str, password: str = PASSWORD, name: str = ""):
    database = Database(settings.db_url)
    with database.session() as session:
        user = create_user(session, email, role, password, name)
        session.commit()
        user_id = user.id
    database.dispose()
    return user_id


def login(client: TestClient, email: str, password: str = PASSWORD) -> None:
    response = client.post("/api/session", json={"email": email, "password": password})
    assert response.status_code == 200, response.text


@pytest.fixture
def admin(settings: Settings) -> str:
    add_user(settings, "head@school.example", "admin", name="Mrs Head")
    return "head@school.example"


@pytest.fixture
def poster(settings: Settings) -> str:
    add_user(settings, "teacher@school.example", "poster", name="Mr Teacher")
    return "teacher@school.example"


@pytest.fixture
def admin_client(client: TestClient, admin: str) -> TestClient:
    login(client, admin)
    return client


@pytest.fixture
def poster_client(client: TestClient, poster: str, admin: str) -> TestClient:
    login(client, poster)
    return client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    def __init__(self, app) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)


@pytest.fixture
def live_server(app) -> Iterator[LiveServer]:
    with LiveServer(app) as server:
        yield server
