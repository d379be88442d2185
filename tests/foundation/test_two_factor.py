"""Two-factor sign-in: enrol with a QR code and a first code, sign in with a code (API and pages), recovery
codes work once, wrong codes are throttled and audited, an admin resets a colleague's, and a school can require
it for admins."""

from __future__ import annotations

import re
import time

import pyotp

from app.db import Database
from tests.conftest import PASSWORD, login, make_settings, migrated
from tests.foundation.test_login import events


def enrol(client) -> tuple[str, list[str]]:
    page = client.get("/account/2fa")
    assert page.status_code == 200 and "<svg" in page.text
    secret = re.search(r"<code>([A-Z2-7]{32})</code>", page.text).group(1)
    csrf = client.cookies.get("tripcast_csrf")
    wrong = client.post("/account/2fa", data={"csrf_token": csrf, "action": "enable", "code": "000000"})
    assert wrong.status_code == 422 and "did not match" in wrong.text
    done = client.post("/account/2fa", data={"csrf_token": csrf, "action": "enable",
                                             "code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200 and "recovery codes" in done.text
    return secret, re.findall(r"<code>([0-9a-f]{6}-[0-9a-f]{6})</code>", done.text)


def next_code(secret: str) -> str:
    """A code not used yet: the next time step's (accepted as one step of drift)."""
    return pyotp.TOTP(secret).at(time.time() + 30)


def test_enrol_then_sign_in_needs_the_code_and_a_recovery_code_works_once(client, settings, poster, admin):
    login(client, poster)
    secret, codes = enrol(client)
    assert len(codes) == 10
    client.cookies.clear()
    needs = client.post("/api/session", json={"email": poster, "password": PASSWORD})
    assert needs.status_code == 401 and needs.json()["second_factor_required"] is True
    assert client.get("/api/me").status_code == 401  # the password alone signs nobody in
    code = next_code(secret)
    ok = client.post("/api/session", json={"email": poster, "password": PASSWORD, "code": code})
    assert ok.status_code == 200, ok.text
    client.cookies.clear()
    # The same code again (not a fresh next_code: if a 30 s step ends between the calls, that is a new code).
    replay = client.post("/api/session", json={"email": poster, "password": PASSWORD, "code": code})
    assert replay.status_code == 401  # a code works once
    recovered = client.post("/api/session", json={"email": poster, "password": PASSWORD, "code": codes[0]})
    assert recovered.status_code == 200
    client.cookies.clear()
    again = client.post("/api/session", json={"email": poster, "password": PASSWORD, "code": codes[0]})
    assert again.status_code == 401
    assert events(settings, "login.recovery_code_used")[0].details["remaining"] == 9
    assert events(settings, "user.two_factor_enabled")


def test_the_sign_in_page_asks_for_the_code_on_a_page_of_its_own(client, settings, poster, admin):
    login(client, poster)
    secret, _ = enrol(client)
    client.cookies.clear()
    client.get("/login")
    csrf = client.cookies.get("tripcast_csrf")
    first = client.post("/login", data={"csrf_token": csrf, "email": poster, "password": PASSWORD, "next": "/posts"})
    assert first.status_code == 200 and "Enter your code" in first.text
    wrong = client.post("/login/code", data={"csrf_token": csrf, "code": "123456", "next": "/posts"})
    assert wrong.status_code == 401 and "not right" in wrong.text
    done = client.post("/login/code", data={"csrf_token": csrf, "code": next_code(secret), "next": "/posts"},
                       follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/posts"
    assert client.get("/api/me").status_code == 200
    client.cookies.clear()
    client.get("/login")
    stale = client.post("/login/code", data={"csrf_token": client.cookies.get("tripcast_csrf"), "code": "1"},
                        follow_redirects=False)
    assert stale.status_code == 303 and stale.headers["location"] == "/login"


def test_wrong_codes_are_throttled_like_passwords(client, settings, poster, admin):
    login(client, poster)
    secret, _ = enrol(client)
    client.cookies.clear()
    for _ in range(5):
        bad = client.post("/api/session", json={"email": poster, "password": PASSWORD, "code": "999999"})
        assert bad.status_code == 401
    paused = client.post("/api/session", json={"email": poster, "password": PASSWORD, "code": next_code(secret)})
    assert paused.status_code == 429
    assert len(events(settings, "login.second_factor_failed")) == 5


def test_an_admin_resets_a_colleagues_second_factor(client, settings, poster, admin):
    login(client, poster)
    enrol(client)
    login(client, admin)  # an admin without 2FA (not required by default)
    [teacher] = [u for u in client.get("/api/admin/users").json()["users"] if u["email"] == poster]
    assert teacher["two_factor"] is True
    assert "Reset two-factor" in client.get("/admin/staff").text
    assert client.patch(f"/api/admin/users/{teacher['id']}", json={"reset_two_factor": True}).status_code == 200
    assert events(settings, "user.two_factor_reset")
    client.cookies.clear()
    assert client.post("/api/session", json={"email": poster, "password": PASSWORD}).status_code == 200


def test_a_school_can_require_it_for_admins(tmp_path):
    from fastapi.testclient import TestClient

    from app.main import create_app
    from tests.conftest import add_user

    settings = migrated(make_settings(tmp_path, require_two_factor_for_admins=True))
    add_user(settings, "head@school.example", "admin", name="Mrs Head")
    add_user(settings, "teacher@school.example", "poster")
    with TestClient(create_app(settings)) as client:
        login(client, "head@school.example")
        assert client.get("/api/admin/users").status_code == 403
        page = client.get("/admin/staff", follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"] == "/account/2fa"
        enrol(client)
        assert client.get("/api/admin/users").status_code == 200
        login(client, "teacher@school.example")  # posters are not held to it
        assert client.get("/api/posts").status_code == 200
    Database(settings.db_url).dispose()


def stored_secrets(settings) -> list[str]:
    from app.accounts.models import User

    with Database(settings.db_url).session() as db:
        return [u.totp_secret for u in db.query(User).filter(User.totp_secret.is_not(None))]


def test_the_database_never_holds_the_secret_itself(client, settings, poster, admin):
    """A copy of the database alone cannot make anyone's codes: the secret is sealed under the server's key."""
    login(client, poster)
    secret, _ = enrol(client)
    [stored] = stored_secrets(settings)
    assert secret not in stored and stored.startswith("sealed1:")
    client.cookies.clear()
    ok = client.post("/api/session", json={"email": poster, "password": PASSWORD, "code": next_code(secret)})
    assert ok.status_code == 200, ok.text


def test_a_secret_stored_before_sealing_is_sealed_at_start_up_and_still_works(tmp_path):
    from fastapi.testclient import TestClient

    from app.accounts.models import User
    from app.main import create_app
    from tests.conftest import add_user

    settings = migrated(make_settings(tmp_path))
    add_user(settings, "old@school.example", "poster")
    secret = pyotp.random_base32()
    with Database(settings.db_url).session() as db:  # as the previous version wrote it
        db.query(User).filter_by(email="old@school.example").one().totp_secret = secret
        db.commit()
    with TestClient(create_app(settings)) as client:
        [stored] = stored_secrets(settings)
        assert stored.startswith("sealed1:") and secret not in stored
        ok = client.post("/api/session", json={"email": "old@school.example", "password": PASSWORD,
                                               "code": pyotp.TOTP(secret).now()})
        assert ok.status_code == 200, ok.text


def test_after_the_secret_key_changes_a_recovery_code_still_signs_in(tmp_path):
    from fastapi.testclient import TestClient

    from app.main import create_app
    from tests.conftest import add_user

    settings = migrated(make_settings(tmp_path))
    add_user(settings, "t@school.example", "poster")
    with TestClient(create_app(settings)) as client:
        login(client, "t@school.example")
        secret, codes = enrol(client)
    moved = settings.model_copy(update={"secret_key": type(settings.secret_key)("another-" + "k" * 40)})
    with TestClient(create_app(moved)) as client:
        refused = client.post("/api/session", json={"email": "t@school.example", "password": PASSWORD,
                                                    "code": next_code(secret)})
        assert refused.status_code == 401
        assert "secret key has changed" in refused.json()["detail"] and "recovery codes" in refused.json()["detail"]
        ok = client.post("/api/session", json={"email": "t@school.example", "password": PASSWORD, "code": codes[0]})
        assert ok.status_code == 200, ok.text
