"""Taking a published post down from every channel it went out on.

One `TakeDown` row per published delivery holds the removal's progress: `removing` (due at `next_attempt_at`)
-> `removed`, or `needs_reconnect` / `rejected` for a person. A delete that may or may not have happened is
reconciled by asking the channel whether the post still exists; deletes are safe to repeat, so anything
uncertain is simply tried again later.

The delivery itself follows the state machine (app/posts/lifecycle.py): published -> removing when a take-down is
asked for, removing -> removed when the channel confirms, and back to published while a person must act
(reconnect, or the platform refused), so "Take down" can be asked for again.
"""

from __future__ import annotations

import logging
import random
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, Integer, String, Text, or_, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from app.audit.log import record
from app.channels.base import Channel, Outcome, OutcomeKind
from app.db import Base, UTCDateTime, utcnow
from app.posts.lifecycle import CANCEL_FROM, TAKE_DOWN_FROM, move
from app.posts.models import OPEN_STATES, PUBLISHED, SENDING, Delivery, DeliveryState, Post

log = logging.getLogger("tripcast.takedown")

REMOVING = "removing"
REMOVED = "removed"
NEEDS_RECONNECT = "needs_reconnect"
REJECTED = "rejected"
STUCK = (NEEDS_RECONNECT, REJECTED)
MAX_REASON = 500
LEASE = timedelta(minutes=2)  # one attempt at a time: the request that asked and the worker never collide


class TakeDown(Base):
    __tablename__ = "take_downs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("deliveries.id", ondelete="CASCADE"), unique=True)
    post_id: Mapped[str] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=REMOVING, index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    requested_by_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    delivery: Mapped[Delivery] = relationship(lazy="joined")


class TakeDownError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=20) * (2 ** max(0, attempts - 1)), timedelta(minutes=30)) * random.uniform(0.8, 1.2)


def take_downs_of(session: Session, post_ids: list[str]) -> dict[str, list[TakeDown]]:
    found: dict[str, list[TakeDown]] = {}
    if post_ids:
        for row in session.scalars(select(TakeDown).where(TakeDown.post_id.in_(post_ids)).order_by(TakeDown.id)):
            found.setdefault(row.post_id, []).append(row)
    return found


def take_down_post(session: Session, post: Post, user, reason: str, now: datetime | None = None) -> list[TakeDown]:
    """Ask for `post` to come off every channel it went out on (the caller commits). Posters may take down their
    own posts, admins any. Deliveries still waiting to go out are cancelled. Asking again re-queues channels
    that are stuck (after a reconnect, say)."""
    now = now or utcnow()
    reason = " ".join((reason or "").split())
    if post.author_id != user.id and not user.is_admin:
        raise TakeDownError(403, "Only the person who wrote this post, or an admin, can take it down.")
    if not reason:
        raise TakeDownError(422, "Say briefly why the post is being taken down (it goes in the audit log).")
    if len(reason) > MAX_REASON:
        raise TakeDownError(422, f"Keep the reason under {MAX_REASON} characters.")
    if any(d.status == SENDING for d in post.deliveries):
        raise TakeDownError(409, "This post is being sent right now. Wait a moment, then take it down.")
    existing = {row.delivery_id: row for row in take_downs_of(session, [post.id]).get(post.id, [])}
    published = [d for d in post.deliveries if d.status == PUBLISHED and d.remote_id]
    if not published:
        under_way = [row for row in existing.values() if row.status == REMOVING]
        if under_way:
            return under_way  # asked twice: the first request is being worked on
        raise TakeDownError(409, "This post is not on any channel, so there is nothing to take down.")
    rows = []
    for delivery in published:
        if not move(session, delivery.id, to=DeliveryState.REMOVING, expected=TAKE_DOWN_FROM):
            continue  # someone else's take-down (or a change) won the race
        row = existing.get(delivery.id)
        if row is None:
            row = TakeDown(delivery_id=delivery.id, post_id=post.id, channel=delivery.channel, status=REMOVING,
                           reason=reason, requested_by_id=user.id, requested_at=now, message="Removing…")
            session.add(row)
        else:
            row.status, row.next_attempt_at, row.message = REMOVING, None, "Trying again…"
        rows.append(row)
    cancelled = [d for d in post.deliveries if d.status in OPEN_STATES
                 and move(session, d.id, to=DeliveryState.CANCELLED, expected=CANCEL_FROM, next_attempt_at=None,
                          message="Cancelled: the post was taken down.")]
    record(session, "post.take_down_requested", actor=user, post_id=post.id, reason=reason,
           channels=[d.channel for d in published], cancelled=[d.channel for d in cancelled])
    session.flush()
    return rows


