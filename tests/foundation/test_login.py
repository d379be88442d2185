from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.accounts import passwords
from app.accounts.models import LoginSession
from app.audit.models import AuditEvent
from app.db import Database, utcnow
from tests.conftest import PASSWORD, add_user, login


def events(settings, name=None):
    database = Database(settings.db_url)
    with database.session() as db:
        stmt = select(AuditEvent).order_by(AuditEvent.id)
        if name:
            stmt = stmt.where(AuditEvent.event == name)
        found = db.scalars(stmt).all()
    database.dispose()
    return found


def test_api_login_sets_a_safe_session_cookie(client, settings, poster):
    response = client.post("/api/session", json={"email": "Teacher@School.example ", "password": PASSWORD})
    assert response.status_code == 200
    assert response.json()["user"]["role"] == "poster"
    cookie = response.headers["set-cookie"]
    assert "tripcast_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain http in tests; https gets Secure (below)
    assert "Max-Age=2592000" in cookie  # 30 days for a week-long trip on one phone
    assert client.get("/api/me").json()["user"]["email"] == "teacher@school.example"
    assert [e.event for e in events(settings)] == ["login.ok"]


def test_cookie_is_secure_over_https(app, poster):
    from fastapi.testclient import TestClient

    with TestClient(app, base_url="https://tripcast.example") as secure_client:
        response = secure_client.post("/api/session", json={"email": poster, "password": PASSWORD})
    assert "Secure" in response.headers["set-cookie"]


