"""The absurd inputs of issue 16 sent to a real uvicorn process: each is refused, and the process's peak
memory (VmHWM in /proc/<pid>/status) stays within a small bound of what it used before them.

Before the bounds, the first request below (`photo_count` of a billion) grew the server past 13 GB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest

from tests.conftest import PASSWORD, add_user, free_port, make_settings, migrated

ROOT = Path(__file__).resolve().parents[2]
GROWTH_BOUND_MB = 120  # the refusals hold nothing; a single 1 MB JSON body parsed is a few MB


def _kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise AssertionError(f"no {field} for {pid}")


@pytest.fixture
def server(tmp_path):
    settings = migrated(make_settings(tmp_path))
    add_user(settings, "teacher@school.example", "poster")
    add_user(settings, "head@school.example", "admin")
    port = free_port()
    env = dict(os.environ, TRIPCAST_DATA_DIR=str(settings.data_dir),
               TRIPCAST_SECRET_KEY=settings.secret_key.get_secret_value(),
               TRIPCAST_OUTBOX_ENABLED="false")
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.asgi:app", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120  # a loaded machine can take a while to import everything
    while True:
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise RuntimeError("Tripcast did not start")
        time.sleep(0.2)
    try:
        yield process, url
    finally:
        process.terminate()
        process.wait(timeout=30)


def _absurd_requests(http: httpx.Client):
    """(what, response) for each absurd input; every one must be refused with a 4xx."""
    yield "a billion photos", http.post("/api/check", json={"text": "hi", "photo_count": 1_000_000_000})
    yield "a million photos", http.post("/api/check", json={"text": "hi", "photo_count": 1_000_000})
    names = " ".join(f"Name{n}" for n in range(56_000))  # the roster-enumeration probe, ~500 KB
    yield "56,000 names", http.post("/api/check", json={"text": names})
    yield "100,000 confirmations", http.post("/api/check", json={"text": "hi", "confirmations": ["x"] * 100_000})
    yield "100,000 alt texts", http.post("/api/check", json={"text": "hi", "alt_texts": ["a"] * 100_000})
    yield "year 9999", http.post("/api/check", json={"text": "hi", "at": "9999-12-31T23:59:59"})
    deep = "[" * 50_000 + "]" * 50_000
    yield "deeply nested JSON", http.post("/api/check", content=f'{{"text": "hi", "channels": {deep}}}',
                                          headers={"content-type": "application/json"})
    yield "a 20 MB declared body", http.post("/api/check", content=b"x" * (20 * 1024 * 1024),
                                             headers={"content-type": "application/json"})

    def chunks():
        yield b'--b\r\nContent-Disposition: form-data; name="photos"; filename="a.jpg"\r\n\r\n'
        for _ in range(200):
            yield b"\xff" * (1024 * 1024)

    yield "a 200 MB chunked upload", http.post("/api/posts", content=chunks(),
                                               headers={"content-type": "multipart/form-data; boundary=b"})
    yield "a post scheduled for 9999", http.post("/api/posts", data={
        "text": "hi", "idempotency_key": str(uuid.uuid4()), "scheduled_for": "9999-12-31T23:59:59"},
        files={"none": ("", b"")})
    yield "an id past 2^63", http.request("PATCH", f"/api/admin/users/{2**63}", json={})


def test_absurd_inputs_are_refused_without_growing_the_server(server):
    process, url = server
    with httpx.Client(base_url=url, timeout=60) as http:
        assert http.post("/api/session", json={"email": "teacher@school.example", "password": PASSWORD}).is_success
        for _ in range(3):  # warm up: the first checks build the name index and import lazily
            assert http.post("/api/check", json={"text": "A day at the farm", "photo_count": 4}).status_code == 200
        baseline = _kb(process.pid, "VmRSS")
        answers = {}
        for _round in range(3):
            for what, response in _absurd_requests(http):
                answers[what] = response.status_code
                assert 400 <= response.status_code < 500, f"{what}: {response.status_code} {response.text[:200]}"
                assert isinstance(response.json()["detail"], str)
        peak = _kb(process.pid, "VmHWM")
    growth_mb = (peak - baseline) / 1024
    print(json.dumps({"baseline_mb": round(baseline / 1024), "peak_mb": round(peak / 1024),
                      "growth_mb": round(growth_mb, 1), "answers": answers}))
    assert answers["a 200 MB chunked upload"] == 413 and answers["a 20 MB declared body"] == 413
    assert growth_mb < GROWTH_BOUND_MB, f"peak {peak // 1024} MB against {baseline // 1024} MB before"
