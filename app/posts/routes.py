"""The posting API: check a draft, submit a post, follow it, cancel it, retry one channel."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import select
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.accounts.models import User
from app.audit.log import record
from app.db import utcnow
from app.deps import CurrentUser, NotAuthenticated, SessionDep, SettingsDep, optional_user
from app.policy import Draft, check, unresolved
from app.posts.intake import Busy, accept_post
from app.posts.models import CANCELLED, OPEN_STATES, QUEUED, Post
from app.posts.purge import purge_photos
from app.posts.status import post_json
from app.posts.submit import Submission, SubmitError

router = APIRouter()


class CheckRequest(BaseModel):
    text: str = ""
    photo_count: int = 0
    channels: list[str] | None = None
    alt_texts: list[str] = []
    confirmations: list[str] = []
    out_of_hours_reason: str | None = None
    out_of_hours_note: str = ""
    at: datetime | None = None


def _aware(moment: datetime | None, tz) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment


@router.post("/api/check")
def api_check(body: CheckRequest, request: Request, db: SessionDep, settings: SettingsDep, user: CurrentUser):
    now = request.app.state.clock()
    at = _aware(body.at, settings.tz)
    channels = tuple(body.channels if body.channels is not None else request.app.state.channels)
    draft = Draft(
        text=body.text, photo_count=max(0, body.photo_count), channels=channels, alt_texts=tuple(body.alt_texts),
        confirmations=frozenset(body.confirmations), out_of_hours_reason=body.out_of_hours_reason or None,
        out_of_hours_note=body.out_of_hours_note, scheduled_for=at,
    )
    findings = check(draft, request.app.state.contexts.for_user(db, user, now))
    return {"ok": not unresolved(findings, draft.confirmations), "findings": [f.to_json() for f in findings]}


def _text(form, key: str) -> str:
    value = form.get(key)
    return value if isinstance(value, str) else ""


async def _submission(request: Request, settings) -> tuple[Submission, list[UploadFile]]:
    if not request.headers.get("content-type", "").startswith(("multipart/form-data", "application/x-www-form")):
        raise SubmitError(415, "Send the post as multipart/form-data with the fields text, photos, alt_text, "
                               "channels and idempotency_key.")
    try:
        form = await request.form(max_files=settings.upload_max_photos + 8, max_fields=200)
    except StarletteHTTPException as exc:  # Starlette's multipart limits (files, fields, part size)
        if "Too many files" in str(exc.detail):
            raise SubmitError(413, f"A post can carry at most {settings.upload_max_photos} photos.") from exc
        raise SubmitError(413 if "size" in str(exc.detail) else 422,
                          f"The post could not be read: {exc.detail}") from exc
    uploads = [f for f in form.getlist("photos") if isinstance(f, UploadFile) and (f.filename or f.size)]
    scheduled_for = _moment(_text(form, "scheduled_for"), settings.tz)
    written_at = _moment(_text(form, "written_at"), settings.tz)
    channels = list(dict.fromkeys(c for c in form.getlist("channels") if isinstance(c, str) and c))  # no repeats
    sub = Submission(
        text=_text(form, "text"),
        channels=channels or list(request.app.state.channels),
        idempotency_key=_text(form, "idempotency_key").strip(),
        alt_texts=[a if isinstance(a, str) else "" for a in form.getlist("alt_text")],
        confirmations=frozenset(c for c in form.getlist("confirmations") if isinstance(c, str)),
        out_of_hours_reason=_text(form, "out_of_hours_reason").strip() or None,
        out_of_hours_note=_text(form, "out_of_hours_note").strip(),
        scheduled_for=scheduled_for,
        author_id=_text(form, "author_id").strip(),
        written_at=written_at,
    )
    return sub, uploads


def _moment(value: str, tz) -> datetime | None:
    value = value.strip()
    try:
        return _aware(datetime.fromisoformat(value), tz) if value else None
    except ValueError as exc:
        raise SubmitError(422, f"'{value}' is not a date and time the app understands.") from exc


def _error(exc: SubmitError) -> JSONResponse:
    body: dict[str, Any] = {"detail": exc.message}
    if exc.findings:
        body["findings"] = [f.to_json() for f in exc.findings]
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, Busy) else None
    return JSONResponse(body, status_code=exc.status, headers=headers)


def _signed_in(request: Request, settings: SettingsDep) -> User:
    """The signed-in user, looked up in a worker thread with a session of its own that is closed before the
    upload is read: a post holds no database connection through its upload or its photos' processing."""
    with request.app.state.db.session() as db:
        user = optional_user(request, db, settings)
    if user is None:
        raise NotAuthenticated()
    return user


