"""The posting API: check a draft, submit a post, follow it, cancel it, retry one channel."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import select
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.accounts.models import User
from app.audit.log import record
from app.db import utcnow
from app.deps import CurrentUser, NotAuthenticated, SessionDep, SettingsDep, optional_user, require_second_factor
from app.media.blur import BlurError, parse_blur, parse_face_counts
from app.policy import Draft, check, unresolved
from app.posts import lifecycle
from app.posts.api_models import CheckResult, PostList, PostOut, Refused
from app.posts.intake import Busy, accept_post
from app.posts.models import CANCELLED, QUEUED, SENDING, Post
from app.posts.purge import purge_photos
from app.posts.status import CHANNEL_LABELS, post_json
from app.posts.submit import Submission, SubmitError
from app.web.body_limit import BodyTooLarge
from app.web.bounds import (
    FAR,
    MAX_ALT_TEXT,
    MAX_CAPTION,
    MAX_DB_ID,
    MAX_NOTE,
    MAX_PHOTOS,
    ChannelName,
    Moment,
    PostId,
    Short,
    Text,
    refuse_far_moment,
    sane_moment,
)
from app.web.rate_limit import CheckLimited, enforce

router = APIRouter()
SENDING_NOW = "This post is being sent right now and cannot be cancelled. Check it in a moment."
READ_CHUNK = 1024 * 1024
# The handler reads the form itself (to stream photos and bound them), so the document describes it here.
SUBMIT_FORM = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["idempotency_key"],
    "properties": {
        "idempotency_key": {"type": "string", "format": "uuid", "description": "A UUID made by the app"},
        "text": {"type": "string", "maxLength": 5000},
        "photos": {"type": "array", "maxItems": 4, "items": {"type": "string", "format": "binary"}},
        "alt_text": {"type": "array", "maxItems": 4, "items": {"type": "string", "maxLength": 1500}},
        "channels": {"type": "array", "maxItems": 8, "items": {"type": "string", "maxLength": 64}},
        "confirmations": {"type": "array", "maxItems": 32, "items": {"type": "string", "maxLength": 64}},
        "out_of_hours_reason": {"type": "string", "maxLength": 64},
        "out_of_hours_note": {"type": "string", "maxLength": 500},
        "scheduled_for": {"type": "string", "format": "date-time"},
        "written_at": {"type": "string", "format": "date-time"},
        "author_id": {"type": "string", "maxLength": 64},
    }}}}}}


Caption = Text(MAX_CAPTION)
AltText = Text(MAX_ALT_TEXT)
Note = Text(MAX_NOTE)


class CheckRequest(BaseModel):
    """A draft to check. Every field is bounded: a check is cheap to call, so it must stay cheap to answer."""

    text: Caption = ""
    photo_count: int = Field(0, ge=0, le=MAX_PHOTOS)
    channels: list[Short] | None = Field(None, max_length=8)
    alt_texts: list[AltText] = Field([], max_length=MAX_PHOTOS)
    confirmations: list[Short] = Field([], max_length=32)
    out_of_hours_reason: Short | None = None
    out_of_hours_note: Note = ""
    at: Moment | None = None
    classes: list[Short] = Field([], max_length=40)  # the office fallback: classes the post is about
    faces: list[dict | None] = Field([], max_length=MAX_PHOTOS)  # per photo {"found", "blurred"}; null: not run


def _check_faces(items: list[dict | None]) -> tuple[tuple[int, int] | None, ...]:
    def one(item: dict | None) -> tuple[int, int] | None:
        if not item or not isinstance(item.get("found"), int) or not isinstance(item.get("blurred"), int):
            return None
        return (max(0, min(item["found"], 1000)), max(0, min(item["blurred"], 1000)))

    return tuple(one(i) for i in items)


def _aware(moment: datetime | None, tz) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment


@router.post("/api/check")
def api_check(body: CheckRequest, request: Request, db: SessionDep, settings: SettingsDep,
              user: CheckLimited) -> CheckResult:
    now = request.app.state.clock()
    at = refuse_far_moment(_aware(body.at, settings.tz), now, "at")
    channels = tuple(body.channels if body.channels is not None else request.app.state.channels)
    draft = Draft(
        text=body.text, photo_count=max(0, body.photo_count), channels=channels, alt_texts=tuple(body.alt_texts),
        confirmations=frozenset(body.confirmations), out_of_hours_reason=body.out_of_hours_reason or None,
        out_of_hours_note=body.out_of_hours_note, scheduled_for=at, faces=_check_faces(body.faces),
    )
    findings = check(draft, request.app.state.contexts.for_user(db, user, now, tuple(body.classes)))
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
    except BodyTooLarge:
        raise
    except StarletteHTTPException as exc:  # Starlette's multipart limits (files, fields, part size)
        if "Too many files" in str(exc.detail):
            raise SubmitError(413, f"A post can carry at most {settings.upload_max_photos} photos.") from exc
        raise SubmitError(413 if "size" in str(exc.detail) else 422,
                          f"The post could not be read: {exc.detail}") from exc
    uploads = [f for f in form.getlist("photos") if isinstance(f, UploadFile) and (f.filename or f.size)]
    scheduled_for = _moment(_text(form, "scheduled_for"), settings.tz, "scheduled_for")
    if scheduled_for and scheduled_for - request.app.state.clock() > FAR:
        raise SubmitError(422, f"The post is scheduled for {scheduled_for:%d %b %Y}, more than a year from now. "
                               "Choose a time within the coming year.")
    written_at = _moment(_text(form, "written_at"), settings.tz, "written_at")
    channels = list(dict.fromkeys(c for c in form.getlist("channels") if isinstance(c, str) and c))  # no repeats
    try:
        blur = parse_blur(_text(form, "blur"), len(uploads))
        faces = parse_face_counts(_text(form, "faces"), len(uploads), blur)
    except BlurError as exc:
        raise SubmitError(422, exc.message) from exc
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
        blur=blur,
        faces=faces,
    )
    return sub, uploads


def _moment(value: str, tz, field: str = "") -> datetime | None:
    value = value.strip()[:64]
    try:
        moment = datetime.fromisoformat(value) if value else None
    except ValueError as exc:
        raise SubmitError(422, f"'{value}' is not a date and time the app understands.") from exc
    try:
        return _aware(sane_moment(moment), tz) if moment else None
    except ValueError as exc:  # year 9999, or no real instant
        raise SubmitError(422, f"{field or 'The time'}: {value} {exc}.") from exc


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
    require_second_factor(request, user)
    enforce(request, "post", user)
    return user


@router.post("/api/posts", status_code=202, response_model=PostOut, openapi_extra=SUBMIT_FORM,
             responses={200: {"model": PostOut, "description": "Already accepted with this idempotency key"},
                        413: {"model": Refused}, 415: {"model": Refused}, 422: {"model": Refused},
                        503: {"model": Refused, "description": "The photo queue is full: try again after Retry-After"}})
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


@router.get("/api/posts", response_model=PostList)
def api_list_posts(db: SessionDep, user: CurrentUser, limit: Annotated[int, Query(ge=1, le=MAX_DB_ID)] = 50):
    stmt = select(Post).order_by(Post.created_at.desc()).limit(max(1, min(limit, 200)))
    if not user.is_admin:
        stmt = stmt.where(Post.author_id == user.id)
    now = utcnow()
    return {"posts": [post_json(p, now) for p in db.scalars(stmt)]}


@router.get("/api/posts/{post_id}", response_model=PostOut)
def api_get_post(post_id: PostId, db: SessionDep, user: CurrentUser):
    return post_json(_visible_post(db, user, post_id), utcnow())


@router.post("/api/posts/{post_id}/cancel", response_model=PostOut)
def api_cancel_post(post_id: PostId, request: Request, db: SessionDep, user: CurrentUser):
    post = _visible_post(db, user, post_id)
    if not lifecycle.can_cancel(post):
        if any(d.status == SENDING for d in post.deliveries):
            raise HTTPException(409, SENDING_NOW)
        raise HTTPException(409, "Nothing is left to cancel: every channel has finished with this post.")
    now = utcnow()
    open_ones = [d for d in post.deliveries if d.status in lifecycle.CANCEL_FROM]
    channels = [d.channel for d in open_ones]
    for delivery in open_ones:  # each only if it is still waiting: a worker may have just started sending it
        if not lifecycle.move(db, delivery.id, to=CANCELLED, expected=lifecycle.CANCEL_FROM, message="Cancelled.",
                              next_attempt_at=None):
            db.rollback()
            raise HTTPException(409, SENDING_NOW)
    post.cancelled_at = now
    record(db, "post.cancelled", actor=user, post_id=post.id, channels=channels)
    names = purge_photos(db, post, "cancelled") if not post.photos_purged else []
    db.commit()
    request.app.state.photo_store.delete_all(names)  # only once the purge is on record
    return post_json(post, now)


@router.post("/api/posts/{post_id}/deliveries/{channel}/retry", response_model=PostOut)
def api_retry_delivery(post_id: PostId, channel: ChannelName, request: Request, db: SessionDep, user: CurrentUser):
    post = _visible_post(db, user, post_id)
    delivery = next((d for d in post.deliveries if d.channel == channel), None)
    if delivery is None:
        raise HTTPException(404, f"This post was not going to {channel}.")
    status = delivery.status
    if status not in lifecycle.RETRY_FROM | lifecycle.SEND_NOW_FROM:
        raise HTTPException(409, f"Nothing to retry: the {channel} delivery is {status.replace('_', ' ')}.")
    if lifecycle.photos_gone(post):
        raise HTTPException(409, "The photos for this post are no longer on the server, so it cannot be sent "
                                 "again. Write a new post instead.")
    now = request.app.state.clock()  # the clock the outbox judges "due" by
    not_before = lifecycle.retry_not_before(delivery, post, now)
    message = "Queued again."
    if not_before is not None:
        local = not_before.astimezone(request.app.state.settings.tz).strftime("%a %d %b %H:%M")
        why = (f"the earliest {CHANNEL_LABELS.get(channel, channel)} allows" if not_before == delivery.not_before
               else "its scheduled time")
        message = f"Queued again; it goes at {local}, {why}."
    if not lifecycle.move(db, delivery.id, to=QUEUED, expected=(status,), next_attempt_at=not_before,
                          create_attempted_at=None, message=message):  # None: the poster checked, it is not there
        db.rollback()
        raise HTTPException(409, "This delivery changed a moment ago. Check it again.")
    if post.cancelled_at is not None:
        post.cancelled_at = None
    record(db, "delivery.retry_requested", actor=user, post_id=post.id, channel=channel)
    db.commit()
    if request.app.state.outbox is not None:
        request.app.state.outbox.wake()
    return post_json(post, utcnow())
