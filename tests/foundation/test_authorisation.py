"""Every route × anonymous / poster / admin. New routes are picked up automatically from the app."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute

from app.main import create_app
from tests.conftest import login

# Routes anyone may reach (everything else needs a signed-in member of staff).
PUBLIC = {
    ("GET", "/login"), ("POST", "/login"), ("POST", "/api/session"), ("GET", "/healthz"), ("GET", "/offline"),
    ("GET", "/setup/{token}"), ("POST", "/setup/{token}"), ("GET", "/sw.js"), ("GET", "/manifest.webmanifest"),
    ("POST", "/login/code"),  # the second half of signing in: a signed short-lived cookie says whose code it is
    ("GET", "/feed.atom"), ("GET", "/newsflash"),  # what the school published, for its website
}


def is_admin_route(path: str) -> bool:
    return path == "/admin" or path.startswith(("/admin/", "/api/admin/", "/api/moderation/"))


def _walk(routes):
    for route in routes:
        nested = getattr(route, "original_router", None)  # FastAPI keeps included routers as wrappers
        if nested is not None:
            yield from _walk(nested.routes)
        elif isinstance(route, APIRoute):
            yield route


def all_routes(settings):
    app = create_app(settings)
    found = {(method, route.path) for route in _walk(app.routes) for method in route.methods - {"HEAD"}}
    return sorted(found)


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "999999", path)


def call(client, method, path):
    token = client.cookies.get("tripcast_csrf") or ""
    if not token:
        client.get("/login")
        token = client.cookies.get("tripcast_csrf") or ""
    kwargs = {}
    if method in ("POST", "PUT", "PATCH"):
        kwargs = {"data": {"csrf_token": token}} if not path.startswith("/api/") else {"json": {}}
    if method == "DELETE":
        kwargs = {}
    return client.request(method, concrete(path), follow_redirects=False, **kwargs)


def test_matrix_covers_the_whole_app(settings):
    routes = all_routes(settings)
    assert ("GET", "/admin/staff") in routes and ("POST", "/api/session") in routes
    assert len(routes) > 20


def test_anonymous_requests_are_turned_away(client, settings):
    for method, path in all_routes(settings):
        if (method, path) in PUBLIC:
            continue
        response = call(client, method, path)
        if path.startswith("/api/"):
            assert response.status_code == 401, (method, path, response.status_code)
            assert response.json()["detail"] == "Please sign in first."
        else:
            assert response.status_code in (303, 401), (method, path, response.status_code)
            if response.status_code == 303:
                assert response.headers["location"].startswith("/login")


def test_posters_get_403_on_admin_routes_and_reach_the_rest(poster_client, settings):
    for method, path in all_routes(settings):
        if (method, path) in PUBLIC or (method, path) in (("DELETE", "/api/session"), ("POST", "/logout")):
            continue
        response = call(poster_client, method, path)
        if is_admin_route(path):
            assert response.status_code == 403, (method, path, response.status_code)
        else:
            assert response.status_code not in (401, 403), (method, path, response.status_code, response.text[:200])


def test_admins_reach_every_route(admin_client, settings):
    for method, path in all_routes(settings):
        if (method, path) in PUBLIC or (method, path) in (("DELETE", "/api/session"), ("POST", "/logout")):
            continue
        response = call(admin_client, method, path)
        assert response.status_code not in (401, 403), (method, path, response.status_code, response.text[:200])


@pytest.mark.parametrize("path", ["/admin", "/admin/staff", "/admin/trips", "/admin/audit"])
def test_admin_pages_show_admins_only_message_to_posters(poster_client, path):
    response = poster_client.get(path)
    assert response.status_code == 403 and "Only admins" in response.text


def test_healthz_checks_the_database(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_logout_routes(client, poster):
    login(client, poster)
    assert client.delete("/api/session").status_code == 200
    assert client.delete("/api/session").status_code == 401


def test_refused_admin_attempts_are_in_the_audit_log(client, poster, admin):
    from tests.conftest import login

    login(client, poster)
    assert client.post("/api/admin/users", json={"email": "x@school.example", "password": "kettle orbit meadow"}
                       ).status_code == 403
    assert client.get("/admin/audit").status_code == 403
    client.cookies.clear()
    login(client, admin)
    events = client.get("/api/admin/audit", params={"event": "admin.refused"}).json()["events"]
    assert [(e["actor"], e["details"]["method"], e["details"]["path"]) for e in events] == [
        (poster, "GET", "/admin/audit"), (poster, "POST", "/api/admin/users")]
    assert all(e["ip"] for e in events)
