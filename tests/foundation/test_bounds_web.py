"""Cookies, CSRF fallback, rate limits, the staff-only API docs and the sandbox folders (issues 16 and 9)."""

from __future__ import annotations

import stat
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from app.channels.base import OutgoingPhoto, OutgoingPost
from app.channels.sandbox import SandboxChannel
from app.posts.storage import PhotoStore
from app.web.rate_limit import RateLimits
from tests.conftest import PASSWORD, add_user, login

STRONG = "correct horse battery staple"


def _form(client: TestClient, path: str, page: str, **data):
    client.get(page)
    return client.post(path, data={"csrf_token": client.cookies.get("tripcast_csrf"), **data},
                       follow_redirects=False)


@pytest.mark.parametrize(("path", "page", "data", "shown"), [
    ("/admin/staff", "/admin/staff", {"email": "lucja@school.example", "display_name": "Łucja", "password": STRONG},
     "Added Łucja (poster)."),
    ("/admin/allowlist", "/admin/allowlist", {"phrase": "St Mary’s"}, "Added &#39;St Mary’s&#39;."),
    ("/admin/staff", "/admin/staff", {"email": "ellipsis@school.example", "display_name": "Page… 😀",
                                      "password": STRONG}, "Added Page… 😀 (poster)."),
])
def test_a_flash_message_carries_any_unicode(admin_client, path, page, data, shown):
    response = _form(admin_client, path, page, **data)
    assert response.status_code == 303, response.text[:300]
    assert admin_client.get(page).text.count(shown) == 1
    assert shown not in admin_client.get(page).text  # shown once


def test_a_forged_or_unsigned_flash_cookie_is_never_shown(admin_client):
    admin_client.cookies.set("tripcast_flash", "SGFja2Vk")  # base64 of "Hacked", no signature
    assert "Hacked" not in admin_client.get("/admin/staff").text
    admin_client.cookies.set("tripcast_flash", "SGFja2Vk.AAAAAAAAAAAAAAAAAAAAAAAA")
    assert "Hacked" not in admin_client.get("/admin/staff").text


def _set_cookies(response) -> dict[str, str]:
    return {line.split("=", 1)[0]: line for line in response.headers.get_list("set-cookie")}


def test_cookies_behind_https_are_secure_and_sign_out_keeps_httponly(app, admin):
    with TestClient(app, base_url="https://testserver") as https:
        login(https, admin)
        https.get("/admin/staff")
        response = _form(https, "/admin/allowlist", "/admin/allowlist", phrase="Forest School")
        flash = _set_cookies(response)["tripcast_flash"]
        assert "Secure" in flash and "HttpOnly" in flash
        https.get("/admin/staff")
        out = _form(https, "/logout", "/admin/staff")
        cookies = _set_cookies(out)
        assert "Secure" in cookies["tripcast_session"] and "HttpOnly" in cookies["tripcast_session"]
        assert "Max-Age=0" in cookies["tripcast_session"]
        assert "Secure" in cookies["tripcast_flash"]
    with TestClient(app) as plain:  # plain HTTP on a laptop: no Secure, or the browser would drop the cookie
        login(plain, admin)
        assert "Secure" not in _set_cookies(_form(plain, "/logout", "/admin/staff"))["tripcast_session"]


def test_changing_a_users_email_ends_their_sessions(app, admin_client, settings):
    user_id = add_user(settings, "old@school.example", "poster", name="Mr Old")
    with TestClient(app) as theirs:
        login(theirs, "old@school.example")
        assert theirs.get("/api/me").status_code == 200
        changed = admin_client.patch(f"/api/admin/users/{user_id}", json={"email": "new@school.example"})
        assert changed.status_code == 200
        assert theirs.get("/api/me").status_code == 401
    renamed = admin_client.patch(f"/api/admin/users/{user_id}", json={"display_name": "Mr New"})
    assert renamed.status_code == 200 and admin_client.get("/api/me").status_code == 200