@router.post("/api/posts", status_code=202)
async def api_submit(request: Request, settings: SettingsDep, user: Annotated[User, Depends(_signed_in)]):
    uploads: list[UploadFile] = []
    try:
        sub, uploads = await _submission(request, settings)
        status, body = await accept_post(request.app.state, settings, user, sub, uploads)
    except SubmitError as exc:
        return _error(exc)
    finally:
        for upload in uploads:
            await upload.close()
    if status == 202 and request.app.state.outbox is not None:
        request.app.state.outbox.wake()
    return JSONResponse(body, status_code=status)


def _visible_post(db, user, post_id: str) -> Post:
    post = db.get(Post, post_id)
    if post is None or (post.author_id != user.id and not user.is_admin):
        raise HTTPException(404, "There is no post with that id.")
    return post


@router.get("/api/posts")
def api_list_posts(db: SessionDep, user: CurrentUser, limit: int = 50):
    stmt = select(Post).order_by(Post.created_at.desc()).limit(max(1, min(limit, 200)))
    if not user.is_admin:
        stmt = stmt.where(Post.author_id == user.id)
    now = utcnow()
    return {"posts": [post_json(p, now) for p in db.scalars(stmt)]}


@router.get("/api/posts/{post_id}")
def api_get_post(post_id: str, db: SessionDep, user: CurrentUser):
    return post_json(_visible_post(db, user, post_id), utcnow())


@router.post("/api/posts/{post_id}/cancel")
def api_cancel_post(post_id: str, request: Request, db: SessionDep, user: CurrentUser):
    post = _visible_post(db, user, post_id)
    sending = [d.channel for d in post.deliveries if d.status == "sending"]
    if sending:
        raise HTTPException(409, "This post is being sent right now and cannot be cancelled. Check it in a moment.")
    open_ones = [d for d in post.deliveries if d.status in OPEN_STATES]
    if not open_ones:
        raise HTTPException(409, "Nothing is left to cancel: every channel has finished with this post.")
    now = utcnow()
    for delivery in open_ones:
        delivery.status = CANCELLED
        delivery.message = "Cancelled."
        delivery.next_attempt_at = None
    post.cancelled_at = now
    record(db, "post.cancelled", actor=user, post_id=post.id, channels=[d.channel for d in open_ones])
    if not post.photos_purged:
        purge_photos(db, request.app.state.photo_store, post, "cancelled")
    db.commit()
    return post_json(post, now)


@router.post("/api/posts/{post_id}/deliveries/{channel}/retry")
def api_retry_delivery(post_id: str, channel: str, request: Request, db: SessionDep, user: CurrentUser):
    post = _visible_post(db, user, post_id)
    delivery = next((d for d in post.deliveries if d.channel == channel), None)
    if delivery is None:
        raise HTTPException(404, f"This post was not going to {channel}.")
    if delivery.status not in ("unknown", "rejected", "needs_reconnect", "waiting"):
        raise HTTPException(409, f"Nothing to retry: the {channel} delivery is {delivery.status.replace('_', ' ')}.")
    if post.photos_purged and post.alt_texts:
        raise HTTPException(409, "The photos for this post have already been deleted, so it cannot be sent again. "
                                 "Write a new post instead.")
    delivery.status = QUEUED
    delivery.next_attempt_at = None
    delivery.create_attempted_at = None  # the poster checked: it is not there
    delivery.message = "Queued again."
    if post.cancelled_at is not None:
        post.cancelled_at = None
    record(db, "delivery.retry_requested", actor=user, post_id=post.id, channel=channel)
    db.commit()
    if request.app.state.outbox is not None:
        request.app.state.outbox.wake()
    return post_json(post, utcnow())
