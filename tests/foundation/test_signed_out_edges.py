"""Signing out after the session already ended, and pages that must not be kept in the browser's cache."""

from __future__ import annotations

from tests.conftest import login


def test_sign_out_with_an_expired_session_lands_on_the_login_page(client, poster):
    login(client, poster)
    client.get("/")
    token = client.cookies.get("tripcast_csrf")
    client.cookies.delete("tripcast_session")  # the session ended elsewhere (expired, revoked)
    response = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"
    after = client.get("/login")
    assert "You have signed out." in after.text


def test_a_signed_out_form_post_never_becomes_the_next_page(client, admin):
    client.get("/login")
    token = client.cookies.get("tripcast_csrf")
    response = client.post("/admin/allowlist", data={"csrf_token": token, "phrase": "Lake Windermere"},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"
    page = client.get("/admin/staff", follow_redirects=False)
    assert page.headers["location"] == "/login?next=/admin/staff"  # a page to read is kept


def test_signed_in_pages_are_not_cached_but_the_offline_page_is_cacheable(client, poster):
    login(client, poster)
    for path in ("/", "/posts", "/account/password", "/login"):
        assert client.get(path).headers.get("cache-control") == "no-store", path
    assert "no-store" not in client.get("/offline").headers.get("cache-control", "")
    assert "no-store" not in client.get("/static/css/app.css").headers.get("cache-control", "")
