"""Three real app processes on one database (a throwaway PostgreSQL cluster, and one SQLite file), each
with its own outbox, sending 30 photo posts to X and a Facebook Page faked as real HTTP servers. One
process is killed (SIGKILL) while X holds its create call. Every post must reach each platform exactly
once, and every photo must be purged.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.db import Database
from app.posts.models import Delivery, Post
from tests.channels.fake_facebook import PAGE_ID, PAGE_TOKEN
from tests.conftest import PASSWORD, SHARED, add_user, free_port, make_settings, migrated
from tests.foundation.test_postgres import postgres_url  # noqa: F401  (the throwaway cluster fixture)
from tests.multiprocess.facebook_server import FacebookServer
from tests.posts.x_server import XServer

ROOT = Path(__file__).resolve().parents[2]
PHOTO = SHARED / "photos" / "BlueSquare.jpg"
POSTS = 30
PROCESSES = 3
FINAL = {"published", "rejected", "unknown", "needs_reconnect", "cancelled"}


def start(env: dict, port: int, log: Path) -> subprocess.Popen:
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "app.asgi:app", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    return process


def wait_until_up(process: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + 120  # a loaded machine imports slowly
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"Tripcast on port {port} did not start:\n{log.read_text()[-3000:]}")


def send(port: int, number: int, cookies) -> httpx.Response:
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60, cookies=cookies) as client:
        return client.post("/api/posts", data={
            "text": f"Sports day news, part {number} of {POSTS}", "idempotency_key": str(uuid.uuid4()),
            "channels": ["x", "facebook"], "alt_text": "A blue square on the field",
            "confirmations": ["consent", "alt-text", "names-with-photo"], "out_of_hours_reason": "closure",
        }, files=[("photos", (PHOTO.name, PHOTO.read_bytes(), "image/jpeg"))])


def deliveries(database: Database) -> list[Delivery]:
    with database.session() as db:
        return list(db.scalars(select(Delivery)))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request) -> str:
    return "" if request.param == "sqlite" else request.getfixturevalue("postgres_url")


def test_three_processes_one_killed_mid_send_publish_everything_exactly_once(tmp_path, database_url):
    settings = migrated(make_settings(tmp_path, database_url=database_url))
    add_user(settings, "teacher@school.example", "poster")
    database = Database(settings.db_url)
    processes: list[subprocess.Popen] = []
    with XServer() as x, FacebookServer() as fb:
        env = dict(
            os.environ, TRIPCAST_DATA_DIR=str(settings.data_dir),
                TRIPCAST_SECRET_KEY=settings.secret_key.get_secret_value(),
            TRIPCAST_DATABASE_URL=database_url, TRIPCAST_X_API_KEY="k", TRIPCAST_X_API_SECRET="s",
            TRIPCAST_X_ACCESS_TOKEN="t", TRIPCAST_X_ACCESS_TOKEN_SECRET="ts", TRIPCAST_X_API_BASE=x.url,
            TRIPCAST_FACEBOOK_PAGE_ID=PAGE_ID, TRIPCAST_FACEBOOK_PAGE_TOKEN=PAGE_TOKEN,
            TRIPCAST_FACEBOOK_GRAPH_BASE=fb.url, TRIPCAST_OUTBOX_POLL_SECONDS="0.2",
            TRIPCAST_OUTBOX_LEASE_SECONDS="2",
        )
        ports = [free_port() for _ in range(PROCESSES)]
        logs = [tmp_path / f"app-{n}.log" for n in range(PROCESSES)]
        try:
            processes = [start(env, port, log) for port, log in zip(ports, logs, strict=True)]
            for process, port, log in zip(processes, ports, logs, strict=True):
                wait_until_up(process, port, log)
            x.hold_create.clear()  # X accepts the first posts but holds its answers: their senders are mid-send
            signed_in = httpx.post(f"http://127.0.0.1:{ports[0]}/api/session",  # one sign-in works on all three
                                   json={"email": "teacher@school.example", "password": PASSWORD})
            assert signed_in.status_code == 200
            with ThreadPoolExecutor(PROCESSES) as pool:
                answers = list(pool.map(lambda n: send(ports[n % PROCESSES], n, signed_in.cookies),
                                        range(1, POSTS + 1)))
            assert [a.status_code for a in answers] == [202] * POSTS, [a.text for a in answers if a.status_code != 202]
            assert x.accepted.wait(timeout=30), "no process called X"
            victim = None
            deadline = time.monotonic() + 10
            while victim is None and time.monotonic() < deadline:
                held = [d.lease_owner for d in deliveries(database)
                        if d.channel == "x" and d.status == "sending" and d.create_attempted_at and d.lease_owner]
                victim = int(held[0].split("-")[0]) if held else None
            assert victim in [p.pid for p in processes]
            os.kill(victim, signal.SIGKILL)
            x.hold_create.set()
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                rows = deliveries(database)
                if len(rows) == 2 * POSTS and all(d.status in FINAL for d in rows):
                    break
                time.sleep(0.25)
        finally:
            for process in processes:
                if process.poll() is None:
                    process.terminate()
            for process in processes:
                process.wait(timeout=30)
        rows = deliveries(database)
        assert Counter(d.status for d in rows) == {"published": 2 * POSTS}, [(d.channel, d.status, d.message)
                                                                             for d in rows if d.status != "published"]
        texts = {f"Sports day news, part {n} of {POSTS}" for n in range(1, POSTS + 1)}
        assert Counter(t["text"] for t in x.tweets) == Counter(texts)  # each exactly once on X
        assert Counter(p["message"] for p in fb.fake.posts) == Counter(texts)  # and on the Page
        assert all(len(p["photo_ids"]) == 1 for p in fb.fake.posts)
        with database.session() as db:
            assert all(post.photos_purged for post in db.scalars(select(Post)))
            recovered = db.scalars(select(AuditEvent).where(AuditEvent.event == "delivery.reconciled")).all()
        # the killed process's post was taken over when its lease ran out, and found on X rather than re-sent
        assert any(e.details["after"] == "restart" and e.details["result"] == "found" for e in recovered)
        assert list(settings.photos_dir.iterdir()) == []
    database.dispose()
