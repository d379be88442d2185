"""`POST /api/check` end to end: server time per request in the real app under uvicorn.

Run: .venv/bin/python benchmarks/bench_check_api.py
The app reports its own time in the `Server-Timing` header (from the first byte of the request reaching
Tripcast to the response starting: session, roster cache, trips, rules). The client runs in this process,
the server in its own, with a 300-pupil roster. Target (issue 4): well under 10 ms.
Anchors, measured in the same run: the bare policy `check()` on the same captions, and `GET /healthz`
(the framework's floor on this machine: routing, middleware, a thread hop and one query).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import httpx  # noqa: E402
from bench_policy import big_roster  # noqa: E402

from app.db import Database  # noqa: E402
from app.policy import Draft, NameIndex, PolicyContext, PostingWindow, check  # noqa: E402
from app.roster.models import Pupil  # noqa: E402
from tests.conftest import PASSWORD, add_user, free_port, make_settings, migrated  # noqa: E402
from tests.policy.captions import CAPTIONS  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def server_ms(response: httpx.Response) -> float:
    return float(response.headers["server-timing"].split("dur=")[1])


def main() -> None:
    settings = migrated(make_settings(Path(tempfile.mkdtemp())))
    add_user(settings, "teacher@school.example", "poster")
    roster = big_roster(300)
    database = Database(settings.db_url)
    with database.session() as db:
        db.add_all(Pupil(legal_forename=p.legal_forename, preferred_forename=p.preferred_forename,
                         surname=p.surname, class_name=p.class_name, photo_consent=p.photo_consent) for p in roster)
        db.commit()
    database.dispose()
    port = free_port()
    env = dict(os.environ, TRIPCAST_DATA_DIR=str(settings.data_dir),
               TRIPCAST_SECRET_KEY=settings.secret_key.get_secret_value(),
               TRIPCAST_RATE_LIMITS_ENABLED="false")  # this measures checks, not the limit on them
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "app.asgi:app", "--port", str(port),
                               "--log-level", "warning"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    texts = [c.text for c in CAPTIONS]
    try:
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}")
        for _ in range(600):  # up to a minute: a loaded machine starts the server slowly
            try:
                client.get("/healthz")
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        client.post("/api/session", json={"email": "teacher@school.example", "password": PASSWORD})
        floor = [server_ms(client.get("/healthz")) for _ in range(300)][50:]
        timings = []
        for round_ in range(3):
            for text in texts:
                response = client.post("/api/check", json={"text": text, "photo_count": 1,
                                                           "channels": ["x", "facebook"]})
                if round_:  # the first round warms the caches
                    timings.append(server_ms(response))
    finally:
        server.terminate()
        server.wait(timeout=10)
    ctx = PolicyContext(datetime.now(UTC), PostingWindow.from_settings(settings), "poster", (), roster,
                        NameIndex.build(roster, []))
    engine = []
    for _ in range(2):
        for text in texts:
            start = time.perf_counter()
            check(Draft(text, photo_count=1, channels=("x", "facebook")), ctx)
            engine.append((time.perf_counter() - start) * 1000)
    print(f"/api/check, {len(timings)} requests to uvicorn, 300-pupil roster")
    print(f"  server time (Server-Timing)  p50 {statistics.median(timings):6.2f} ms   "
          f"p95 {percentile(timings, 0.95):6.2f} ms   target: well under 10 ms")
    print(f"  anchor: bare check()         p50 {statistics.median(engine):6.2f} ms   "
          f"p95 {percentile(engine, 0.95):6.2f} ms")
    print(f"  anchor: GET /healthz (framework + one query) p50 {statistics.median(floor):6.2f} ms")
    print(f"  ratio /api/check vs check(): {statistics.median(timings) / statistics.median(engine):.2f}x, "
          f"vs /healthz: {statistics.median(timings) / statistics.median(floor):.2f}x")


if __name__ == "__main__":
    main()
