"""The moderation inbox: the JSON API and the admin Moderation page (plain forms, no script needed)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel
from sqlalchemy import delete, select

from app.deps import AdminUser, SessionDep
from app.moderation.models import COMMENT_STATES, ModComment
from app.moderation.push import PushSubscription, public_key, save_subscription
from app.moderation.service import ACTIONS, ActionError, act, comment_json, waiting_count
from app.posts.status import CHANNEL_LABELS
from app.web.bounds import ChannelName, CommentId, Text
from app.web.security import CsrfChecked
from app.web.templates import render, with_flash

router = APIRouter()
PAGE_SIZE = 200
DONE_WORDS = {"hide": "Hidden", "unhide": "Shown again", "delete": "Deleted", "block": "Blocked",
              "report": "Report page opened", "reviewed": "Marked as looked at"}


def _comments(db, status: str | None = None, waiting: bool | None = None) -> list[ModComment]:
    query = select(ModComment).order_by(ModComment.waiting.desc(), ModComment.created_at.desc()).limit(PAGE_SIZE)
    if status:
        if status not in COMMENT_STATES:
            raise HTTPException(422, f"status must be one of {', '.join(COMMENT_STATES)}.")
        query = query.where(ModComment.status == status)
    if waiting is not None:
        query = query.where(ModComment.waiting.is_(waiting))
    return list(db.scalars(query))


@router.get("/api/moderation/comments")
def api_comments(db: SessionDep, admin: AdminUser, status: str | None = None, waiting: bool | None = None):
    return [comment_json(c) for c in _comments(db, status, waiting)]


@router.get("/api/moderation/count")
def api_count(db: SessionDep, admin: AdminUser):
    return {"waiting": waiting_count(db)}


def _act(request: Request, db, admin, comment_id: int, action: str) -> dict:
    if action not in ACTIONS:
        raise HTTPException(404, f"'{action}' is not a moderation action (use {', '.join(ACTIONS)}).")
    stored = db.get(ModComment, comment_id)
    if stored is None:
        raise HTTPException(404, "There is no comment with that id.")
    try:
        result = act(db, stored, action, admin, request.app.state.channels.get(stored.channel))
    except ActionError as exc:
        raise HTTPException(exc.status, exc.message) from exc
    return {**result, "comment": comment_json(stored)}


@router.post("/api/moderation/comments/{comment_id}/{action}")
def api_act(comment_id: CommentId, action: ChannelName, request: Request, db: SessionDep, admin: AdminUser):
    return _act(request, db, admin, comment_id, action)


def _poll(request: Request) -> str:
    worker = getattr(request.app.state, "moderation", None)
    if worker is None:
        raise HTTPException(503, "The moderation worker is not running on this server.")
    result = worker.poll()
    found = f"{result.new} new comment{'s' if result.new != 1 else ''}"
    hidden = f", {result.hidden} hidden at once" if result.hidden else ""
    problems = f" Problems: {' '.join(result.problems)}" if result.problems else ""
    return f"Checked for comments: {found}{hidden}.{problems}"


@router.post("/api/moderation/poll")
def api_poll(request: Request, admin: AdminUser):
    return JSONResponse({"message": _poll(request)})


class PushKeys(BaseModel):
    p256dh: Text(200)
    auth: Text(200)


class PushBody(BaseModel):
    endpoint: Text(2000)
    keys: PushKeys | None = None


@router.get("/api/moderation/push/key")
def api_push_key(request: Request, admin: AdminUser):
    return {"key": public_key(request.app.state.settings.data_dir)}


@router.post("/api/moderation/push/subscriptions", status_code=201)
def api_push_subscribe(body: PushBody, db: SessionDep, admin: AdminUser):
    if not body.endpoint.startswith("https://") or len(body.endpoint) > 1000 or body.keys is None:
        raise HTTPException(422, "Send the browser's push subscription: an https endpoint and its keys.")
    if len(body.keys.p256dh) > 200 or len(body.keys.auth) > 100:
        raise HTTPException(422, "The subscription's keys are too long to be real.")
    save_subscription(db, admin, body.endpoint, body.keys.p256dh, body.keys.auth)
    db.commit()
    return {"message": "Notifications are on for this device."}


@router.post("/api/moderation/push/subscriptions/remove")
def api_push_unsubscribe(body: PushBody, db: SessionDep, admin: AdminUser):
    db.execute(delete(PushSubscription).where(PushSubscription.endpoint == body.endpoint,
                                              PushSubscription.user_id == admin.id))
    db.commit()
    return {"message": "Notifications are off for this device."}


@router.get("/admin/moderation")
def moderation_page(request: Request, db: SessionDep, admin: AdminUser, show: str = "waiting"):
    comments = _comments(db, waiting=True if show == "waiting" else None)
    settings = request.app.state.settings
    return render(request, "admin/moderation.html", comments=comments, show=show, labels=CHANNEL_LABELS,
                  tz=settings.tz, days=settings.moderation_days, auto_hide=settings.moderation_auto_hide,
                  x_replies=settings.x_read_replies, channels=request.app.state.channels,
                  waiting=waiting_count(db))


@router.post("/admin/moderation/poll")
def moderation_poll_form(request: Request, admin: AdminUser, _csrf: CsrfChecked):
    return with_flash(RedirectResponse("/admin/moderation", 303), _poll(request))


@router.post("/admin/moderation/{comment_id}/{action}")
def moderation_form(comment_id: CommentId, action: ChannelName, request: Request, db: SessionDep, admin: AdminUser,
                    _csrf: CsrfChecked):
    try:
        result = _act(request, db, admin, comment_id, action)
    except HTTPException as exc:
        return with_flash(RedirectResponse("/admin/moderation", 303), f"Not done: {exc.detail}")
    message = f"{DONE_WORDS.get(action, 'Done')}. {result['message']}"
    if action == "block" and result.get("outcome") != "done" and result.get("url"):
        message = f"{result['message']} Their profile: {result['url']}"
    return with_flash(RedirectResponse(f"/admin/moderation#comment-{comment_id}", 303), message)
