"""Sign-in hygiene from outside review: parallel guesses, the current-password check, pruning, lock-outs an
admin can lift, a password reset from the command line, and client addresses only from trusted proxies."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app.accounts.models import LoginFailure, LoginSession, SetupToken
from app.accounts.pruning import prune_sign_in_records
from app.accounts.service import issue_setup_token
from app.db import Database, utcnow
from app.main import create_app
from tests.conftest import PASSWORD, LiveServer, add_user, login, make_settings, migrated
from tests.foundation.test_login import events
from tests.foundation.test_setup_and_cli import run_cli

WRONG = "wrong wrong wrong"


def lock_out(client: TestClient, email: str) -> None:
    for _ in range(5):
        client.post("/api/session", json={"email": email, "password": WRONG})
    assert client.post("/api/session", json={"email": email, "password": PASSWORD}).status_code == 429


def test_a_burst_of_parallel_guesses_checks_no_more_passwords_than_the_limit(app, settings, poster):
    with LiveServer(app) as server, ThreadPoolExecutor(max_workers=12) as pool:
        def guess(n: int) -> int:
            return httpx.post(f"{server.url}/api/session", json={"email": poster, "password": f"{WRONG} {n}"},
                              timeout=60).status_code

        statuses = list(pool.map(guess, range(24)))
        right = httpx.post(f"{server.url}/api/session", json={"email": poster, "password": PASSWORD}, timeout=60)
    assert statuses.count(401) <= settings.login_max_failures_per_account
    assert statuses.count(429) >= 24 - settings.login_max_failures_per_account
    assert len(events(settings, "login.failed")) == statuses.count(401)
    assert right.status_code == 429  # even the right password waits out the lock


def test_current_password_checks_are_audited_and_throttled(poster_client, settings):
    assert poster_client.get("/account/password").status_code == 200
    csrf = poster_client.cookies.get("tripcast_csrf")
    form = {"csrf_token": csrf, "current": WRONG, "new": "a brand new password", "confirm": "a brand new password"}
    for _ in range(5):
        wrong = poster_client.post("/account/password", data=form)
        assert wrong.status_code == 422 and "current password is not right" in wrong.text
    assert len(events(settings, "user.password_check_failed")) == 5
    form["current"] = PASSWORD
    paused = poster_client.post("/account/password", data=form)
    assert paused.status_code == 429 and "try again at" in paused.text
    assert events(settings, "user.password_check_throttled")
    assert not events(settings, "user.password_changed")


def test_pruning_forgets_old_failures_ended_sessions_and_spent_setup_links(settings, poster):
    database = Database(settings.db_url)
    now = utcnow()
    with database.session() as db:
        db.add_all([LoginFailure(email="x@y.z", ip="1.2.3.4", at=now - timedelta(hours=2)),
                    LoginFailure(email="x@y.z", ip="1.2.3.4", at=now)])
        user_id = db.scalar(select(func.min(LoginSession.user_id))) or 1
        db.add_all([
            LoginSession(token_hash="a" * 64, user_id=user_id, expires_at=now - timedelta(days=2)),
            LoginSession(token_hash="b" * 64, user_id=user_id, expires_at=now + timedelta(days=9),
                         revoked_at=now - timedelta(days=3)),
            LoginSession(token_hash="c" * 64, user_id=user_id, expires_at=now + timedelta(days=9)),
        ])
        db.commit()
        issue_setup_token(db)
        db.add(SetupToken(token_hash="d" * 64, expires_at=now - timedelta(minutes=1)))
        db.commit()
        gone = prune_sign_in_records(db, settings, now)
        db.commit()
        assert gone == {"sessions": 2, "setup_tokens": 1, "login_failures": 1}
        assert db.scalars(select(LoginSession.token_hash)).all() == ["c" * 64]
        assert db.scalar(select(func.count()).select_from(SetupToken)) == 1
    database.dispose()


def test_an_admin_sees_a_lock_out_and_lifts_it(client, settings, admin, poster):
    lock_out(client, poster)
    login(client, admin)
    page = client.get("/admin/staff")
    assert "Locked out" in page.text and "Unlock" in page.text
    [teacher] = [u for u in client.get("/api/admin/users").json()["users"] if u["email"] == poster]
    assert teacher["locked_until"]
    assert client.patch(f"/api/admin/users/{teacher['id']}", json={"unlock": True}).status_code == 200
    assert events(settings, "user.unlocked")
    client.cookies.clear()
    assert client.post("/api/session", json={"email": poster, "password": PASSWORD}).status_code == 200


def test_resetting_a_password_lifts_the_lock(client, settings, admin, poster):
    lock_out(client, poster)
    login(client, admin)
    [teacher] = [u for u in client.get("/api/admin/users").json()["users"] if u["email"] == poster]
    changed = client.patch(f"/api/admin/users/{teacher['id']}", json={"password": "a fresh start for you"})
    assert changed.status_code == 200
    client.cookies.clear()
    assert client.post("/api/session", json={"email": poster, "password": "a fresh start for you"}).status_code == 200


def test_cli_reset_password_for_the_admin_who_forgot(settings, admin):
    with TestClient(create_app(settings)) as client:
        lock_out(client, admin)
    done = run_cli(settings, "reset-password", "Head@School.example", "--password-stdin",
                   stdin="remembered at last\n")
    assert done.returncode == 0, done.stderr
    assert "New password set for head@school.example" in done.stdout
    assert "remembered at last" not in done.stdout + done.stderr
    with TestClient(create_app(settings)) as client:
        login(client, admin, "remembered at last")
    assert run_cli(settings, "reset-password", "nobody@school.example", "--password-stdin",
                   stdin="remembered at last\n").returncode == 1
    weak = run_cli(settings, "reset-password", admin, "--password-stdin", stdin="short\n")
    assert weak.returncode == 1 and "at least 10 characters" in weak.stderr
    assert run_cli(settings, "reset-password", admin).returncode == 2


def test_forwarded_addresses_are_believed_only_from_trusted_proxies(tmp_path):
    headers = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    for trusted, expected in (("127.0.0.1", "testclient"), ("*", "203.0.113.9")):
        settings = migrated(make_settings(tmp_path / trusted.replace("*", "any"), trusted_proxies=trusted))
        add_user(settings, "teacher@school.example", "poster")
        with TestClient(create_app(settings)) as client:
            client.post("/api/session", json={"email": "teacher@school.example", "password": WRONG}, headers=headers)
        [failed] = events(settings, "login.failed")
        assert failed.ip == expected
