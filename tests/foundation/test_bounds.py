"""Absurd but well-formed input is refused with a plain 4xx that names the field, never a 500 (issue 16)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import httpx
import pytest

from app.policy.hours import in_window, next_window_start
from app.policy.model import PostingWindow

BIG_ID = 2**63  # one past SQLite's INTEGER


def _detail(response) -> str:
    assert response.headers["content-type"].startswith("application/json"), response.text[:200]
    return response.json()["detail"]


@pytest.mark.parametrize(("body", "field", "words"), [
    ({"text": "hi", "photo_count": 1_000_000_000}, "photo_count", "at most 4"),
    ({"text": "hi", "photo_count": -1}, "photo_count", "at least 0"),
    ({"text": "hi", "at": "9999-12-31T23:59:59"}, "at", "between 2000 and 2100"),
    ({"text": "hi", "at": "0001-01-01T00:00:00+14:00"}, "at", "between 2000 and 2100"),
    ({"text": "Amelia " * 8000}, "text", "at most 5,000 characters"),
    ({"text": "hi", "alt_texts": ["a"] * 5}, "alt_texts", "at most 4"),
    ({"text": "hi", "confirmations": ["x" * 65]}, "confirmations.0", "at most 64 characters"),
    ({"text": "hi", "channels": ["x"] * 9}, "channels", "at most 8"),
    ({"text": "hi", "out_of_hours_note": "n" * 501}, "out_of_hours_note", "at most 500"),
])
def test_check_refuses_absurd_drafts_naming_the_field(poster_client, body, field, words):
    response = poster_client.post("/api/check", json=body)
    assert response.status_code == 422
    assert f"'{field}'" in _detail(response) and words in _detail(response)


def test_check_refuses_a_moment_more_than_a_year_away(poster_client):
    response = poster_client.post("/api/check", json={"text": "hi", "at": "2099-06-01T10:00:00"})
    assert response.status_code == 422 and _detail(response).startswith("at: 2099-06-01 is more than a year")


def test_check_still_answers_ordinary_drafts(poster_client):
    response = poster_client.post("/api/check", json={"text": "A lovely day at the farm", "photo_count": 4,
                                                      "alt_texts": ["Sheep"] * 4})
    assert response.status_code == 200 and {"ok", "findings"} <= set(response.json())


@pytest.mark.parametrize(("method", "path"), [
    ("PATCH", f"/api/admin/users/{BIG_ID}"),
    ("POST", f"/api/admin/trips/{BIG_ID}/end"),
    ("DELETE", f"/api/admin/allowlist/{BIG_ID}"),
    ("GET", f"/api/admin/audit?before={BIG_ID}"),
    ("PATCH", "/api/admin/users/0"),
])
def test_ids_past_the_database_range_are_refused(admin_client, method, path):
    response = admin_client.request(method, path, json={} if method == "PATCH" else None)
    assert response.status_code == 422
    assert "id" in _detail(response) or "at least 1" in _detail(response)


def test_leader_ids_past_the_database_range_are_refused(admin_client):
    response = admin_client.post("/api/admin/trips", json={"name": "Farm", "start_date": "2026-12-01",
                                                           "end_date": "2026-12-01", "leader_ids": [BIG_ID]})
    assert response.status_code == 422 and "'leader_ids.0'" in _detail(response)


@pytest.mark.parametrize("query", ["day_to=9999-12-31", "day_from=0001-01-01", "day_to=2026-13-40"])
def test_audit_dates_out_of_range_are_plain_422s(admin_client, query):
    api = admin_client.get(f"/api/admin/audit?{query}")
    assert api.status_code == 422 and ("not a date" in _detail(api))
    page = admin_client.get(f"/admin/audit?{query}")
    assert page.status_code == 422 and "not a date" in page.text


def test_audit_accepts_the_edges_of_the_window(admin_client):
    response = admin_client.get("/api/admin/audit?day_from=2000-01-01&day_to=2100-12-31")
    assert response.status_code == 200 and "events" in response.json()


def _post(client, **fields):
    data = {"text": "Farm visit", "idempotency_key": str(uuid.uuid4()), "channels": "sandbox", **fields}
    return client.post("/api/posts", data=data, files={"unused": ("", b"")})


@pytest.mark.parametrize(("fields", "words"), [
    ({"scheduled_for": "9999-12-31T23:59:59"}, "scheduled_for: 9999-12-31T23:59:59 must be a date between"),
    ({"written_at": "0001-01-01T00:00:00", "scheduled_for": "2020-01-01T00:00:00"}, "written_at: 0001-01-01"),
    ({"scheduled_for": "2099-01-01T10:00:00"}, "more than a year from now"),
    ({"text": "x" * 5001}, "at most 5,000"),
    ({"out_of_hours_note": "n" * 501}, "out-of-hours note is too long"),
])
def test_post_refuses_absurd_fields(poster_client, fields, words):
    response = _post(poster_client, **fields)
    assert response.status_code == 422 and words in _detail(response)


def test_a_lone_surrogate_in_the_sign_in_email_is_a_422_naming_the_field(client, admin):
    body = b'{"email": "\\ud800@x.test", "password": "whatever it is"}'
    response = client.post("/api/session", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert "'email'" in _detail(response) and "not valid text" in _detail(response)


def test_a_lone_surrogate_in_a_new_staff_name_is_a_422(admin_client):
    body = b'{"email": "a@school.example", "display_name": "\\udfff", "password": "correct horse battery"}'
    response = admin_client.post("/api/admin/users", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422 and "'display_name'" in _detail(response)


def test_a_200_mb_chunked_photo_post_is_a_413(live_server, poster):
    with httpx.Client(base_url=live_server.url, timeout=60) as http:
        assert http.post("/api/session", json={"email": poster, "password": "correct horse battery"}).is_success
        boundary = "tripcastfuzz"

        def body():
            yield (f"--{boundary}\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"big.jpg\"\r\n"
                   "Content-Type: image/jpeg\r\n\r\n").encode()
            chunk = b"\xff" * (1024 * 1024)
            for _ in range(200):
                yield chunk

        response = http.post("/api/posts", content=body(),
                             headers={"content-type": f"multipart/form-data; boundary={boundary}"})
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]


@pytest.mark.parametrize("moment", [
    datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC),
    datetime.fromisoformat("0001-01-01T00:00:00+14:00"),
    datetime(1, 1, 1, tzinfo=UTC),
    datetime.max.replace(tzinfo=ZoneInfo("Pacific/Kiritimati")),
])
def test_posting_hours_never_overflow_at_the_edges_of_time(moment):
    window = PostingWindow(days=frozenset({0, 1, 2, 3, 4}), start=time(8), end=time(18), tz=ZoneInfo("Europe/London"))
    assert isinstance(in_window(moment, window), bool)
    opening = next_window_start(moment, window)
    assert opening.weekday() in window.days and opening.timetz().replace(tzinfo=None) == time(8)
