"""A burst of photo posts: no 5xx, /healthz keeps answering, no database connection held while photos wait,
and a full photo queue answers 503 with Retry-After. Loopback only, bounded; figures (times, memory) are
printed by benchmarks/bench_burst.py, not asserted here."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from contextlib import closing
from pathlib import Path

import httpx
import pytest

from app.db import Database
from app.main import create_app
from app.media import concurrency
from app.media.concurrency import run_photo_job
from app.media.queue import photo_queue
from tests.conftest import SHARED, LiveServer, add_user, make_settings, migrated

PHOTOS = SHARED / "photos"
JPEGS = sorted(PHOTOS.glob("Landscape_*.jpg"))
HEIC = PHOTOS / "pug.heic"  # 12 MP iPhone HEIC, sent unshrunk by browsers that cannot decode it
PASSWORD = "correct horse battery"
CONFIRM = ["consent", "alt-text", "names-with-photo"]


def _app(tmp_path: Path, **overrides):
    settings = migrated(make_settings(tmp_path, **overrides))
    add_user(settings, "teacher@school.example", "poster", PASSWORD)
    add_user(settings, "head@school.example", "admin", PASSWORD)
    return create_app(settings)


def _signed_in(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=httpx.Timeout(300, connect=30))
    assert client.post("/api/session", json={"email": "teacher@school.example", "password": PASSWORD}).is_success
    return client


def _post(client: httpx.Client, photos: list[Path], key: str | None = None) -> httpx.Response:
    data = {"text": "The coach is back at school", "idempotency_key": key or str(uuid.uuid4()),
            "confirmations": CONFIRM, "alt_text": [f"Children on the coach {i}" for i in range(len(photos))]}
    kinds = {".heic": "image/heic", ".jpg": "image/jpeg"}
    files = [("photos", (p.name, p.read_bytes(), kinds[p.suffix])) for p in photos]
    return client.post("/api/posts", data=data, files=files)


@pytest.fixture(autouse=True)
def _photo_machinery_idle():
    yield
    assert concurrency.gate_status() == (0, 0)
    assert photo_queue.held == 0


@pytest.mark.skipif(not JPEGS or not HEIC.exists(), reason="the shared photo corpus is missing")
def test_burst_of_photo_posts_gets_no_5xx_and_healthz_keeps_answering(tmp_path):
    # A small connection pool with a short wait, so that any post holding a connection through its upload or
    # its wait for a photo slot (one slot here) would starve /healthz and the other posts into 5xx answers.
    # No 503 either: the queue may hold every photo of the burst however slow this machine is today.
    app = _app(tmp_path, photo_concurrency=1, photo_queue_max_wait=100_000)
    app.state.db.dispose()
    app.state.db = Database(app.state.settings.db_url, pool_size=3, max_overflow=0, pool_timeout=5)
    posts = [[JPEGS[n % len(JPEGS)], HEIC if n % 2 else JPEGS[(n + 1) % len(JPEGS)]] for n in range(8)]
    health: list[int] = []
    answers: list[httpx.Response] = []
    done = threading.Event()

    with LiveServer(app) as server:
        cookies = _signed_in(server.url).cookies

        def poll_health():
            with httpx.Client(base_url=server.url, timeout=30) as client:
                while not done.is_set():
                    try:
                        health.append(client.get("/healthz").status_code)
                    except httpx.HTTPError:
                        health.append(0)
                    done.wait(0.05)

        def send(photos):
            with httpx.Client(base_url=server.url, cookies=cookies, timeout=httpx.Timeout(300, connect=30)) as c:
                answers.append(_post(c, photos))

        poller = threading.Thread(target=poll_health)
        poller.start()
        senders = [threading.Thread(target=send, args=(photos,)) for photos in posts]
        for thread in senders:
            thread.start()
        for thread in senders:
            thread.join(timeout=600)
        done.set()
        poller.join(timeout=30)
        with closing(_signed_in(server.url)) as client:
            listed = client.get("/api/posts").json()["posts"]

    assert [a.status_code for a in answers] == [202] * len(posts), [a.text[:200] for a in answers]
    assert health and set(health) == {200}, f"/healthz answered {sorted(set(health))}"
    assert len(listed) == len(posts)
    stored = sorted(p.name for p in app.state.settings.photos_dir.iterdir())
    assert len(stored) == 2 * len(posts) and not [n for n in stored if n.startswith(".")]


def test_a_post_waiting_for_a_photo_slot_holds_no_database_connection(tmp_path):
    app = _app(tmp_path, photo_concurrency=1)
    hold = threading.Event()
    occupier = threading.Thread(target=lambda: asyncio.run(run_photo_job(lambda: hold.wait(60), concurrency=1)))
    with LiveServer(app) as server, closing(_signed_in(server.url)) as client:
        occupier.start()  # the only photo slot is busy
        while concurrency.gate_status()[0] < 1:
            time.sleep(0.01)
        answer: list[httpx.Response] = []
        sender = threading.Thread(target=lambda: answer.append(_post(client, JPEGS[:2])))
        sender.start()
        try:
            deadline = time.monotonic() + 60
            while concurrency.gate_status()[1] < 2 and time.monotonic() < deadline:  # both photos queued
                time.sleep(0.01)
            assert concurrency.gate_status()[1] == 2, "the post never reached the photo queue"
            assert app.state.db.engine.pool.checkedout() == 0
        finally:
            hold.set()
            occupier.join(timeout=30)
            sender.join(timeout=120)
        assert answer and answer[0].status_code == 202, answer and answer[0].text


def test_a_full_photo_queue_asks_the_phone_to_retry_later(tmp_path):
    app = _app(tmp_path, photo_queue_max=4)
    key = str(uuid.uuid4())
    with LiveServer(app) as server, closing(_signed_in(server.url)) as client:
        cost = photo_queue.try_enter(["other"] * 4, 4)  # four photos of other posts are waiting
        assert cost is not None
        try:
            busy = _post(client, JPEGS[:1], key)
        finally:
            photo_queue.leave(4, cost)
        assert busy.status_code == 503
        assert int(busy.headers["retry-after"]) >= 5
        assert "busy" in busy.json()["detail"] and "safe on this phone" in busy.json()["detail"]
        assert client.get("/api/posts").json()["posts"] == []
        assert list(app.state.settings.photos_dir.iterdir()) == []

        again = _post(client, JPEGS[:1], key)  # the phone's outbox sends the same post again
        assert again.status_code == 202, again.text
        assert again.json()["id"]


def test_error_pages_render_without_the_database(tmp_path):
    """Error handlers run on the event loop: their pages leave out the posting-hours banner, which queries."""
    from fastapi.testclient import TestClient

    with TestClient(_app(tmp_path)) as client:
        assert client.post("/api/session", json={"email": "teacher@school.example", "password": PASSWORD}).is_success
        assert 'id="status-banner"' in client.get("/").text  # an ordinary page has it
        missing = client.get("/no-such-page", headers={"accept": "text/html"})
        assert missing.status_code == 404 and "There is nothing at this address." in missing.text
        assert 'id="status-banner"' not in missing.text
        refused = client.get("/admin/roster", headers={"accept": "text/html"})
        assert refused.status_code == 403 and "Only admins can do this" in refused.text
        assert 'id="status-banner"' not in refused.text
