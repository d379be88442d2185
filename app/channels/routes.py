"""The Sandbox demo feed (page, API, media) and the admin channel page with a connection check."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from app.audit.log import record
from app.channels.models import CHANNEL_LABELS, ChannelState, channel_state
from app.channels.sandbox import SandboxChannel, _key
from app.channels.sandbox_comments import SandboxCommentError
from app.db import utcnow
from app.deps import AdminUser, CurrentUser, SessionDep, client_ip
from app.web.bounds import ChannelName, FileName, PostId, Text
from app.web.rate_limit import ChannelCheckLimited
from app.web.security import CsrfChecked
from app.web.templates import render, with_flash

router = APIRouter()


class SandboxPost(BaseModel):
    model_config = ConfigDict(extra="allow")

    post_id: str
    text: str
    media: list[str]
    alt_texts: list[str]
    published_at: str


class ChannelRow(BaseModel):
    name: str
    label: str
    configured: bool
    how: str
    last_success_at: str | None
    last_checked_at: str | None
    needs_reconnect: bool
    message: str
    account: str
    graph_version: str


class ChannelList(BaseModel):
    channels: list[ChannelRow]


class ChannelCheck(BaseModel):
    channel: str
    ok: bool
    message: str
    needs_reconnect: bool
    account: str


def _sandbox(request: Request) -> SandboxChannel:
    channel = request.app.state.channels.get("sandbox")
    if not isinstance(channel, SandboxChannel):
        raise HTTPException(404, "The Sandbox demo channel is switched off on this server.")
    return channel


def sandbox_posts(request: Request) -> list[dict]:
    return [
        {**post, "media": [f"/sandbox/media/{name}" for name in post["media"]]}
        for post in _sandbox(request).list_posts()
    ]


def _published_label(iso: str, tz) -> str:
    try:
        return datetime.fromisoformat(iso).astimezone(tz).strftime("%a %d %b %Y, %H:%M")
    except (TypeError, ValueError):
        return iso


@router.get("/api/sandbox/posts")
def api_sandbox_posts(request: Request, user: CurrentUser) -> list[SandboxPost]:
    return sandbox_posts(request)


@router.get("/sandbox")
def sandbox_page(request: Request, user: CurrentUser):
    tz = request.app.state.settings.tz
    posts = [{**post, "published_label": _published_label(post["published_at"], tz)} for post in sandbox_posts(request)]
    return render(request, "sandbox.html", posts=posts)


@router.get("/sandbox/media/{name}")
def sandbox_media(name: FileName, request: Request, user: CurrentUser):
    path = _sandbox(request).media_path(name)
    if path is None:
        raise HTTPException(404, "There is no such photo in the Sandbox.")
    media_type = "image/png" if path.suffix == ".png" else "image/jpeg"
    return FileResponse(path, media_type=media_type, headers={"Cache-Control": "private, no-store"})


class SandboxCommentBody(BaseModel):
    author: Text(120)
    text: Text(8000)


def _comment(request: Request, post_id: str, author: str, text: str) -> dict:
    """Leave a comment as a simulated member of the public, then let moderation read it at once."""
    try:
        comment = _sandbox(request).add_comment(_key(post_id), author, text, now=request.app.state.clock())
    except SandboxCommentError as exc:
        raise HTTPException(exc.status, str(exc)) from exc
    worker = getattr(request.app.state, "moderation", None)
    if worker is not None:
        worker.poll(only="sandbox")
    return comment


@router.post("/api/sandbox/posts/{post_id}/comments", status_code=201)
def api_sandbox_comment(post_id: PostId, body: SandboxCommentBody, request: Request, user: CurrentUser):
    return _comment(request, post_id, body.author, body.text)


@router.post("/sandbox/posts/{post_id}/comments")
def sandbox_comment_form(post_id: PostId, request: Request, user: CurrentUser, _csrf: CsrfChecked,
                         author: Annotated[str, Form()] = "", text: Annotated[str, Form()] = ""):
    try:
        _comment(request, post_id, author, text)
    except HTTPException as exc:
        return with_flash(RedirectResponse(f"/sandbox#post-{_key(post_id)}", 303), f"Not posted: {exc.detail}")
    return with_flash(RedirectResponse(f"/sandbox#post-{_key(post_id)}", 303),
                      "Comment left as a member of the public. Admins will see it under Moderation.")


def _how_to_configure(settings, name: str) -> str:
    """What the installer still has to set for a channel, naming only the settings that are missing."""
    if name == "sandbox":
        return ("A demo network: posts go nowhere real. On when no real channel is configured "
                "(TRIPCAST_SANDBOX_ENABLED overrides).")
    if name == "x":
        needed = {"TRIPCAST_X_API_KEY": settings.x_api_key, "TRIPCAST_X_API_SECRET": settings.x_api_secret,
                  "TRIPCAST_X_ACCESS_TOKEN": settings.x_access_token,
                  "TRIPCAST_X_ACCESS_TOKEN_SECRET": settings.x_access_token_secret}
        missing = [key for key, value in needed.items() if not value.get_secret_value()]
    else:
        missing = [key for key, present in (("TRIPCAST_FACEBOOK_PAGE_ID", bool(settings.facebook_page_id)),
                                            ("TRIPCAST_FACEBOOK_PAGE_TOKEN",
                                             bool(settings.facebook_page_token.get_secret_value()))) if not present]
    if not missing:
        return "All its settings are present; restart Tripcast to use them."
    some_set = len(missing) < (4 if name == "x" else 2)
    start = "Still missing: " if some_set else "Set "
    return f"{start}{', '.join(missing)}, then restart Tripcast (see the README)."


def channel_rows(request: Request, db) -> list[dict]:
    states = {s.channel: s for s in db.scalars(select(ChannelState))}
    settings = request.app.state.settings
    configured = request.app.state.channels
    rows = []
    for name in ("x", "facebook", "sandbox"):
        state = states.get(name)
        is_on = name in configured
        how = _how_to_configure(settings, name)
        rows.append({
            "name": name, "label": CHANNEL_LABELS[name], "configured": is_on, "how": how,
            "last_success_at": state.last_success_at if state else None,
            "last_checked_at": state.last_checked_at if state else None,
            "needs_reconnect": bool(state and state.needs_reconnect and is_on),
            "message": state.last_message if state else "",
            "account": (state.details or {}).get("account", "") if state else "",
            "graph_version": settings.facebook_graph_version if name == "facebook" else "",
        })
    return rows


@router.get("/api/admin/channels")
def api_channels(request: Request, db: SessionDep, admin: AdminUser) -> ChannelList:
    return {"channels": [
        {**row, "last_success_at": row["last_success_at"].isoformat() if row["last_success_at"] else None,
         "last_checked_at": row["last_checked_at"].isoformat() if row["last_checked_at"] else None}
        for row in channel_rows(request, db)
    ]}


def run_check(request: Request, db, admin, name: str) -> dict:
    channel = request.app.state.channels.get(name)
    if channel is None:
        raise HTTPException(404, f"{CHANNEL_LABELS.get(name, name)} is not configured on this server.")
    result = channel.check_connection()
    now = utcnow()
    state = channel_state(db, name)
    state.last_checked_at = now
    state.needs_reconnect = result.needs_reconnect
    state.last_message = result.message
    state.details = {**(state.details or {}), "account": result.account}
    if result.ok:
        state.last_success_at = now
    record(db, "channel.checked", actor=admin, ip=client_ip(request), channel=name, ok=result.ok,
           needs_reconnect=result.needs_reconnect, message=result.message)
    db.commit()
    return {"channel": name, "ok": result.ok, "message": result.message, "needs_reconnect": result.needs_reconnect,
            "account": result.account}


@router.post("/api/admin/channels/{name}/check")
def api_check_channel(name: ChannelName, request: Request, db: SessionDep, admin: AdminUser,
                      _limit: ChannelCheckLimited) -> ChannelCheck:
    return run_check(request, db, admin, name)


@router.get("/admin/channels")
def channels_page(request: Request, db: SessionDep, admin: AdminUser):
    return render(request, "admin/channels.html", channels=channel_rows(request, db), tz=request.app.state.settings.tz)


@router.post("/admin/channels/{name}/check")
def channels_check_form(name: ChannelName, request: Request, db: SessionDep, admin: AdminUser, _csrf: CsrfChecked,
                        _limit: ChannelCheckLimited):
    result = run_check(request, db, admin, name)
    verdict = "Connected" if result["ok"] else "Not connected"
    return with_flash(RedirectResponse("/admin/channels", 303),
                      f"{CHANNEL_LABELS.get(name, name)}: {verdict}. {result['message']}")
