"""The same app on PostgreSQL: migrations, sign-in and a post through the outbox.

A throwaway cluster is started with the machine's PostgreSQL binaries (Debian's `postgresql` package,
installed by .ci/run when missing) on a loopback port, owned by the `postgres` user when run as root.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.main import create_app
from app.migrate import upgrade
from tests.conftest import add_user, free_port, login, make_settings

BINARIES = sorted(glob.glob("/usr/lib/postgresql/*/bin"))


def _as_owner(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@pytest.fixture
def postgres_url():
    if not BINARIES:
        message = "PostgreSQL binaries are missing (Debian package postgresql; .ci/run installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    bin_dir = BINARIES[-1]
    root = Path(tempfile.mkdtemp(prefix="tripcast-pg-"))  # pytest's tmp dirs are private to root
    os.chmod(root, 0o755)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    data, port = root / "data", free_port()
    subprocess.run(_as_owner([f"{bin_dir}/initdb", "-D", str(data), "-A", "trust", "-U", "tripcast"]),
                   check=True, capture_output=True, timeout=120)
    subprocess.run(_as_owner([f"{bin_dir}/pg_ctl", "-D", str(data), "-o", f"-k {root} -p {port} -h 127.0.0.1",
                              "-l", str(root / "log"), "-w", "start"]), check=True, capture_output=True, timeout=60)
    try:
        subprocess.run([f"{bin_dir}/psql", "-h", "127.0.0.1", "-p", str(port), "-U", "tripcast", "-d", "postgres",
                        "-c", "CREATE DATABASE tripcast"], check=True, capture_output=True, timeout=30)
        yield f"postgresql://tripcast@127.0.0.1:{port}/tripcast"
    finally:
        subprocess.run(_as_owner([f"{bin_dir}/pg_ctl", "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)


def test_the_app_runs_on_postgresql(tmp_path, postgres_url):
    settings = make_settings(tmp_path, database_url=postgres_url)
    assert settings.db_url.startswith("postgresql+psycopg://")
    settings.ensure_dirs()
    upgrade(settings.db_url)
    upgrade(settings.db_url)  # idempotent
    add_user(settings, "teacher@school.example", "poster")
    app = create_app(settings)
    with TestClient(app) as client:
        login(client, "teacher@school.example")
        response = client.post("/api/posts", data={"text": "Sports day moved to Friday",
                                                   "idempotency_key": str(uuid.uuid4()),
                                                   "out_of_hours_reason": "closure"})
        assert response.status_code == 202, response.text
        assert app.state.outbox.drain() == 1
        post = client.get(f"/api/posts/{response.json()['id']}").json()
        assert post["status"] == "published"
        assert client.get("/api/sandbox/posts").json()[0]["text"] == "Sports day moved to Friday"
        assert client.get("/api/admin/audit").status_code == 403
        with app.state.db.session() as db:
            kinds = set(db.scalars(select(AuditEvent.event)))
    assert {"login.ok", "post.submitted", "delivery.published"} <= kinds


def test_odd_account_input_is_refused_plainly_on_postgresql(tmp_path, postgres_url):
    """PostgreSQL refuses NUL bytes and over-long strings that SQLite quietly stores: never a 500."""
    settings = make_settings(tmp_path, database_url=postgres_url)
    settings.ensure_dirs()
    upgrade(settings.db_url)
    add_user(settings, "head@school.example", "admin")
    with TestClient(create_app(settings)) as client:
        for email in ("head@school.example\u0000", "x" * 300 + "@school.example"):
            response = client.post("/api/session", json={"email": email, "password": "whatever it is"})
            assert response.status_code == 401, response.text
        login(client, "head@school.example")
        long_email = client.post("/api/admin/users", json={"email": "a" * 250 + "@school.example",
                                                           "display_name": "A", "password": "kettle orbit meadow"})
        assert long_email.status_code == 422 and "too long" in long_email.json()["detail"]
        nul_name = client.post("/api/admin/users", json={"email": "b@school.example", "display_name": "B\u0000",
                                                         "password": "kettle orbit meadow"})
        assert nul_name.status_code == 422 and "characters that can't be shown" in nul_name.json()["detail"]
