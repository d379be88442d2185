"""Kill -9 the real server while X is answering the create call; a restart must not post twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx

from tests.conftest import PASSWORD, add_user, free_port, make_settings, migrated
from tests.posts.x_server import XServer

ROOT = Path(__file__).resolve().parents[2]


def start_server(env: dict, port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.asgi:app", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("Tripcast did not start")


def signed_in(port: int) -> httpx.Client:
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10)
    response = client.post("/api/session", json={"email": "teacher@school.example", "password": PASSWORD})
    assert response.status_code == 200
    return client


def test_kill_mid_create_then_restart_publishes_exactly_once(tmp_path):
    with XServer() as x:
        settings = migrated(make_settings(tmp_path))
        add_user(settings, "teacher@school.example", "poster")
        port = free_port()
        env = dict(
            os.environ, TRIPCAST_DATA_DIR=str(settings.data_dir),
                TRIPCAST_SECRET_KEY=settings.secret_key.get_secret_value(),
            TRIPCAST_X_API_KEY="k", TRIPCAST_X_API_SECRET="s", TRIPCAST_X_ACCESS_TOKEN="t",
            TRIPCAST_X_ACCESS_TOKEN_SECRET="ts", TRIPCAST_X_API_BASE=x.url, TRIPCAST_OUTBOX_POLL_SECONDS="0.1",
            TRIPCAST_OUTBOX_LEASE_SECONDS="3",
        )
        x.hold_create.clear()  # X accepts the post, then the answer never comes back in time
        first = start_server(env, port)
        try:
            client = signed_in(port)
            response = client.post("/api/posts", data={
                "text": "Snow update: school closed tomorrow", "idempotency_key": str(uuid.uuid4()),
                "channels": "x", "out_of_hours_reason": "closure"})
            assert response.status_code == 202, response.text
            post_id = response.json()["id"]
            assert x.accepted.wait(timeout=20), "the outbox never called X"
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        x.hold_create.set()
        assert len(x.tweets) == 1

        second = start_server(env, port)
        try:
            client = signed_in(port)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                post = client.get(f"/api/posts/{post_id}").json()
                if post["status"] != "sending" and post["status"] != "queued":
                    break
                time.sleep(0.2)
        finally:
            second.terminate()
            second.wait(timeout=10)
    assert post["status"] == "published", post
    assert len(x.tweets) == 1  # reconciled, never re-sent
    assert post["deliveries"][0]["url"].endswith(x.tweets[0]["id"])
