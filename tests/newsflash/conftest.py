from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from tests.conftest import add_user, login, make_settings, migrated
from tests.newsflash.feed_server import FeedServer
from tests.posts.conftest import WEDNESDAY_10AM, Clock


@pytest.fixture
def feeds():
    with FeedServer() as server:
        yield server


def newsflash_client(tmp_path, clock, **overrides) -> TestClient:
    values = dict(newsflash_allow_private_addresses=True)
    values.update(overrides)
    settings = migrated(make_settings(tmp_path, **values))
    if not (settings.data_dir / "users-made").exists():
        add_user(settings, "head@school.example", "admin", name="Mrs Head")
        add_user(settings, "teacher@school.example", "poster", name="Mr Teacher")
        (settings.data_dir / "users-made").touch()
    app = create_app(settings)
    app.state.clock = clock
    return TestClient(app)


@pytest.fixture
def clock():
    return Clock(WEDNESDAY_10AM)


@pytest.fixture
def admin_news(tmp_path, clock):
    with newsflash_client(tmp_path, clock) as client:
        login(client, "head@school.example")
        yield client