def process_take_downs(session: Session, channels: dict[str, Channel], now: datetime | None = None,
                       post_id: str | None = None) -> int:
    """Work through the removals that are due (for one post, or all). Returns how many were tried."""
    now = now or utcnow()
    query = select(TakeDown).where(TakeDown.status == REMOVING)
    if post_id is not None:
        query = query.where(TakeDown.post_id == post_id)
    due = [row.id for row in session.scalars(query.order_by(TakeDown.id))
           if row.next_attempt_at is None or row.next_attempt_at <= now]
    tried = 0
    for row_id in due:
        claimed = session.execute(
            update(TakeDown).where(TakeDown.id == row_id, TakeDown.status == REMOVING,
                                   or_(TakeDown.next_attempt_at.is_(None), TakeDown.next_attempt_at <= now))
            .values(next_attempt_at=now + LEASE))
        session.commit()
        if claimed.rowcount != 1:
            continue  # someone else is on it
        row = session.get(TakeDown, row_id)
        session.refresh(row)
        _attempt(session, row, channels.get(row.channel), now)
        session.commit()
        tried += 1
    return tried


def _attempt(session: Session, row: TakeDown, channel: Channel | None, now: datetime) -> None:
    row.attempts += 1
    if channel is None:
        return _settle(session, row, Outcome(OutcomeKind.RECONNECT, f"{row.channel} is not connected on this "
                                                                    "server any more. Ask an admin to reconnect it."),
                       now)
    remote_id = row.delivery.remote_id or ""
    try:
        outcome = channel.take_down(remote_id)
    except Exception:  # a channel bug must not stop the others
        log.exception("take-down on %s raised", row.channel)
        outcome = Outcome(OutcomeKind.UNKNOWN, f"{channel.label} failed part-way.")
    if outcome.kind is OutcomeKind.UNKNOWN:
        outcome = _reconcile(session, row, channel, remote_id, outcome)
    _settle(session, row, outcome, now)


def _reconcile(session: Session, row: TakeDown, channel: Channel, remote_id: str, first: Outcome) -> Outcome:
    try:
        still_there = channel.exists(remote_id)
    except Exception:
        log.exception("existence check on %s raised", row.channel)
        still_there = None
    record(session, "post.take_down_reconciled", post_id=row.post_id, channel=row.channel,
           result={True: "still there", False: "gone", None: "could not check"}[still_there])
    if still_there is False:
        return Outcome(OutcomeKind.DONE, f"Removed from {channel.label}.")
    if still_there is True:
        return Outcome(OutcomeKind.RETRY_LATER, f"{channel.label} still shows the post. Tripcast will try again.")
    return Outcome(OutcomeKind.RETRY_LATER, f"{first.message} It could not be checked yet; Tripcast will try again.")


def _settle(session: Session, row: TakeDown, outcome: Outcome, now: datetime) -> None:
    row.message = outcome.message
    if outcome.kind in (OutcomeKind.DONE, OutcomeKind.GONE):
        row.status, row.removed_at, row.next_attempt_at = REMOVED, now, None
        move(session, row.delivery_id, to=DeliveryState.REMOVED, expected=(DeliveryState.REMOVING,))
    elif outcome.kind in (OutcomeKind.RETRY_LATER, OutcomeKind.UNKNOWN):
        row.status, row.next_attempt_at = REMOVING, outcome.retry_at or now + backoff(row.attempts)
    else:  # a person must act; the post is still up, so it may be taken down again afterwards
        row.status, row.next_attempt_at = (NEEDS_RECONNECT if outcome.kind is OutcomeKind.RECONNECT else REJECTED,
                                           None)
        move(session, row.delivery_id, to=DeliveryState.PUBLISHED, expected=(DeliveryState.REMOVING,))
    record(session, f"post.take_down_{row.status}", post_id=row.post_id, channel=row.channel,
           attempt=row.attempts, message=outcome.message)


def take_down_json(rows: list[TakeDown]) -> dict:
    """{"status": removing | removed | needs_attention, "reason", "requested_at", "channels": [...]}"""
    states = {row.status for row in rows}
    overall = REMOVED if states == {REMOVED} else ("needs_attention" if states & set(STUCK) else REMOVING)
    return {
        "status": overall,
        "reason": rows[0].reason if rows else "",
        "requested_at": rows[0].requested_at.isoformat() if rows else None,
        "channels": [{"channel": row.channel, "status": row.status, "message": row.message,
                      "removed_at": row.removed_at.isoformat() if row.removed_at else None,
                      "next_attempt_at": row.next_attempt_at.isoformat() if row.next_attempt_at else None}
                     for row in rows],
    }
