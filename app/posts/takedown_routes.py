"""Taking a post down: `POST /api/posts/{id}/take-down` {"reason"}, and where each channel has got to."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel
from sqlalchemy import select

from app.deps import CurrentUser, SessionDep
from app.posts.models import Post
from app.posts.takedown import TakeDownError, process_take_downs, take_down_json, take_down_post, take_downs_of
from app.web.bounds import PostId, Text

router = APIRouter()


class TakeDownBody(BaseModel):
    reason: Text(2000) = ""


def _post(db, user, post_id: str) -> Post:
    post = db.get(Post, post_id)
    if post is None or (post.author_id != user.id and not user.is_admin):
        raise HTTPException(404, "There is no post with that id.")
    return post


@router.post("/api/posts/{post_id}/take-down")
def api_take_down(post_id: PostId, body: TakeDownBody, request: Request, db: SessionDep, user: CurrentUser):
    post = _post(db, user, post_id)
    now = request.app.state.clock()
    try:
        take_down_post(db, post, user, body.reason, now)
    except TakeDownError as exc:
        raise HTTPException(exc.status, exc.message) from exc
    db.commit()
    process_take_downs(db, request.app.state.channels, now, post_id=post.id)  # at once; the worker retries
    db.expire_all()
    return {"post_id": post.id, **take_down_json(take_downs_of(db, [post.id]).get(post.id, []))}


@router.get("/api/posts/{post_id}/take-down")
def api_take_down_progress(post_id: PostId, db: SessionDep, user: CurrentUser):
    post = _post(db, user, post_id)
    rows = take_downs_of(db, [post.id]).get(post.id, [])
    if not rows:
        raise HTTPException(404, "This post has not been taken down.")
    return {"post_id": post.id, **take_down_json(rows)}


@router.get("/api/take-downs")
def api_take_downs(db: SessionDep, user: CurrentUser, limit: int = 200):
    """Take-downs of the posts this person can see (admins: all), by post id, for the Posts page."""
    query = select(Post.id).order_by(Post.created_at.desc()).limit(max(1, min(limit, 500)))
    if not user.is_admin:
        query = query.where(Post.author_id == user.id)
    found = take_downs_of(db, list(db.scalars(query)))
    return {post_id: take_down_json(rows) for post_id, rows in found.items()}
