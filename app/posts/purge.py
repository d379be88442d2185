"""Deleting a post's photos as soon as they are no longer needed, and the retention sweep.

The database records the purge first; the files go only after that commit (`PhotoStore.delete_all`), so a
failed commit never leaves a post that still needs photos without them. A file left behind by a crash
between the commit and the delete is an orphan for `PhotoStore.sweep_orphans`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.log import record
from app.db import utcnow
from app.posts.lifecycle import move
from app.posts.models import CANCELLED, PUBLISHED, QUEUED, REJECTED, REMOVED, REMOVING, SENDING, WAITING, Post

FINISHED = frozenset({PUBLISHED, REJECTED, CANCELLED, REMOVING, REMOVED})


def purge_reason(post: Post) -> str | None:
    """Why the photos can go now, or None while a channel may still need them."""
    if post.photos_purged:
        return None
    states = {d.status for d in post.deliveries}
    if SENDING in states:
        return None  # a worker may be reading them right now
    if post.cancelled_at is not None:
        return "cancelled"
    if states and states <= {PUBLISHED, REMOVING, REMOVED}:
        return "published on every channel"
    if states and states <= FINISHED:
        return "rejected for good"
    return None


def purge_photos(db: Session, post: Post, reason: str) -> list[str]:
    """Record that the post's photos are gone and return their file names: delete those files with
    `PhotoStore.delete_all` only after the caller's commit succeeds."""
    names = [photo.file_name for photo in post.photos]
    for photo in list(post.photos):
        db.delete(photo)
    post.photos = []
    post.photos_purged = True
    post.photos_purged_at = utcnow()
    record(db, "post.photos_purged", post_id=post.id, reason=reason)
    return names


def purge_if_done(db: Session, post_id: str) -> list[str]:
    """Purge the post's photos if no channel needs them now, judged on what every worker has committed:
    the post row is locked first (PostgreSQL), so two workers finishing its last two deliveries at once
    cannot both miss that they were the last (nor both purge). Returns the file names to delete after
    the caller's commit."""
    db.flush()
    db.expire_all()
    post = db.scalars(select(Post).where(Post.id == post_id).with_for_update(of=Post)).one_or_none()
    reason = purge_reason(post) if post is not None else None
    return purge_photos(db, post, reason) if reason else []


def retention_sweep(db: Session, retention: timedelta, now: datetime | None = None) -> list[str]:
    """Posts older than the retention limit are stopped and lose their photos (commits; returns the file
    names to delete). One still being sent is left to finish first; the next sweep takes its photos."""
    now = now or utcnow()
    old = db.scalars(
        select(Post).where(Post.photos_purged.is_(False), Post.created_at < now - retention).with_for_update(of=Post)
    ).all()
    names: list[str] = []
    for post in old:
        message = f"Not sent within {retention.days} days, so it was stopped and its photos deleted."
        for delivery in post.deliveries:
            if delivery.status in (QUEUED, WAITING):
                move(db, delivery.id, to=REJECTED, expected=(QUEUED, WAITING), message=message,
                     next_attempt_at=None, lease_owner=None, lease_until=None)
        if any(d.status == SENDING for d in post.deliveries):
            continue
        names += purge_photos(db, post, f"older than {retention.days} days")
    db.commit()
    return names


def unpurged_delivery_posts(db: Session) -> list[str]:
    """Ids of posts whose photos should already be gone (e.g. a crash between publishing and purging)."""
    candidates = db.scalars(select(Post).where(Post.photos_purged.is_(False), Post.deliveries.any())).all()
    return [post.id for post in candidates if purge_reason(post)]
