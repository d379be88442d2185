"""The whole after-posting flow on the Sandbox, through the real app: comment as the public, moderate, take down."""

from __future__ import annotations

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.db import Database
from tests.conftest import login

from .conftest import HEAD, TEACHER, publish

POLITE = "The permission slip never reached us, could it be sent again?"
ABUSIVE = "Mrs Khan you are a f***ing useless teacher, get lost"


def comment(client, post_id: str, author: str, text: str):
    return client.post(f"/api/sandbox/posts/{post_id}/comments", json={"author": author, "text": text})


def feed_comments(client) -> list[str]:
    return [c["text"] for post in client.get("/api/sandbox/posts").json() for c in post["comments"]]


def audit(client, event: str) -> list[dict]:
    database = Database(client.app.state.settings.db_url)
    with database.session() as session:
        found = [e.details for e in session.scalars(select(AuditEvent).where(AuditEvent.event == event))]
    database.dispose()
    return found


def test_a_parents_question_stays_visible_and_abuse_is_hidden_at_once(sandbox_app):
    post_id = publish(sandbox_app, "Year 5 had a wonderful day at the Roman fort!")

    assert comment(sandbox_app, post_id, "Jo Parent", POLITE).status_code == 201
    assert comment(sandbox_app, post_id, "Angry Person", ABUSIVE).status_code == 201

    assert feed_comments(sandbox_app) == [POLITE]  # the hidden one is gone from the public feed
    login(sandbox_app, HEAD)
    listed = {c["text"]: c for c in sandbox_app.get("/api/moderation/comments").json()}
    assert listed[POLITE]["status"] == "visible" and listed[POLITE]["flags"] == []
    assert listed[ABUSIVE]["status"] == "hidden" and "offensive-language" in listed[ABUSIVE]["flags"]
    assert set(listed[ABUSIVE]) >= {"id", "channel", "post_id", "author", "text", "created_at", "status", "flags"}
    assert listed[ABUSIVE]["post_id"] == post_id and listed[ABUSIVE]["channel"] == "sandbox"
    assert [e["comment_id"] for e in audit(sandbox_app, "moderation.auto_hidden")] == [listed[ABUSIVE]["id"]]
    page = sandbox_app.get("/admin/moderation").text
    assert 'id="nav-moderation">Moderation <span class="badge wait" aria-label="1 waiting">1</span>' in page


def test_admin_actions_change_the_feed_and_are_audited_with_the_text(sandbox_app):
    post_id = publish(sandbox_app, "Sports day photos coming soon")
    comment(sandbox_app, post_id, "Sam Public", "What time does it start on Friday?")
    login(sandbox_app, HEAD)
    [item] = sandbox_app.get("/api/moderation/comments?waiting=false").json()

    hidden = sandbox_app.post(f"/api/moderation/comments/{item['id']}/hide")
    assert hidden.status_code == 200 and hidden.json()["comment"]["status"] == "hidden"
    assert feed_comments(sandbox_app) == []
    assert sandbox_app.post(f"/api/moderation/comments/{item['id']}/unhide").json()["comment"]["status"] == "visible"
    assert feed_comments(sandbox_app) == ["What time does it start on Friday?"]
    blocked = sandbox_app.post(f"/api/moderation/comments/{item['id']}/block")
    assert blocked.status_code == 200 and blocked.json()["outcome"] == "done"
    assert comment(sandbox_app, post_id, "Sam Public", "hello again").status_code == 403
    deleted = sandbox_app.post(f"/api/moderation/comments/{item['id']}/delete")
    assert deleted.json()["comment"]["status"] == "deleted" and feed_comments(sandbox_app) == []
    again = sandbox_app.post(f"/api/moderation/comments/{item['id']}/delete")
    assert again.status_code == 409 and "already been deleted" in again.json()["detail"]

    actions = [(e["outcome"], e["author"]) for e in audit(sandbox_app, "moderation.hide")]
    assert actions == [("done", "Sam Public")]
    database = Database(sandbox_app.app.state.settings.db_url)
    from app.moderation.models import ModAction

    with database.session() as session:
        kept = [(a.action, a.actor, a.evidence) for a in session.scalars(select(ModAction).order_by(ModAction.id))]
    database.dispose()
    assert kept[0] == ("hide", HEAD, "What time does it start on Friday?")
    assert [a[0] for a in kept] == ["hide", "unhide", "block", "delete"]


def test_posters_cannot_moderate_and_bad_input_gets_plain_errors(sandbox_app):
    post_id = publish(sandbox_app, "Choir concert tonight")
    assert sandbox_app.get("/api/moderation/comments").status_code == 403
    empty = comment(sandbox_app, post_id, "", "hi")
    assert empty.status_code == 422 and "name" in empty.json()["detail"]
    missing = comment(sandbox_app, "no-such-post", "A", "hi")
    assert missing.status_code == 404
    login(sandbox_app, HEAD)
    assert sandbox_app.post("/api/moderation/comments/999/hide").status_code == 404
    comment(sandbox_app, post_id, "A Person", "Lovely!")
    [item] = sandbox_app.get("/api/moderation/comments?status=visible").json()
    wrong = sandbox_app.post(f"/api/moderation/comments/{item['id']}/explode")
    assert wrong.status_code == 404 and "not a moderation action" in wrong.json()["detail"]
    assert sandbox_app.get("/api/moderation/comments?status=gone").status_code == 422


def test_take_down_removes_the_post_from_the_sandbox_and_records_the_reason(sandbox_app):
    post_id = publish(sandbox_app, "Trip to the zoo")
    assert len(sandbox_app.get("/api/sandbox/posts").json()) == 1

    refused = sandbox_app.post(f"/api/posts/{post_id}/take-down", json={"reason": "  "})
    assert refused.status_code == 422 and "why" in refused.json()["detail"]
    done = sandbox_app.post(f"/api/posts/{post_id}/take-down", json={"reason": "Wrong photo of the zoo"})

    assert done.status_code == 200, done.text
    body = done.json()
    assert body["status"] == "removed" and [c["status"] for c in body["channels"]] == ["removed"]
    assert sandbox_app.get("/api/sandbox/posts").json() == []
    assert sandbox_app.get("/api/take-downs").json()[post_id]["status"] == "removed"
    [requested] = audit(sandbox_app, "post.take_down_requested")
    assert requested["reason"] == "Wrong photo of the zoo" and requested["channels"] == ["sandbox"]
    assert comment(sandbox_app, post_id, "Late Person", "Nice").status_code == 404


def test_a_poster_cannot_take_down_someone_elses_post_but_an_admin_can(sandbox_app):
    login(sandbox_app, HEAD)
    post_id = publish(sandbox_app, "Head's news: new library")
    login(sandbox_app, TEACHER)
    assert sandbox_app.post(f"/api/posts/{post_id}/take-down", json={"reason": "x"}).status_code == 404
    login(sandbox_app, HEAD)
    teacher_post = None
    login(sandbox_app, TEACHER)
    teacher_post = publish(sandbox_app, "Class 3 baked bread")
    login(sandbox_app, HEAD)
    response = sandbox_app.post(f"/api/posts/{teacher_post}/take-down", json={"reason": "Shows a pupil's name tag"})
    assert response.status_code == 200 and response.json()["status"] == "removed"
