"""Pause all posting: posts are accepted and wait (saying why), the pause holds through a restart, every page
says so, and switching back on sends what waited. Audited; admins only."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.main import create_app
from tests.conftest import login
from tests.foundation.test_login import events
from tests.posts.conftest import drain, submit


def test_a_pause_holds_posts_through_a_restart_and_resuming_sends_them(sandbox_client, clock):
    app = sandbox_client.app
    settings = app.state.settings
    login(sandbox_client, "head@school.example")
    assert sandbox_client.post("/api/admin/pause", json={"paused": True, "reason": ""}).status_code == 422
    paused = sandbox_client.post("/api/admin/pause", json={"paused": True, "reason": "Checking a complaint"})
    assert paused.status_code == 200 and paused.json()["paused"] and paused.json()["changed_by"] == "Mrs Head"
    login(sandbox_client, "teacher@school.example")
    accepted = submit(sandbox_client, "Arrived at the farm")
    assert accepted.status_code == 202
    assert drain(sandbox_client) == 0
    post = sandbox_client.get(f"/api/posts/{accepted.json()['id']}").json()
    assert post["status"] == "queued"
    assert post["deliveries"][0]["message"].startswith("Paused by an admin (Checking a complaint)")
    page = sandbox_client.get("/posts")
    assert "All posting is paused by an admin" in page.text and "Checking a complaint" in page.text

    with TestClient(create_app(settings)) as restarted:  # a restart: the pause is in the database
        restarted.app.state.clock = clock
        login(restarted, "teacher@school.example")
        assert restarted.app.state.outbox.drain() == 0
        login(restarted, "head@school.example")
        assert restarted.get("/api/admin/pause").json()["paused"] is True
        resumed = restarted.post("/api/admin/pause", json={"paused": False})
        assert resumed.status_code == 200 and resumed.json()["paused"] is False
        assert restarted.app.state.outbox.drain() == 1
        assert restarted.get(f"/api/posts/{accepted.json()['id']}").json()["status"] == "published"
        assert "All posting is paused" not in restarted.get("/admin").text
    assert [e.details["reason"] for e in events(settings, "posting.paused")] == ["Checking a complaint"]
    assert len(events(settings, "posting.resumed")) == 1


def test_only_admins_pause_and_the_admin_page_has_the_switch(sandbox_client):
    assert sandbox_client.post("/api/admin/pause", json={"paused": True, "reason": "x"}).status_code == 403
    login(sandbox_client, "head@school.example")
    page = sandbox_client.get("/admin")
    assert "Pause all posting" in page.text
    done = sandbox_client.post("/admin/pause", data={"csrf_token": sandbox_client.cookies.get("tripcast_csrf"),
                                                      "paused": "yes", "reason": "Incident"}, follow_redirects=True)
    assert "Switch posting back on" in done.text and 'role="alert"' in done.text
