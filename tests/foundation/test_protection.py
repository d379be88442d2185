from __future__ import annotations

from tests.conftest import PASSWORD


def test_cross_site_post_is_refused_even_with_valid_credentials(client, poster):
    response = client.post(
        "/api/session", json={"email": poster, "password": PASSWORD}, headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 403
    assert "another website" in response.json()["detail"]
    assert "set-cookie" not in response.headers or "tripcast_session" not in response.headers["set-cookie"]


def test_sec_fetch_site_cross_site_is_refused(admin_client):
    response = admin_client.post(
        "/api/admin/users",
        json={"email": "x@school.example", "password": "long enough pw", "role": "admin"},
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert response.status_code == 403
    assert admin_client.get("/api/admin/users").json()["users"][-1]["email"] != "x@school.example"


def test_same_origin_post_is_accepted(client, poster):
    response = client.post(
        "/api/session", json={"email": poster, "password": PASSWORD},
        headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 200


def test_form_post_without_the_csrf_token_is_refused(admin_client):
    response = admin_client.post(
        "/admin/staff", data={"email": "new@school.example", "display_name": "N", "role": "poster",
                              "password": "long enough pw"},
    )
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/html")  # a browser's form post gets a page, not JSON
    assert "This form has expired" in response.text and "<h1>Sorry</h1>" in response.text
    wrong = admin_client.post("/admin/staff", data={"csrf_token": "forged", "email": "new@school.example"},
                              headers={"Referer": "http://testserver/admin/staff"})
    assert wrong.status_code == 403
    assert '<a href="/admin/staff">Go back</a>' in wrong.text
    scripted = admin_client.post("/admin/staff", data={"email": "new@school.example"},
                                 headers={"Accept": "application/json"})
    assert scripted.status_code == 403 and "expired" in scripted.json()["detail"]


def test_form_post_with_the_token_works(admin_client):
    admin_client.get("/admin/staff")
    token = admin_client.cookies.get("tripcast_csrf")
    response = admin_client.post(
        "/admin/staff",
        data={"csrf_token": token, "email": "new@school.example", "display_name": "Ms New", "role": "poster",
              "password": "long enough pw"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = admin_client.get("/admin/staff")
    assert "Added Ms New (poster)." in page.text and "new@school.example" in page.text


def test_security_headers_on_pages_and_api(client):
    page = client.get("/login")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "same-origin"
    assert "<script>" not in page.text  # no inline script anywhere
    api = client.get("/api/me")
    assert api.headers["cache-control"] == "no-store"
    assert api.headers["x-content-type-options"] == "nosniff"


def test_errors_never_show_secrets_or_tracebacks(client, settings):
    response = client.post("/api/session", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert "Traceback" not in response.text
    assert settings.secret_key.get_secret_value() not in response.text