@pytest.mark.parametrize(("headers", "allowed"), [
    ({"Referer": "https://evil.example/page"}, False),
    ({"Referer": "not a url at all"}, False),
    ({"Referer": "http://testserver/admin/staff"}, True),
    ({"Origin": "https://evil.example"}, False),
    ({"Sec-Fetch-Site": "cross-site"}, False),
    ({}, True),  # no browser headers at all: a script acting for itself (documented in app/web/security.py)
])
def test_json_writes_judge_the_referer_when_there_is_no_origin(admin_client, headers, allowed):
    response = admin_client.post("/api/admin/users", headers=headers,
                                 json={"email": "made@school.example", "role": "admin", "password": STRONG})
    assert (response.status_code == 201) is allowed
    if not allowed:
        assert response.status_code == 403 and "another website" in response.json()["detail"]


def test_the_policy_check_is_rate_limited_per_user(app, poster_client, settings):
    app.state.rate_limits = RateLimits({"check": "3/minute", "post": "3/minute", "channel-check": "1/minute",
                                        "roster-import": "1/minute", "audit": "1/minute"})
    for _ in range(3):
        assert poster_client.post("/api/check", json={"text": "hi"}).status_code == 200
    refused = poster_client.post("/api/check", json={"text": "hi"})
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert "Too many policy checks" in refused.json()["detail"] and "at most 3 a minute" in refused.json()["detail"]
    add_user(settings, "other@school.example", "poster")
    with TestClient(app) as other:  # another teacher is not slowed by the first
        login(other, "other@school.example", PASSWORD)
        assert other.post("/api/check", json={"text": "hi"}).status_code == 200


def test_channel_checks_and_audit_searches_are_rate_limited(app, admin_client):
    app.state.rate_limits = RateLimits({"check": "9/minute", "post": "9/minute", "channel-check": "1/minute",
                                        "roster-import": "1/minute", "audit": "1/minute"})
    assert admin_client.post("/api/admin/channels/sandbox/check").status_code == 200
    assert admin_client.post("/api/admin/channels/sandbox/check").status_code == 429
    assert admin_client.get("/api/admin/audit").status_code == 200
    assert admin_client.get("/api/admin/audit").status_code == 429


def test_the_api_document_and_docs_are_for_signed_in_staff_only(client, poster, admin):
    assert client.get("/api/openapi.json").status_code == 401
    assert client.get("/api/docs").status_code in (303, 401)
    assert client.get("/openapi.json").status_code == 404 and client.get("/docs").status_code == 404
    login(client, poster)
    document = client.get("/api/openapi.json").json()
    assert document["info"]["title"] == "Tripcast API"
    assert "/api/check" in document["paths"] and "/admin/staff" not in document["paths"]
    check = document["paths"]["/api/check"]["post"]
    assert check["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/CheckResult")
    page = client.get("/api/docs")
    assert page.status_code == 200 and '<script src="/api/docs/swagger-ui-bundle.js">' in page.text
    assert "<script>" not in page.text  # no inline script: the page keeps the app's CSP
    assert client.get("/api/docs/swagger-ui-bundle.js").status_code == 200
    assert client.get("/api/docs/init.js").text.startswith("window.ui = SwaggerUIBundle")
    assert client.get("/api/docs/..%2Fbounds.py").status_code == 404


def test_sandbox_and_photo_folders_are_private(tmp_path):
    channel = SandboxChannel(tmp_path / "sandbox")
    post = OutgoingPost(post_id="p1", text="Hello", first_attempt_at=datetime.now(UTC),
                        photos=(OutgoingPhoto(data=b"\xff\xd8\xff", content_type="image/jpeg"),))
    channel.publish(post)
    PhotoStore(tmp_path / "photos")
    for folder in (tmp_path / "sandbox" / "posts", tmp_path / "sandbox" / "media", tmp_path / "photos"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