def test_wrong_password_and_unknown_email_get_the_same_clear_401(client, settings, poster, monkeypatch):
    calls = []
    real_verify = passwords._hasher.verify
    monkeypatch.setattr(passwords._hasher, "verify", lambda p, h: calls.append(h) or real_verify(p, h))
    wrong = client.post("/api/session", json={"email": poster, "password": "not the password"})
    unknown = client.post("/api/session", json={"email": "nobody@school.example", "password": "whatever123"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert "do not match" in wrong.json()["detail"]
    assert len(calls) == 2  # the unknown email still paid for one argon2 verification
    assert [e.event for e in events(settings)] == ["login.failed", "login.failed"]
    assert all("password" not in str(e.details) for e in events(settings))


def test_disabled_staff_cannot_sign_in(client, settings, admin):
    user_id = add_user(settings, "gone@school.example", "poster")
    login(client, admin)
    assert client.patch(f"/api/admin/users/{user_id}", json={"active": False}).status_code == 200
    client.cookies.clear()
    assert client.post("/api/session", json={"email": "gone@school.example", "password": PASSWORD}).status_code == 401


def test_five_failures_for_one_account_throttle_it(client, settings, poster):
    for _ in range(5):
        assert client.post("/api/session", json={"email": poster, "password": "wrong wrong"}).status_code == 401
    response = client.post("/api/session", json={"email": poster, "password": PASSWORD})
    assert response.status_code == 429
    assert "try again at" in response.json()["detail"]
    assert 0 < int(response.headers["retry-after"]) <= 15 * 60 + 1
    assert len(events(settings, "login.throttled")) == 1


def test_twenty_failures_from_one_address_throttle_it(client, settings, poster):
    for n in range(20):
        client.post("/api/session", json={"email": f"guess{n}@school.example", "password": "wrong wrong"})
    response = client.post("/api/session", json={"email": poster, "password": PASSWORD})
    assert response.status_code == 429


def test_throttle_lifts_after_the_window(client, settings, poster):
    for _ in range(5):
        client.post("/api/session", json={"email": poster, "password": "wrong wrong"})
    database = Database(settings.db_url)
    with database.session() as db:
        from app.accounts.models import LoginFailure

        for failure in db.scalars(select(LoginFailure)):
            failure.at = utcnow() - timedelta(minutes=16)
        db.commit()
    database.dispose()
    assert client.post("/api/session", json={"email": poster, "password": PASSWORD}).status_code == 200


def test_logout_ends_the_session(client, settings, poster):
    login(client, poster)
    cookie = client.cookies.get("tripcast_session")
    assert client.delete("/api/session").status_code == 200
    client.cookies.set("tripcast_session", cookie)
    assert client.get("/api/me").status_code == 401
    assert "logout" in [e.event for e in events(settings)]


def test_session_expires(client, settings, poster):
    login(client, poster)
    database = Database(settings.db_url)
    with database.session() as db:
        for session in db.scalars(select(LoginSession)):
            session.expires_at = utcnow() - timedelta(seconds=1)
        db.commit()
    database.dispose()
    assert client.get("/api/me").status_code == 401


def test_session_slides_forward_when_used(client, settings, poster):
    login(client, poster)
    database = Database(settings.db_url)
    with database.session() as db:
        session = db.scalars(select(LoginSession)).one()
        session.last_seen_at = utcnow() - timedelta(days=3)
        session.expires_at = utcnow() + timedelta(days=27)
        db.commit()
    assert client.get("/api/me").status_code == 200
    with database.session() as db:
        session = db.scalars(select(LoginSession)).one()
        assert session.expires_at > utcnow() + timedelta(days=29)
    database.dispose()


def test_disabling_a_user_revokes_their_sessions(app, settings, admin, poster):
    from fastapi.testclient import TestClient

    with TestClient(app) as teacher, TestClient(app) as head:
        login(teacher, poster)
        login(head, admin)
        users = head.get("/api/admin/users").json()["users"]
        teacher_id = next(u["id"] for u in users if u["email"] == poster)
        assert teacher.get("/api/me").status_code == 200
        assert head.patch(f"/api/admin/users/{teacher_id}", json={"active": False}).status_code == 200
        assert teacher.get("/api/me").status_code == 401
        assert head.patch(f"/api/admin/users/{teacher_id}", json={"active": True}).status_code == 200
        assert teacher.get("/api/me").status_code == 401  # re-enabling does not bring old sessions back


def test_changing_password_signs_out_other_devices(app, settings, poster, admin):
    from fastapi.testclient import TestClient

    with TestClient(app) as phone, TestClient(app) as desktop:
        login(phone, poster)
        login(desktop, poster)
        desktop.get("/account/password")
        token = desktop.cookies.get("tripcast_csrf")
        response = desktop.post(
            "/account/password",
            data={"csrf_token": token, "current": PASSWORD, "new": "a brand new passphrase",
                  "confirm": "a brand new passphrase"},
            follow_redirects=False,
        )
        assert response.status_code == 303
        assert desktop.get("/api/me").status_code == 200  # this device gets a fresh session
        assert phone.get("/api/me").status_code == 401
    assert events(settings, "user.password_changed")


def test_admin_password_reset_revokes_sessions(app, settings, admin, poster):
    from fastapi.testclient import TestClient

    with TestClient(app) as teacher, TestClient(app) as head:
        login(teacher, poster)
        login(head, admin)
        teacher_id = next(u["id"] for u in head.get("/api/admin/users").json()["users"] if u["email"] == poster)
        assert head.patch(f"/api/admin/users/{teacher_id}", json={"password": "reset by the head 1"}).status_code == 200
        assert teacher.get("/api/me").status_code == 401
        teacher.cookies.clear()
        login(teacher, poster, "reset by the head 1")
    assert events(settings, "user.password_reset")


def test_login_page_round_trip(client, poster):
    page = client.get("/login")
    assert page.status_code == 200 and "Sign in" in page.text
    token = client.cookies.get("tripcast_csrf")
    bad = client.post("/login", data={"csrf_token": token, "email": poster, "password": "nope nope"})
    assert bad.status_code == 401 and "do not match" in bad.text
    good = client.post("/login", data={"csrf_token": token, "email": poster, "password": PASSWORD, "next": "/posts"},
                       follow_redirects=False)
    assert good.status_code == 303 and good.headers["location"] == "/posts"


def test_last_admin_cannot_be_disabled_or_demoted(admin_client):
    me = admin_client.get("/api/me").json()["user"]
    for change in ({"active": False}, {"role": "poster"}):
        response = admin_client.patch(f"/api/admin/users/{me['id']}", json=change)
        assert response.status_code == 422
        assert "only active admin" in response.json()["detail"]
