"""Newsflash pages and API: drafts for posters and admins, feeds for admins, and the public feed and page."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import utcnow
from app.deps import AdminUser, CurrentUser, SessionDep, SettingsDep
from app.newsflash.models import MODES, NewsFeed, NewsItem
from app.newsflash.published import atom_feed, latest_published
from app.newsflash.service import (
    NewsflashError,
    SendContext,
    add_feed,
    discard_item,
    edit_item,
    poll_feed,
    send_item,
)
from app.web.bounds import ItemId
from app.web.security import CsrfChecked
from app.web.templates import render, with_flash

router = APIRouter()


def send_context(request: Request) -> SendContext:
    state = request.app.state
    return SendContext(list(state.channels), state.contexts, state.photo_store, state.settings.tz)


def item_json(item: NewsItem) -> dict:
    return {"id": item.id, "feed": item.feed.title or item.feed.url, "feed_id": item.feed_id, "title": item.title,
            "link": item.link, "text": item.text, "link_on_x": item.include_link, "status": item.status,
            "message": item.message, "post_id": item.post_id, "findings": item.findings,
            "published_at": item.published_at.isoformat() if item.published_at else None}


def feed_json(feed: NewsFeed) -> dict:
    return {"id": feed.id, "url": feed.url, "title": feed.title, "mode": feed.mode,
            "last_polled_at": feed.last_polled_at.isoformat() if feed.last_polled_at else None,
            "last_ok_at": feed.last_ok_at.isoformat() if feed.last_ok_at else None, "last_error": feed.last_error}


def _items(db: Session, limit: int = 100) -> list[NewsItem]:
    return list(db.scalars(select(NewsItem).order_by(NewsItem.id.desc()).limit(limit)))


def _item(db: Session, item_id: ItemId) -> NewsItem:
    item = db.get(NewsItem, item_id)
    if item is None:
        raise HTTPException(404, "There is no newsflash item with that id.")
    return item


class NewFeed(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str = Field(max_length=2000)
    mode: Literal["draft", "auto"] = "draft"


class ItemChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(None, max_length=5000)
    link_on_x: bool | None = None


class SendRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    confirmations: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=20)
    channels: list[Annotated[str, Field(max_length=20)]] | None = Field(None, max_length=5)


# JSON API ----------------------------------------------------------------------------------


@router.get("/api/newsflash/items")
def api_items(db: SessionDep, user: CurrentUser):
    return [item_json(i) for i in _items(db)]


@router.patch("/api/newsflash/items/{item_id}")
def api_edit_item(item_id: ItemId, body: ItemChange, request: Request, db: SessionDep, user: CurrentUser):
    item = _item(db, item_id)
    try:
        edit_item(db, item, user, body.text, body.link_on_x, request.app.state.contexts, request.app.state.clock())
    except NewsflashError as exc:
        raise HTTPException(422, str(exc)) from exc
    db.commit()
    return item_json(item)


@router.post("/api/newsflash/items/{item_id}/send")
def api_send_item(item_id: ItemId, request: Request, db: SessionDep, user: CurrentUser,
                  body: SendRequest | None = None):
    item = _item(db, item_id)
    body = body or SendRequest()
    try:
        send_item(db, item, user, send_context(request), frozenset(body.confirmations), body.channels,
                  request.app.state.clock())
    except NewsflashError as exc:
        db.commit()
        raise HTTPException(422, str(exc)) from exc
    db.commit()
    if request.app.state.outbox is not None:
        request.app.state.outbox.wake()
    return item_json(item)


@router.post("/api/newsflash/items/{item_id}/discard")
def api_discard_item(item_id: ItemId, db: SessionDep, user: CurrentUser):
    item = _item(db, item_id)
    try:
        discard_item(db, item, user)
    except NewsflashError as exc:
        raise HTTPException(409, str(exc)) from exc
    db.commit()
    return item_json(item)


@router.get("/api/admin/newsflash/feeds")
def api_feeds(db: SessionDep, admin: AdminUser):
    return [feed_json(f) for f in db.scalars(select(NewsFeed).order_by(NewsFeed.id))]


@router.post("/api/admin/newsflash/feeds", status_code=201)
def api_add_feed(body: NewFeed, request: Request, db: SessionDep, settings: SettingsDep, admin: AdminUser):
    try:
        feed = add_feed(db, admin, body.url, body.mode, settings.newsflash_allow_private_addresses,
                        request.app.state.clock())
    except NewsflashError as exc:
        raise HTTPException(422, str(exc)) from exc
    db.commit()
    return feed_json(feed)


@router.delete("/api/admin/newsflash/feeds/{feed_id}")
def api_remove_feed(feed_id: ItemId, db: SessionDep, admin: AdminUser):
    feed = db.get(NewsFeed, feed_id)
    if feed is None:
        raise HTTPException(404, "There is no feed with that id.")
    _remove(db, feed, admin)
    return {"detail": f"Stopped reading {feed.url}."}


@router.post("/api/admin/newsflash/feeds/{feed_id}/poll")
def api_poll_feed(feed_id: ItemId, request: Request, db: SessionDep, settings: SettingsDep, admin: AdminUser):
    feed = db.get(NewsFeed, feed_id)
    if feed is None:
        raise HTTPException(404, "There is no feed with that id.")
    added = poll_feed(db, feed, settings, send_context(request), request.app.state.clock())
    return {**feed_json(feed), "new_items": added}


def _remove(db: Session, feed: NewsFeed, admin) -> None:
    from app.audit.log import record

    record(db, "newsflash.feed_removed", actor=admin, feed_id=feed.id, url=feed.url)
    db.delete(feed)
    db.commit()


# Pages -------------------------------------------------------------------------------------


@router.get("/news")
def news_page(request: Request, db: SessionDep, user: CurrentUser):
    feeds = db.scalars(select(NewsFeed).order_by(NewsFeed.id)).all() if user.is_admin else []
    return render(request, "newsflash.html", items=_items(db), feeds=feeds, modes=MODES,
                  tz=request.app.state.settings.tz)


@router.post("/news/items/{item_id}")
def news_item_action(
    item_id: ItemId, request: Request, db: SessionDep, user: CurrentUser, _csrf: CsrfChecked,
    action: Annotated[str, Form(max_length=20)] = "",
    text: Annotated[str, Form(max_length=5000)] = "",
    link_on_x: Annotated[str, Form(max_length=5)] = "",
    confirm: Annotated[list[str] | None, Form()] = None,
):
    item = _item(db, item_id)
    state = request.app.state
    try:
        if action == "save":
            edit_item(db, item, user, text, link_on_x == "yes", state.contexts, state.clock())
            message = "Saved. The checks below are for the text as it is now."
        elif action == "send":
            if text.strip() and text.strip() != item.text:
                edit_item(db, item, user, text, link_on_x == "yes", state.contexts, state.clock())
            send_item(db, item, user, send_context(request), frozenset(confirm or []), None, state.clock())
            message = "Sent to the outbox: it goes out like any post (Posts shows its progress)."
        elif action == "discard":
            discard_item(db, item, user)
            message = "Discarded."
        else:
            raise HTTPException(400, "That action is not one this page knows. Reload the page and try again.")
    except NewsflashError as exc:
        db.commit()
        return with_flash(RedirectResponse(f"/news#item-{item_id}", 303), f"Not sent: {exc}")
    db.commit()
    if action == "send" and state.outbox is not None:
        state.outbox.wake()
    return with_flash(RedirectResponse(f"/news#item-{item_id}", 303), message)


@router.post("/admin/newsflash/feeds")
def news_add_feed(
    request: Request, db: SessionDep, settings: SettingsDep, admin: AdminUser, _csrf: CsrfChecked,
    url: Annotated[str, Form(max_length=2000)] = "", mode: Annotated[str, Form(max_length=10)] = "draft",
):
    try:
        feed = add_feed(db, admin, url, mode, settings.newsflash_allow_private_addresses, request.app.state.clock())
    except NewsflashError as exc:
        db.rollback()
        return with_flash(RedirectResponse("/news#feeds", 303), f"Feed not added: {exc}")
    db.commit()
    poll_feed(db, feed, settings, send_context(request), request.app.state.clock())
    outcome = f" It could not be read yet: {feed.last_error}" if feed.last_error else ""
    return with_flash(RedirectResponse("/news#feeds", 303), f"Feed added.{outcome}")


@router.post("/admin/newsflash/feeds/{feed_id}/delete")
def news_remove_feed(feed_id: ItemId, db: SessionDep, admin: AdminUser, _csrf: CsrfChecked):
    feed = db.get(NewsFeed, feed_id)
    if feed is not None:
        _remove(db, feed, admin)
    return with_flash(RedirectResponse("/news#feeds", 303), "Feed removed; its items stay listed.")


# For the school website ---------------------------------------------------------------------


def _public_base(request: Request, settings) -> str:
    return (settings.base_url or str(request.base_url)).rstrip("/")


@router.get("/feed.atom")
def public_atom(request: Request, db: SessionDep, settings: SettingsDep):
    body = atom_feed(latest_published(db), school=settings.school_name, base_url=_public_base(request, settings),
                     updated=utcnow())
    return Response(body, media_type="application/atom+xml; charset=utf-8",
                    headers={"Cache-Control": "public, max-age=300"})


@router.get("/newsflash")
def public_page(request: Request, db: SessionDep, settings: SettingsDep):
    origins = " ".join(o.strip() for o in settings.newsflash_frame_origins.split(",") if o.strip())
    response: HTMLResponse = render(request, "newsflash_public.html", posts=latest_published(db),
                                    school=settings.school_name, tz=settings.tz)
    # Only this page may be framed, and only by the school website's own origins (a setting).
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; "
        f"frame-ancestors {origins or chr(39) + 'none' + chr(39)}"
    )
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
