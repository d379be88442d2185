"""Fixtures for after posting: the real app on the Sandbox, or on X and Facebook faked at the HTTP boundary."""

from __future__ import annotations

import pytest

from tests.channels.fake_facebook import PAGE_ID, PAGE_TOKEN
from tests.channels.fake_x import CREDENTIALS
from tests.conftest import login
from tests.posts.conftest import build_client, clock, drain, fakes, submit  # noqa: F401 - fixtures

SOCIAL = dict(
    x_api_key=CREDENTIALS["api_key"], x_api_secret=CREDENTIALS["api_secret"],
    x_access_token=CREDENTIALS["access_token"], x_access_token_secret=CREDENTIALS["access_token_secret"],
    facebook_page_id=PAGE_ID, facebook_page_token=PAGE_TOKEN,
)
TEACHER, HEAD = "teacher@school.example", "head@school.example"


@pytest.fixture
def sandbox_app(tmp_path, clock):  # noqa: F811
    with build_client(tmp_path, clock) as client:
        login(client, TEACHER)
        yield client


@pytest.fixture
def social_app(tmp_path, clock, fakes):  # noqa: F811
    with build_client(tmp_path, clock, **SOCIAL) as client:
        login(client, TEACHER)
        yield client


def publish(client, text: str, channels: list[str] | None = None) -> str:
    response = submit(client, text, channels=channels)
    assert response.status_code == 202, response.text
    drain(client)
    post = client.get(f"/api/posts/{response.json()['id']}").json()
    assert post["status"] == "published", post
    return post["id"]
