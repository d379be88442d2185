"""Deleting a post's photos as soon as they are no longer needed, and the retention sweep."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.log import record
from app.db import utcnow
from app.posts.models import CANCELLED, OPEN_STATES, PUBLISHED, REJECTED, Post
from app.posts.storage import PhotoStore


def purge_reason(post: Post) -> str | None:
    """Why the photos can go now, or None while a channel may still need them."""
    if post.photos_purged:
        return None
    states = {d.status for d in post.deliveries}
    if post.cancelled_at is not None:
        return "cancelled"
    if states and states <= {PUBLISHED}:
        return "published on every channel"
    if states and states <= {PUBLISHED, REJECTED, CANCELLED}:
        return "rejected for good"
    return None


def purge_photos(db: Session, store: PhotoStore, post: Post, reason: str) -> None:
    """Delete the files and rows of the post's photos; record it. The caller commits."""
    for photo in list(post.photos):
        store.delete(photo.file_name)
        db.delete(photo)
    post.photos = []
    post.photos_purged = True
    post.photos_purged_at = utcnow()
    record(db, "post.photos_purged", post_id=post.id, reason=reason)


def purge_if_done(db: Session, store: PhotoStore, post: Post) -> bool:
    reason = purge_reason(post)
    if reason:
        purge_photos(db, store, post, reason)
        return True
    return False


def retention_sweep(db: Session, store: PhotoStore, retention: timedelta, now: datetime | None = None) -> int:
    """Posts older than the retention limit lose their photos whatever state they are in."""
    now = now or utcnow()
    old = db.scalars(
        select(Post).where(Post.photos_purged.is_(False), Post.created_at < now - retention)
    ).all()
    for post in old:
        for delivery in post.deliveries:
            if delivery.status in OPEN_STATES:
                delivery.status = REJECTED
                delivery.message = (
                    f"Not sent within {retention.days} days, so it was stopped and its photos deleted."
                )
                delivery.lease_owner = None
        purge_photos(db, store, post, f"older than {retention.days} days")
    db.commit()
    return len(old)


def unpurged_delivery_posts(db: Session) -> list[Post]:
    """Posts whose photos should already be gone (e.g. a crash between publishing and purging)."""
    candidates = db.scalars(select(Post).where(Post.photos_purged.is_(False), Post.deliveries.any())).all()
    return [post for post in candidates if purge_reason(post)]
