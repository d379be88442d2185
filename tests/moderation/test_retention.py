"""Comment text is kept as safeguarding evidence for the retention period, then pruned; "Leave as it is"."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.db import Database
from app.moderation.models import ModAction, ModComment
from app.moderation.service import prune
from tests.conftest import login

from .conftest import HEAD, publish


def test_old_comment_text_and_evidence_are_pruned_and_the_rest_kept(sandbox_app):
    post_id = publish(sandbox_app, "Bake sale on Friday")
    for author, text in (("Old Comment", "Can I bring flapjacks?"), ("New Comment", "What time does it start?")):
        assert sandbox_app.post(f"/api/sandbox/posts/{post_id}/comments",
                                json={"author": author, "text": text}).status_code == 201
    login(sandbox_app, HEAD)
    old = next(c for c in sandbox_app.get("/api/moderation/comments").json() if c["author"] == "Old Comment")
    assert sandbox_app.post(f"/api/moderation/comments/{old['id']}/hide").status_code == 200
    database = Database(sandbox_app.app.state.settings.db_url)
    with database.session() as session:
        stored = session.get(ModComment, old["id"])
        now = stored.created_at + timedelta(days=31)
        for other in session.scalars(select(ModComment).where(ModComment.id != old["id"])):
            other.created_at = now - timedelta(days=1)
        session.commit()

        assert prune(session, retention_days=30, now=now) == 1
        assert prune(session, retention_days=30, now=now) == 0  # once only

        session.expire_all()
        assert session.get(ModComment, old["id"]).text is None
        assert [a.evidence for a in session.scalars(select(ModAction))] == [None]
        kept = session.scalar(select(ModComment).where(ModComment.id != old["id"]))
        assert kept.text == "What time does it start?"
    database.dispose()
    listed = {c["author"]: c["text"] for c in sandbox_app.get("/api/moderation/comments").json()}
    assert listed["Old Comment"] == "(text removed after the retention period)"


def test_leave_as_it_is_clears_the_waiting_count(sandbox_app):
    post_id = publish(sandbox_app, "Christmas jumper day")
    sandbox_app.post(f"/api/sandbox/posts/{post_id}/comments",
                     json={"author": "Critic", "text": "This school is a shambles at the moment"})
    login(sandbox_app, HEAD)
    [waiting] = sandbox_app.get("/api/moderation/comments?waiting=true").json()
    assert waiting["status"] == "visible" and "undermining" in waiting["flags"]
    assert sandbox_app.get("/api/moderation/count").json() == {"waiting": 1}

    done = sandbox_app.post(f"/api/moderation/comments/{waiting['id']}/reviewed")

    assert done.status_code == 200 and done.json()["comment"]["status"] == "visible"
    assert sandbox_app.get("/api/moderation/count").json() == {"waiting": 0}
    assert sandbox_app.get("/api/moderation/comments?waiting=true").json() == []
