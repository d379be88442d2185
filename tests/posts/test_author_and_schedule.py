"""POST /api/posts: a shared device's outbox entry goes out only under its author's session (409 otherwise),
a scheduled time already gone by is refused when it was a mistake and dropped when the phone was offline,
and an out-of-hours reason sent inside posting hours is kept for publishing but not recorded as used."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.posts.models import Post
from tests.conftest import login
from tests.posts.conftest import WEDNESDAY_10AM, submit


def user_id(client, email: str) -> str:
    login(client, email)
    return str(client.get("/api/me").json()["user"]["id"])


def db_of(client):
    return client.app.state.db


def test_a_post_written_by_someone_else_is_refused_with_409_and_nothing_stored(sandbox_client):
    head = user_id(sandbox_client, "head@school.example")
    teacher = user_id(sandbox_client, "teacher@school.example")
    refused = submit(sandbox_client, "Mrs Head's post about the choir", author_id=head)
    assert refused.status_code == 409
    assert refused.json()["detail"] == ("This post was written by another member of staff on this device; "
                                        "they need to sign in to send it.")
    assert sandbox_client.get("/api/posts").json()["posts"] == []

    accepted = submit(sandbox_client, "Mr Teacher's own post", author_id=teacher)
    assert accepted.status_code == 202, accepted.text
    assert accepted.json()["author"] == "Mr Teacher"
    # No author_id (API clients, entries from before it was sent): the session user, as before.
    assert submit(sandbox_client, "Posted without an author field").status_code == 202


def test_scheduled_time_in_the_past_when_written_is_refused(sandbox_client):
    past = (WEDNESDAY_10AM - timedelta(hours=1)).isoformat()
    response = submit(sandbox_client, "Scheduled for an hour ago", scheduled_for=past)
    assert response.status_code == 422
    assert "already passed" in response.json()["detail"]
    written = (WEDNESDAY_10AM - timedelta(minutes=5)).isoformat()
    response = submit(sandbox_client, "Scheduled before it was written", scheduled_for=past, written_at=written)
    assert response.status_code == 422
    # A minute late is the clock's wobble, not a mistake.
    ok = submit(sandbox_client, "A minute ago", scheduled_for=(WEDNESDAY_10AM - timedelta(minutes=1)).isoformat())
    assert ok.status_code == 202, ok.text


def test_scheduled_time_that_passed_while_offline_goes_out_now_in_hours(sandbox_client):
    written = (WEDNESDAY_10AM - timedelta(days=1, hours=2)).isoformat()     # Tuesday 20:00, offline
    scheduled = (WEDNESDAY_10AM - timedelta(hours=2)).isoformat()           # for Wednesday 08:00
    response = submit(sandbox_client, "Written last night, signal back now", scheduled_for=scheduled,
                      written_at=written)
    assert response.status_code == 202, response.text
    post = response.json()
    assert post["scheduled_for"] is None and post["status"] != "scheduled"
    assert all(d["status"] == "queued" for d in post["deliveries"])


def test_late_scheduled_post_arriving_out_of_hours_waits_for_the_window(sandbox_client, clock):
    clock.moment = WEDNESDAY_10AM.replace(hour=19)
    written = WEDNESDAY_10AM.replace(hour=7).isoformat()
    scheduled = WEDNESDAY_10AM.replace(hour=8).isoformat()
    response = submit(sandbox_client, "Arrived after hours", scheduled_for=scheduled, written_at=written)
    assert response.status_code == 202, response.text
    post = response.json()
    assert post["scheduled_for"] is None
    [delivery] = post["deliveries"]
    assert delivery["status"] == "waiting" and "Outside posting hours" in delivery["message"]


def lead_a_trip_today(client, leader_email: str) -> None:
    """The trip reason is for a current trip's leaders: an admin adds the teacher as leader of today's trip."""
    leader = user_id(client, leader_email)
    login(client, "head@school.example")
    today = WEDNESDAY_10AM.date().isoformat()
    made = client.post("/api/admin/trips", json={"name": "Farm visit", "start_date": today, "end_date": today,
                                                  "leader_ids": [int(leader)]})
    assert made.status_code == 201, made.text
    login(client, leader_email)


def test_the_trip_reason_is_refused_to_someone_not_leading_a_trip(sandbox_client, clock):
    clock.moment = WEDNESDAY_10AM.replace(hour=18, minute=30)
    refused = submit(sandbox_client, "Campfire tonight", out_of_hours_reason="trip")
    assert refused.status_code == 422
    assert "you are not leading one" in refused.text
    assert sandbox_client.get("/api/posts").json()["posts"] == []


def test_reason_inside_hours_is_kept_for_publishing_but_not_recorded_as_used(sandbox_client, clock):
    lead_a_trip_today(sandbox_client, "teacher@school.example")
    inside = submit(sandbox_client, "Lunch at the farm", out_of_hours_reason="trip")
    assert inside.status_code == 202, inside.text
    clock.moment = WEDNESDAY_10AM.replace(hour=18, minute=30)
    outside = submit(sandbox_client, "Campfire tonight", out_of_hours_reason="trip")
    assert outside.status_code == 202, outside.text
    assert all(d["status"] == "queued" for d in outside.json()["deliveries"])  # a trip post: not held
    with db_of(sandbox_client).session() as db:
        posts = {p.text: p for p in db.scalars(select(Post))}
        assert posts["Lunch at the farm"].out_of_hours_reason == "trip"  # a late publish is still a trip post
        events = {e.details["text"]: e.details for e in db.scalars(
            select(AuditEvent).where(AuditEvent.event == "post.submitted"))}
    assert events["Lunch at the farm"]["out_of_hours_reason"] is None
    assert events["Lunch at the farm"]["reason_if_late"] == "trip"
    assert events["Campfire tonight"]["out_of_hours_reason"] == "trip"
    assert events["Campfire tonight"]["reason_if_late"] is None
