from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from app.accounts.models import SetupToken, User
from app.db import Database, utcnow
from app.main import announce_setup_link
from tests.conftest import PASSWORD, add_user

ROOT = Path(__file__).resolve().parents[2]


def setup_link(app) -> str:
    link = announce_setup_link(app)
    assert link is not None
    return link.split("127.0.0.1:8000", 1)[1]


def create_first_admin(client, path, password="first admin pass"):
    client.get(path)
    return client.post(
        path,
        data={"csrf_token": client.cookies.get("tripcast_csrf"), "name": "Mrs Head", "email": "head@school.example",
              "password": password, "confirm": password},
        follow_redirects=False,
    )


def test_real_server_prints_a_working_setup_link(tmp_path):
    """What `make run` does: migrate, start uvicorn, print the link; the link opens the setup page."""
    import re
    import time

    import httpx

    from tests.conftest import free_port, make_settings

    settings = make_settings(tmp_path)
    assert run_cli(settings, "migrate").returncode == 0
    port = free_port()
    env = dict(os.environ, TRIPCAST_DATA_DIR=str(settings.data_dir), PORT=str(port), HOST="127.0.0.1",
               PYTHONUNBUFFERED="1")
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.asgi:app", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        output = ""
        deadline = time.monotonic() + 30
        while "/setup/" not in output and time.monotonic() < deadline:
            output += server.stdout.readline()
        link = re.search(r"(http://\S+/setup/\S+)", output).group(1)
        assert link.startswith(f"http://127.0.0.1:{port}/setup/")
        for _ in range(100):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz").json() == {"status": "ok"}:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        page = httpx.get(link)
        assert page.status_code == 200 and "Create the first admin" in page.text
        assert (settings.data_dir / "secret_key").exists()  # generated on first start
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_setup_link_creates_the_first_admin_once(app, client, settings):
    path = setup_link(app)
    assert client.get(path).status_code == 200
    response = create_first_admin(client, path)
    assert response.status_code == 303 and response.headers["location"] == "/admin/staff"
    assert client.get("/api/me").json()["user"]["role"] == "admin"
    client.cookies.clear()
    assert client.get(path).status_code == 404  # works once
    again = create_first_admin(client, path, "another admin pass")
    assert again.status_code == 404
    assert announce_setup_link(app) is None  # an admin exists now: no more links


def test_setup_link_expires_after_an_hour(app, client, settings):
    path = setup_link(app)
    database = Database(settings.db_url)
    with database.session() as db:
        for token in db.scalars(select(SetupToken)):
            token.expires_at = utcnow() - timedelta(seconds=1)
        db.commit()
    database.dispose()
    page = client.get(path)
    assert page.status_code == 404 and "more than an hour old" in page.text


def test_setup_form_explains_mistakes(app, client):
    path = setup_link(app)
    client.get(path)
    response = client.post(path, data={"csrf_token": client.cookies.get("tripcast_csrf"), "name": "H",
                                       "email": "head@school.example", "password": "short", "confirm": "short"})
    assert response.status_code == 422 and "at least 10 characters" in response.text


def run_cli(settings, *args, stdin=""):
    env = dict(os.environ, TRIPCAST_DATA_DIR=str(settings.data_dir),
               TRIPCAST_SECRET_KEY=settings.secret_key.get_secret_value())
    env.pop("TRIPCAST_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "app", *args], input=stdin, capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=60)


def test_cli_migrate_and_create_user(tmp_path):
    from tests.conftest import make_settings

    settings = make_settings(tmp_path)
    assert run_cli(settings, "migrate").returncode == 0
    done = run_cli(settings, "create-user", "Office@School.example", "--role", "poster", "--name", "Office",
                   "--password-stdin", stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert "Created poster office@school.example" in done.stdout
    assert PASSWORD not in done.stdout + done.stderr
    database = Database(settings.db_url)
    with database.session() as db:
        user = db.scalars(select(User)).one()
        assert (user.email, user.role, user.display_name) == ("office@school.example", "poster", "Office")
        assert user.password_hash.startswith("$argon2")
    database.dispose()
    duplicate = run_cli(settings, "create-user", "office@school.example", "--role", "admin", "--password-stdin",
                        stdin=PASSWORD + "\n")
    assert duplicate.returncode == 1 and "already a staff account" in duplicate.stderr


def test_cli_refuses_a_password_on_the_command_line(settings):
    result = run_cli(settings, "create-user", "a@school.example", "--role", "admin")
    assert result.returncode == 2 and "--password-stdin" in result.stderr


def test_cli_weak_password_is_explained(settings):
    result = run_cli(settings, "create-user", "a@school.example", "--role", "admin", "--password-stdin", stdin="abc\n")
    assert result.returncode == 1 and "at least 10 characters" in result.stderr


def test_admin_staff_management_is_audited(admin_client, settings):
    created = admin_client.post("/api/admin/users", json={"email": "ta@school.example", "display_name": "Miss TA",
                                                          "password": "long enough pw", "role": "poster"})
    assert created.status_code == 201
    uid = created.json()["id"]
    admin_client.patch(f"/api/admin/users/{uid}", json={"role": "admin"})
    admin_client.patch(f"/api/admin/users/{uid}", json={"active": False})
    log = admin_client.get("/api/admin/audit").json()["events"]
    kinds = [e["event"] for e in log]
    assert {"user.created", "user.role_changed", "user.disabled", "login.ok"} <= set(kinds)
    assert admin_client.get("/api/admin/audit", params={"event": "user.role"}).json()["events"][0]["details"] == {
        "user_id": uid, "email": "ta@school.example", "old": "poster", "new": "admin"}
    assert all(e["actor"] == "head@school.example" for e in
               admin_client.get("/api/admin/audit", params={"person": "head"}).json()["events"])
    assert "long enough pw" not in str(log)
    page = admin_client.get("/admin/audit", params={"event": "user.role_changed"})
    assert "old: poster" in page.text and "new: admin" in page.text and "<td>user.created</td>" not in page.text


def test_duplicate_and_invalid_staff_are_explained(admin_client, settings):
    add_user(settings, "dup@school.example", "poster")
    dup = admin_client.post("/api/admin/users", json={"email": "dup@school.example", "password": "long enough pw"})
    assert dup.status_code == 422 and "already" in dup.json()["detail"]
    bad = admin_client.post("/api/admin/users", json={"email": "not-an-email", "password": "long enough pw"})
    assert bad.status_code == 422 and "not an email address" in bad.json()["detail"]
