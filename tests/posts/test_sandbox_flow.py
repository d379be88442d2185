"""The Sandbox end to end: post a photo, it appears in the feed with clean bytes, and no copy is left."""

from __future__ import annotations

import tempfile
import time
import uuid
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.db import Database
from app.main import create_app
from app.posts.models import Post
from tests.conftest import add_user, login, make_settings, migrated
from tests.posts.conftest import GPS_PHOTO, PHOTO, WEDNESDAY_10AM, Clock, drain, submit


def chunks_of(data: bytes, size: int = 64, count: int = 6) -> list[bytes]:
    step = max(1, (len(data) - size) // count)
    return [data[i : i + size] for i in range(step // 2, len(data) - size, step)][:count]


def files_holding(root, needles: list[bytes], skip=None) -> list[str]:
    found = []
    for path in root.rglob("*"):
        if path.is_file() and (skip is None or skip not in path.parents):
            data = path.read_bytes()
            if any(needle in data for needle in needles):
                found.append(str(path))
    return found


def test_photo_post_reaches_the_sandbox_clean_and_leaves_no_copy(tmp_path, monkeypatch):
    spool = tmp_path / "spool"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))  # python-multipart spools uploads here
    settings = migrated(make_settings(tmp_path, outbox_enabled=True))
    add_user(settings, "teacher@school.example", "poster")
    app = create_app(settings)
    app.state.clock = Clock(WEDNESDAY_10AM)
    upload = GPS_PHOTO.read_bytes()
    with TestClient(app) as client:
        login(client, "teacher@school.example")
        response = submit(client, "Year 6 reached the top of Helvellyn today!", [GPS_PHOTO],
                          alt=["Pupils in waterproofs on a summit cairn"])
        assert response.status_code == 202, response.text
        post_id = response.json()["id"]
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # the background worker publishes within a few seconds
            post = client.get(f"/api/posts/{post_id}").json()
            if post["status"] == "published" and post["photos_purged"]:
                break
            time.sleep(0.05)
        assert post["status"] == "published", post
        assert post["photos_purged"] is True
        assert post["deliveries"][0]["url"].startswith("/sandbox")
        feed = client.get("/api/sandbox/posts").json()
        assert [p["text"] for p in feed] == ["Year 6 reached the top of Helvellyn today!"]
        assert feed[0]["alt_texts"] == ["Pupils in waterproofs on a summit cairn"]
        served = client.get(feed[0]["media"][0])
        assert served.status_code == 200 and served.headers["content-type"] == "image/jpeg"
        published_file = settings.sandbox_dir / "media" / feed[0]["media"][0].rsplit("/", 1)[1]
        clean = served.content
        assert clean == published_file.read_bytes()  # the URL serves exactly the published bytes
    assert b"Exif" not in clean[:200] and b"GPS" not in clean and b"NIKON" not in clean
    assert files_holding(settings.data_dir, chunks_of(upload) + chunks_of(clean), skip=settings.sandbox_dir) == []
    assert files_holding(spool, chunks_of(upload) + chunks_of(clean)) == []
    assert list(settings.photos_dir.iterdir()) == []
    database = Database(settings.db_url)
    with database.session() as db:
        kinds = [e.event for e in db.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    database.dispose()
    assert kinds.index("post.submitted") < kinds.index("delivery.published") < kinds.index("post.photos_purged")


def test_same_idempotency_key_never_makes_a_second_post(sandbox_client):
    key = "8d0f7c6e-0b7c-4c7e-9a51-4c1b0b8d2f11"
    first = submit(sandbox_client, "Coach leaves at 9.", [PHOTO], alt=["The coach"], key=key)
    again = submit(sandbox_client, "Coach leaves at 9.", [PHOTO], alt=["The coach"], key=key)
    assert first.status_code == 202 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    drain(sandbox_client)
    third = submit(sandbox_client, "Coach leaves at 9.", [PHOTO], alt=["The coach"], key=key)
    assert third.json()["id"] == first.json()["id"] and third.json()["status"] == "published"
    assert len(sandbox_client.get("/api/sandbox/posts").json()) == 1
    assert len(sandbox_client.get("/api/posts").json()["posts"]) == 1


def test_policy_block_returns_the_findings_and_stores_nothing(sandbox_client):
    from app.db import Database as Db
    from app.roster.models import Pupil

    settings = sandbox_client.app.state.settings
    database = Db(settings.db_url)
    with database.session() as db:
        db.add(Pupil(legal_forename="Oluwaseun", preferred_forename="Seun", surname="Adeyemi", class_name="Year 6",
                     photo_consent=True))
        db.commit()
    database.dispose()
    response = submit(sandbox_client, "Great climbing from Seun today!", [PHOTO], alt=["Climbing wall"])
    assert response.status_code == 422
    body = response.json()
    names = [f for f in body["findings"] if f["rule"] == "names-with-photo" and f["severity"] == "block"]
    assert names and body["findings"][0]["spans"]
    start, end = names[0]["spans"][0]
    assert "Great climbing from Seun today!"[start:end] == "Seun"
    assert "Fix before posting" in body["detail"]
    assert list(settings.photos_dir.iterdir()) == []
    assert sandbox_client.get("/api/posts").json()["posts"] == []
    events = sandbox_client.app.state.db.session().scalars(select(AuditEvent).where(AuditEvent.event == "post.blocked"))
    assert "names-with-photo" in next(iter(events)).details["rules"]


def test_confirm_findings_must_be_ticked(sandbox_client):
    response = submit(sandbox_client, "Pond dipping this morning", [PHOTO], confirm=())
    assert response.status_code == 422
    rules = {f["rule"] for f in response.json()["findings"] if f["severity"] == "confirm"}
    assert {"consent", "alt-text"} <= rules
    assert "Tick to confirm" in response.json()["detail"]
    ok = submit(sandbox_client, "Pond dipping this morning", [PHOTO], confirm=("consent", "alt-text"))
    assert ok.status_code == 202


def test_bad_files_are_refused_with_plain_words(sandbox_client, tmp_path):
    pdf = tmp_path / "letter.jpg"
    pdf.write_bytes(b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")
    response = submit(sandbox_client, "Letter home", [pdf], alt=["x"])
    assert response.status_code == 415
    assert response.json()["detail"].startswith("Photo 1 (letter.jpg):")
    too_many = submit(sandbox_client, "Lots", [PHOTO] * 5, alt=["a"] * 5)
    assert too_many.status_code == 413 and "at most 4 photos" in too_many.json()["detail"]
    assert list(sandbox_client.app.state.settings.photos_dir.iterdir()) == []


def test_missing_key_and_unknown_channel_are_explained(sandbox_client):
    no_key = sandbox_client.post("/api/posts", data={"text": "Hello"})
    assert no_key.status_code == 422 and "idempotency key" in no_key.json()["detail"]
    wrong = submit(sandbox_client, "Hello parents", channels=["myspace"])
    assert wrong.status_code == 422 and "not set up here" in wrong.json()["detail"]


def test_cancel_purges_the_photos(sandbox_client, clock):
    clock.moment = WEDNESDAY_10AM.replace(hour=19)  # out of hours: the post waits
    response = submit(sandbox_client, "Disco tonight was brilliant", [PHOTO], alt=["Disco lights"])
    assert response.status_code == 202 and response.json()["status"] == "waiting"
    post_id = response.json()["id"]
    assert len(list(sandbox_client.app.state.settings.photos_dir.iterdir())) == 1
    cancelled = sandbox_client.post(f"/api/posts/{post_id}/cancel")
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled" and cancelled.json()["photos_purged"] is True
    assert list(sandbox_client.app.state.settings.photos_dir.iterdir()) == []
    drain(sandbox_client, WEDNESDAY_10AM + timedelta(days=1))
    assert sandbox_client.get("/api/sandbox/posts").json() == []


def test_posters_see_only_their_own_posts(tmp_path, clock):
    from tests.posts.conftest import build_client

    with build_client(tmp_path, clock) as client:
        login(client, "teacher@school.example")
        mine = submit(client, "Sports day is on Friday").json()["id"]
        client.cookies.clear()
        add_user(client.app.state.settings, "other@school.example", "poster")
        login(client, "other@school.example")
        assert client.get("/api/posts").json()["posts"] == []
        assert client.get(f"/api/posts/{mine}").status_code == 404
        client.cookies.clear()
        login(client, "head@school.example")
        assert [p["id"] for p in client.get("/api/posts").json()["posts"]] == [mine]


def test_post_rows_survive_in_the_database(sandbox_client):
    post_id = submit(sandbox_client, "Sports day is on Friday").json()["id"]
    with sandbox_client.app.state.db.session() as db:
        assert db.get(Post, post_id).text == "Sports day is on Friday"


def test_odd_submissions_get_plain_answers_and_store_nothing(sandbox_client):
    twice = submit(sandbox_client, "A lovely day at the museum", channels=["sandbox", "sandbox"])
    assert twice.status_code == 202, twice.text  # a repeated channel is one delivery, not a server error
    assert [d["channel"] for d in twice.json()["deliveries"]] == ["sandbox"]

    as_json = sandbox_client.post("/api/posts", json={"text": "hi", "idempotency_key": str(uuid.uuid4())})
    assert as_json.status_code == 415 and "multipart/form-data" in as_json.json()["detail"]

    thirteen = sandbox_client.post("/api/posts", data={"text": "x", "idempotency_key": str(uuid.uuid4())},
                                   files=[("photos", (f"{n}.jpg", b"x", "image/jpeg")) for n in range(13)])
    assert thirteen.status_code == 413 and thirteen.json()["detail"] == "A post can carry at most 4 photos."

    extra_alt = submit(sandbox_client, "Lake", [PHOTO], alt=["Lake", "Boats", "Hills"])
    assert extra_alt.status_code == 422
    assert extra_alt.json()["detail"].startswith("3 photo descriptions were sent for 1 photo.")
    blank_extras = submit(sandbox_client, "Lake view", [PHOTO], alt=["The lake", "", ""])
    assert blank_extras.status_code == 202  # empty trailing fields from a form are harmless

    long_alt = submit(sandbox_client, "Lake again", [PHOTO], alt=["a" * 1001])
    assert long_alt.status_code == 422 and "X allows at most 1,000" in long_alt.json()["detail"]

    posts = sandbox_client.get("/api/posts").json()["posts"]
    assert sorted(p["text"] for p in posts) == ["A lovely day at the museum", "Lake view"]
