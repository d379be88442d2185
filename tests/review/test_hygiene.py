"""Account hygiene each term: the checklist shows to admins from a term's first day until confirmed, term dates
are editable, a channel needing reconnection and an overdue policy review are shown on every admin page, and
each configured channel is checked once a day."""

from __future__ import annotations

from datetime import timedelta

from app.channels.models import channel_state
from app.hygiene.service import daily_connection_checks
from tests.conftest import login
from tests.foundation.test_login import events


def test_the_term_checklist_appears_and_clears_once_confirmed(sandbox_client, clock):
    login(sandbox_client, "head@school.example")  # the test clock is Wednesday 25 November 2026: autumn term
    page = sandbox_client.get("/posts")
    assert "account checklist" in page.text and "Autumn 2026" in page.text
    csrf = sandbox_client.cookies.get("tripcast_csrf")
    half = sandbox_client.post("/admin/hygiene/checklist", data={"csrf_token": csrf, "done": ["passwords"]},
                               follow_redirects=True)
    assert "Not confirmed: Tick every item" in half.text and "account checklist" in half.text
    done = sandbox_client.post("/admin/hygiene/checklist",
                               data={"csrf_token": csrf, "done": ["passwords", "reconnected", "staff"]},
                               follow_redirects=True)
    assert "checklist is done" in done.text
    assert "account checklist" not in sandbox_client.get("/posts").text
    hygiene = sandbox_client.get("/admin/hygiene").text
    assert "Done for Autumn 2026" in hygiene and "Mrs Head" in hygiene and "NCSC" in hygiene and "DfE" in hygiene
    assert events(sandbox_client.app.state.settings, "hygiene.term_checklist_confirmed")
    clock.moment = clock.moment.replace(year=2027, month=1, day=6)  # a new term: asked again
    assert "Spring 2027" in sandbox_client.get("/posts").text
    login(sandbox_client, "teacher@school.example")
    assert "account checklist" not in sandbox_client.get("/posts").text  # posters are not asked


def test_term_dates_are_editable_and_bad_lines_explained(sandbox_client, clock):
    login(sandbox_client, "head@school.example")
    sandbox_client.get("/admin/hygiene")  # the page hands out the form token
    csrf = sandbox_client.cookies.get("tripcast_csrf")
    bad = sandbox_client.post("/admin/hygiene/terms", data={"csrf_token": csrf, "terms": "2026-13-01 Autumn"},
                              follow_redirects=True)
    assert "Line 1: &#39;2026-13-01&#39; is not a date" in bad.text
    sandbox_client.post("/admin/hygiene/terms", data={"csrf_token": csrf, "terms": "2026-12-01 Winter term\n"})
    assert "account checklist" not in sandbox_client.get("/posts").text  # before the only term starts
    clock.moment = clock.moment + timedelta(days=7)
    assert "Winter term" in sandbox_client.get("/posts").text


def test_reconnect_and_overdue_review_show_on_every_admin_page(sandbox_client):
    login(sandbox_client, "head@school.example")
    with sandbox_client.app.state.db.session() as db:
        channel_state(db, "sandbox").needs_reconnect = True
        db.commit()
    page = sandbox_client.get("/news")
    assert "Sandbox (demo) needs reconnecting" in page.text
    assert "was due for review in January 2026" in page.text and 'href="/admin/review"' in page.text


def test_each_channel_is_checked_once_a_day(sandbox_client, clock):
    app = sandbox_client.app
    with app.state.db.session() as db:
        assert daily_connection_checks(db, app.state.channels, clock()) == ["sandbox"]
        assert daily_connection_checks(db, app.state.channels, clock() + timedelta(hours=3)) == []
        assert daily_connection_checks(db, app.state.channels, clock() + timedelta(hours=25)) == ["sandbox"]
        db.commit()
        assert channel_state(db, "sandbox").last_success_at is not None
