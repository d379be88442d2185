"""Oversized request bodies are refused with a plain 413 before they are read into memory."""

from __future__ import annotations

import httpx

from tests.conftest import PASSWORD


def test_a_huge_sign_in_body_is_refused_at_once(live_server, admin):
    huge = b'{"email": "head@school.example", "password": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    response = httpx.post(f"{live_server.url}/api/session", content=huge,
                          headers={"content-type": "application/json", "origin": live_server.url})
    assert response.status_code == 413
    assert response.json()["detail"] == "What was sent is too large: at most 1 MB here."


def test_a_chunked_body_is_cut_off_when_it_passes_the_limit(live_server, admin):
    def chunks():
        yield b'{"email": "head@school.example", "password": "'
        for _ in range(40):
            yield b"x" * 65536
        yield b'"}'

    response = httpx.post(f"{live_server.url}/api/session", content=chunks(),
                          headers={"content-type": "application/json", "origin": live_server.url})
    assert response.status_code == 413 and "too large" in response.json()["detail"]


def test_normal_requests_still_work(live_server, admin):
    ok = httpx.post(f"{live_server.url}/api/session", json={"email": admin, "password": PASSWORD},
                    headers={"origin": live_server.url})
    assert ok.status_code == 200
