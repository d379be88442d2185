"""Feeds and their items: adding a feed, polling it (each entry becomes one item, never twice), judging each
item by the same policy as a post, and sending or discarding it through the normal outbox."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.accounts.models import User
from app.audit.log import record
from app.db import utcnow
from app.newsflash.fetch import FeedFetchError, check_address, fetch_feed
from app.newsflash.items import FeedParseError, compose, parse_feed, without_link
from app.newsflash.models import DISCARDED, DRAFT, FAILED, MODES, SENT, NewsFeed, NewsItem
from app.policy import Draft, check
from app.posts.submit import Submission, SubmitError, judge, store, validate_shape

FIRST_POLL_LOOKBACK = timedelta(days=2)  # a new feed's older news was already on the website: not re-sent


class NewsflashError(Exception):
    """A plain-English reason an admin or poster action on the newsflash could not be done."""


@dataclass(frozen=True)
class SendContext:
    """What sending needs from the running app: channels configured, the policy contexts, the photo store."""

    channels: list[str]
    contexts: object
    photo_store: object
    tz: object


def add_feed(db: Session, admin: User | None, url: str, mode: str, allow_private: bool,
             now: datetime | None = None) -> NewsFeed:
    url = url.strip()
    if mode not in MODES:
        raise NewsflashError("Choose 'draft' (review each item) or 'auto' (send when every rule passes).")
    if len(url) > 2000:
        raise NewsflashError("That feed address is too long (2,000 characters at most).")
    try:
        check_address(url, allow_private)
    except FeedFetchError as exc:
        raise NewsflashError(str(exc)) from exc
    if db.scalar(select(NewsFeed).where(NewsFeed.url == url)):
        raise NewsflashError("That feed is already in the list.")
    feed = NewsFeed(url=url, mode=mode, added_by_id=admin.id if admin else None, created_at=now or utcnow())
    db.add(feed)
    db.flush()
    record(db, "newsflash.feed_added", actor=admin, actor_label="" if admin else "settings", feed_id=feed.id,
           url=url, mode=mode)
    return feed


def seed_feeds(db: Session, urls: str, allow_private: bool) -> None:
    """TRIPCAST_NEWSFLASH_FEEDS seeds the list once: feeds an admin later removes are not brought back."""
    if db.scalar(select(NewsFeed.id).limit(1)) is not None:
        return
    for url in filter(None, (u.strip() for u in urls.split(","))):
        try:
            add_feed(db, None, url, "draft", allow_private)
        except NewsflashError as exc:
            record(db, "newsflash.feed_refused", actor_label="settings", url=url[:300], message=str(exc))
    db.commit()


def judge_item(db: Session, item: NewsItem, author: User | None, contexts, now: datetime) -> list[dict]:
    """The policy's findings for the item's text as it stands, as JSON-ready dictionaries."""
    if author is None:
        return [{"rule": "author", "severity": "block",
                 "message": "The admin who added this feed no longer has an account: a poster must send it."}]
    ctx = contexts.for_user(db, author, now)
    return [f.to_json() for f in check(Draft(text=item.text), ctx)]


def poll_feed(db: Session, feed: NewsFeed, settings, send: SendContext, now: datetime, client=None) -> int:
    """Read the feed once; returns how many new items it gave. Errors are kept on the feed, never raised."""
    feed.last_polled_at = now
    try:
        fetched = fetch_feed(feed.url, etag=feed.etag, last_modified=feed.last_modified,
                             max_bytes=settings.newsflash_max_bytes,
                             allow_private=settings.newsflash_allow_private_addresses, client=client)
        if fetched.status == 304:
            feed.last_ok_at, feed.last_error = now, ""
            db.commit()
            return 0
        title, entries = parse_feed(fetched.body)
    except (FeedFetchError, FeedParseError) as exc:
        if feed.last_error != str(exc):
            record(db, "newsflash.feed_failed", feed_id=feed.id, url=feed.url, message=str(exc))
        feed.last_error = str(exc)
        db.commit()
        return 0
    first_poll = feed.last_ok_at is None
    feed.title, feed.etag, feed.last_modified = title or feed.title, fetched.etag, fetched.last_modified
    feed.last_ok_at, feed.last_error = now, ""
    known = set(db.scalars(select(NewsItem.guid).where(NewsItem.feed_id == feed.id)))
    author = db.get(User, feed.added_by_id) if feed.added_by_id else None
    added = 0
    for entry in reversed(entries):  # oldest first, so ids follow the website's order
        if entry.guid in known:
            continue  # an edited item keeps its id: never drafted twice
        item = NewsItem(feed_id=feed.id, guid=entry.guid, title=entry.title, link=entry.link,
                        summary=entry.summary, text=compose(entry.title, entry.summary, entry.link),
                        published_at=entry.published_at)
        if first_poll and entry.published_at and entry.published_at < feed.created_at - FIRST_POLL_LOOKBACK:
            item.status, item.message = DISCARDED, "Already on the website before this feed was added."
        db.add(item)
        try:
            db.flush()
        except IntegrityError:  # another process drafted it a moment ago
            db.rollback()
            continue
        if item.status == DRAFT:
            item.findings = judge_item(db, item, author, send.contexts, now)
            record(db, "newsflash.item_drafted", feed_id=feed.id, item_id=item.id, title=item.title[:200])
            if feed.mode == "auto" and author is not None and author.active and not unresolved_findings(item):
                _send(db, item, author, send, frozenset(), list(send.channels), now, automatic=True)
        added += 1
    db.commit()
    return added


def unresolved_findings(item: NewsItem) -> list[dict]:
    """Findings that stop an automatic send: every refusal and every question (a person must answer it)."""
    return [f for f in item.findings if f.get("severity") in ("block", "confirm")]


def poll_due(db: Session, settings, send: SendContext, now: datetime) -> int:
    every = timedelta(minutes=settings.newsflash_poll_minutes)
    total = 0
    for feed in db.scalars(select(NewsFeed).order_by(NewsFeed.id)).all():
        if feed.last_polled_at is None or now - feed.last_polled_at >= every:
            total += poll_feed(db, feed, settings, send, now)
    return total


def edit_item(db: Session, item: NewsItem, user: User, text: str | None, link_on_x: bool | None, contexts,
              now: datetime) -> NewsItem:
    _must_be_draft(item)
    if text is not None:
        if not text.strip():
            raise NewsflashError("The post is empty: write something, or discard the item.")
        item.text = text.strip()
    if link_on_x is not None:
        item.include_link = link_on_x
    item.findings = judge_item(db, item, user, contexts, now)
    record(db, "newsflash.item_edited", actor=user, item_id=item.id)
    return item


def discard_item(db: Session, item: NewsItem, user: User) -> None:
    _must_be_draft(item, also=(FAILED,))
    item.status, item.message = DISCARDED, f"Discarded by {user.display_name}."
    record(db, "newsflash.item_discarded", actor=user, item_id=item.id, title=item.title[:200])


def send_item(db: Session, item: NewsItem, user: User, send: SendContext, confirmations: frozenset[str],
              channels: list[str] | None, now: datetime) -> list[str]:
    _must_be_draft(item, also=(FAILED,))
    return _send(db, item, user, send, confirmations, channels or list(send.channels), now, automatic=False)


def _must_be_draft(item: NewsItem, also: tuple[str, ...] = ()) -> None:
    if item.status not in (DRAFT, *also):
        raise NewsflashError(f"This item is already {item.status}.")


def _texts_by_channel(item: NewsItem, channels: list[str]) -> dict[str, list[str]]:
    """X charges more for a post with a link: with "leave the link out on X", X gets the text without it
    (a post of its own) and the other channels keep it."""
    groups: dict[str, list[str]] = {}
    for channel in channels:
        text = without_link(item.text, item.link) if channel == "x" and not item.include_link else item.text
        groups.setdefault(text, []).append(channel)
    return groups


def _send(db: Session, item: NewsItem, user: User, send: SendContext, confirmations: frozenset[str],
          channels: list[str], now: datetime, *, automatic: bool) -> list[str]:
    post_ids = []
    try:
        for text, group in _texts_by_channel(item, channels).items():
            sub = Submission(text=text, channels=group, idempotency_key=str(uuid.uuid5(uuid.NAMESPACE_URL,
                             f"tripcast-newsflash:{item.id}:{','.join(group)}")), confirmations=confirmations)
            validate_shape(sub, 0, send.channels, 4)
            hold_until, findings = judge(sub, db, user, send.contexts, now)
            post = store(db, send.photo_store, user, sub, uuid.uuid4().hex, [], findings, hold_until, now, send.tz)
            post_ids.append(post.id)
    except SubmitError as exc:
        if post_ids:  # part went: say so, keep what went
            item.status, item.post_id = FAILED, post_ids[0]
        item.message = exc.message
        item.findings = [f.to_json() for f in exc.findings] or item.findings
        if automatic:
            return []
        raise NewsflashError(exc.message) from exc
    item.status, item.post_id = SENT, post_ids[0]
    item.message = "Sent automatically." if automatic else f"Sent by {user.display_name}."
    record(db, "newsflash.item_sent", actor=user, item_id=item.id, post_ids=post_ids, automatic=automatic)
    return post_ids
